"""A sequence of loads that adds, changes, restricts, publishes and retires entities."""

import copy
from pathlib import Path
from typing import Any

from tests.loaders.datasets import write_jsonl

Rows = dict[str, list[dict[str, Any]]]


def _review(review_id: str, title: str, *, restricted: bool = False, **more: Any) -> dict[str, Any]:
    return {
        "review_id": review_id,
        "title": title,
        "review_type": "CSPR",
        "status": "in_progress" if restricted else "published",
        "restricted": restricted,
        **({} if restricted else {"published_on": "2023-05-01"}),
        "force_ids": ["kent"],
        "agency_ids": ["A1"],
        **more,
    }


def _finding(finding_id: str, review_id: str, text: str) -> dict[str, Any]:
    return {
        "finding_id": finding_id,
        "review_id": review_id,
        "text": text,
        "kind": "missed_opportunity",
        "perennial_issues": ["PROFESSIONAL_CURIOSITY"],
        "systems_factors": ["INDIVIDUAL:hinders"],
    }


def _recommendation(recommendation_id: str, review_id: str, finding_id: str) -> dict[str, Any]:
    return {
        "recommendation_id": recommendation_id,
        "review_id": review_id,
        "text": f"Act on {finding_id}.",
        "addressed_to": ["kent"],
        "addresses_findings": [finding_id],
        "level": "local",
    }


FIRST: Rows = {
    "agencies": [
        {"agency_id": "A1", "name": "Children's services", "sector": "childrens_social_care"},
        {"agency_id": "A2", "name": "Health visiting", "sector": "health_visiting"},
    ],
    "reviews": [
        _review("R1", "Child A", related_review_ids=["R3"]),
        _review("R2", "Child B", restricted=True),
        _review("R3", "Child C"),
    ],
    "findings": [
        _finding("F1", "R1", "No one asked the child."),
        _finding("F2", "R2", "Records were not shared."),
        _finding("F3", "R3", "The referral was not followed up."),
    ],
    "recommendations": [
        _recommendation("REC1", "R1", "F1"),
        _recommendation("REC2", "R2", "F2"),
        _recommendation("REC3", "R3", "F3"),
    ],
    "briefings": [
        {
            "briefing_id": "B1",
            "title": "Hearing the child",
            "kind": "practice_briefing",
            "cites_reviews": ["R1", "R3"],
            "cites_findings": ["F3"],
        }
    ],
    "practice_changes": [
        {
            "change_id": "PC1",
            "agency_id": "kent",
            "description": "Curiosity training.",
            "change_type": "training",
            "status": "implemented",
            "implements": ["REC1", "REC3"],
        },
        {
            "change_id": "PC2",
            "agency_id": "kent",
            "description": "Shared records.",
            "change_type": "technology",
            "status": "planned",
            "implements": ["REC2"],
        },
    ],
    "outcomes": [
        {
            "outcome_id": "O1",
            "change_id": "PC1",
            "description": "More voice.",
            "direction": "improved",
        }
    ],
    "imr_assessments": [
        {
            "assessment_id": "IMR1",
            "review_id": "R1",
            "agency_id": "kent",
            "scores": {"CHRONOLOGY": 2},
        }
    ],
    "governance": [{"force_id": "kent", "recorded_on": "2024-01-01", "has_review_team": True}],
    "resources": [
        {"resource_id": "RES1", "title": "Template", "kind": "template", "shared_by": "kent"}
    ],
}


def _changed(rows: Rows) -> Rows:
    """Changes fields, and adds a review with a finding."""
    rows["reviews"][0]["title"] = "Child A (revised)"
    rows["findings"][0]["text"] = "No one asked the child, twice."
    rows["reviews"].append(_review("R4", "Child D"))
    rows["findings"].append(_finding("F4", "R4", "Nobody checked the address."))
    return rows


def _restricted(rows: Rows) -> Rows:
    """R3 becomes restricted: for readers, it, its finding and recommendation go."""
    rows["reviews"][2]["restricted"] = True
    return rows


def _published(rows: Rows) -> Rows:
    """R2 is published: for readers, it, its finding and recommendation arrive."""
    review = rows["reviews"][1]
    review.update(status="published", restricted=False, published_on="2024-02-01")
    return rows


def _retired(rows: Rows) -> Rows:
    """R4 and its finding, and the outcome O1, are retired."""
    rows["reviews"] = [r for r in rows["reviews"] if r["review_id"] != "R4"]
    rows["findings"] = [f for f in rows["findings"] if f["finding_id"] != "F4"]
    rows["outcomes"] = []
    rows["retirements"] = [
        {"entity": "findings", "id": "F4"},
        {"entity": "reviews", "id": "R4"},
        {"entity": "outcomes", "id": "O1"},
    ]
    return rows


def _first(rows: Rows) -> Rows:
    return rows


STEPS = (
    ("first load", _first),
    ("changes", _changed),
    ("restriction", _restricted),
    ("publication", _published),
    ("retirement", _retired),
)


def sequence(root: Path) -> list[tuple[str, Path]]:
    """Each step's dataset folder, each built on the one before."""
    rows = copy.deepcopy(FIRST)
    folders = []
    for number, (name, step) in enumerate(STEPS):
        rows = step(rows)
        folder = root / f"{number}-{name.replace(' ', '-')}"
        for stem, stem_rows in rows.items():
            if stem_rows:
                write_jsonl(folder, stem, stem_rows)
        rows.pop("retirements", None)
        folders.append((name, folder))
    return folders
