"""Small hand-written datasets for loader tests, written as real files."""

import csv
import json
from pathlib import Path
from typing import Any


def write_csv(folder: Path, stem: str, rows: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.csv"
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return path


def write_jsonl(folder: Path, stem: str, rows: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def small_dataset(folder: Path) -> Path:
    """Two reviews with findings, recommendations, a change and its outcome, and more."""
    write_csv(
        folder,
        "agencies",
        [{"agency_id": "A1", "name": "Children's services", "sector": "childrens_social_care"}],
    )
    write_csv(
        folder,
        "reviews",
        [
            {
                "review_id": "R1",
                "title": "Child Q",
                "review_type": "CSPR",
                "status": "published",
                "published_on": "2022-03-01",
                "force_ids": ["metropolitan"],
                "commissioned_by": "City Safeguarding Partnership",
                "agency_ids": ["metropolitan", "A1"],
                "strands": [],
                "related_review_ids": ["R2"],
            },
            {
                "review_id": "R2",
                "title": "Adult D",
                "review_type": "SAR",
                "status": "in_progress",
                "restricted": "true",
                "force_ids": ["kent"],
                "agency_ids": ["A1"],
            },
        ],
    )
    write_jsonl(
        folder,
        "findings",
        [
            {
                "finding_id": "R1-F1",
                "review_id": "R1",
                "text": "Officers did not ask about the child's views.",
                "kind": "missed_opportunity",
                "perennial_issues": ["PROFESSIONAL_CURIOSITY"],
                "themes": ["RISK"],
                "systems_factors": ["INDIVIDUAL:hinders"],
                "agency_ids": ["metropolitan"],
            },
            {
                "finding_id": "R2-F1",
                "review_id": "R2",
                "text": "A joint visit worked well.",
                "kind": "good_practice",
            },
        ],
    )
    write_csv(
        folder,
        "recommendations",
        [
            {
                "recommendation_id": "R1-REC1",
                "review_id": "R1",
                "text": "Train officers in professional curiosity.",
                "addressed_to": ["metropolitan"],
                "addresses_findings": ["R1-F1"],
                "level": "local",
                "status": "implemented",
                "made_on": "2022-03-01",
            }
        ],
    )
    write_csv(
        folder,
        "practice_changes",
        [
            {
                "change_id": "PC1",
                "agency_id": "metropolitan",
                "description": "Curiosity training for all response officers.",
                "change_type": "training",
                "status": "implemented",
                "implements": ["R1-REC1"],
                "started_on": "2022-06-01",
                "completed_on": "2022-12-01",
            }
        ],
    )
    write_csv(
        folder,
        "outcomes",
        [
            {
                "outcome_id": "O1",
                "change_id": "PC1",
                "description": "More child voice recorded in reports.",
                "direction": "improved",
                "value": "0.7",
                "baseline": "0.4",
            }
        ],
    )
    write_csv(
        folder,
        "imr_assessments",
        [
            {
                "assessment_id": "IMR1",
                "review_id": "R1",
                "agency_id": "metropolitan",
                "assessor_role": "Review officer",
                "score_AUTHOR_INDEPENDENCE": "3",
                "score_CHRONOLOGY": "",
            }
        ],
    )
    write_csv(
        folder,
        "governance",
        [{"force_id": "metropolitan", "recorded_on": "2024-01-01", "has_review_team": "true"}],
    )
    return folder
