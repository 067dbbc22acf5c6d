"""The oracle checked on a tiny dataset whose answers are worked out by hand below.

Public reviews: R1 (CSPR, 2020), R2 (DHR, 2021), R3 (SAR, 2022), R4 (CPR, Wales, 2023).
Restricted: R5 (DHR, 2019, embargoed) and R6 (SAR, in progress, so restricted by default, no
year). Perennial issues raised (IS = INFORMATION_SHARING, RA = RISK_ASSESSMENT,
PC = PROFESSIONAL_CURIOSITY, SUP = SUPERVISION):

    R1 {IS, RA}   R2 {IS, PC, RA}   R3 {PC}   R4 {SUP}   R5 {IS, RA}   R6 {PC, SUP}
"""

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from graph_service.loaders.generate import generate_dataset
from tests.analytics import oracle
from tests.analytics.oracle import (
    EVERYTHING,
    PUBLIC,
    ChangeLearning,
    CriterionQuality,
    Dataset,
    ImrQualityGroup,
    NotFoundError,
    PathwayStages,
    RecommendationLearning,
    ReviewTypeCounts,
    Visibility,
    YearCounts,
)

IS, RA = "INFORMATION_SHARING", "RISK_ASSESSMENT"
PC, SUP = "PROFESSIONAL_CURIOSITY", "SUPERVISION"
IMR_ONLY = Visibility(include_restricted=False, include_imr=True)

type Rows = list[dict[str, Any]]


def _review(review_id: str, review_type: str, **fields: Any) -> dict[str, Any]:
    return {
        "review_id": review_id,
        "title": f"Case {review_id}",
        "review_type": review_type,
        "status": "published",
        **fields,
    }


def _finding(finding_id: str, text: str, issues: list[str], **fields: Any) -> dict[str, Any]:
    review_id = finding_id.partition("-")[0]
    return {
        "finding_id": finding_id,
        "review_id": review_id,
        "text": text,
        "kind": "missed_opportunity",
        "perennial_issues": issues,
        **fields,
    }


def _recommendation(
    recommendation_id: str, text: str, findings: list[str], to: list[str], status: str = "open"
) -> dict[str, Any]:
    return {
        "recommendation_id": recommendation_id,
        "review_id": recommendation_id.partition("-")[0],
        "text": text,
        "addressed_to": to,
        "addresses_findings": findings,
        "level": "local",
        "status": status,
    }


def _change(
    change_id: str, agency: str, description: str, status: str, implements: list[str], done: str
) -> dict[str, Any]:
    return {
        "change_id": change_id,
        "agency_id": agency,
        "description": description,
        "change_type": "procedure",
        "status": status,
        "implements": implements,
        "completed_on": done,
    }


def _imr(assessment_id: str, review_id: str, agency_id: str, **scores: int) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "review_id": review_id,
        "agency_id": agency_id,
        "scores": scores,
    }


HAND_DATASET: dict[str, Rows] = {
    "agencies": [{"agency_id": "A1", "name": "Children's services", "sector": "education"}],
    "reviews": [
        _review(
            "R1",
            "CSPR",
            published_on="2020-05-01",
            initiated_on="2019-06-01",
            force_ids=["metropolitan"],
            strands=["CHILD_ABUSE"],
        ),
        _review(
            "R2",
            "DHR",
            title="Adult B",
            summary="A domestic homicide review that looked at supervisors.",
            published_on="2021-03-01",
            force_ids=["metropolitan", "kent"],
            strands=["DOMESTIC_ABUSE"],
        ),
        _review(
            "R3",
            "SAR",
            restricted="false",
            published_on="2022-07-01",
            force_ids=["kent"],
            strands=["ADULTS_AT_RISK", "DOMESTIC_ABUSE"],
        ),
        _review(
            "R4",
            "CPR",
            published_on="2023-02-01",
            force_ids=["south-wales"],
            strands=["CHILD_ABUSE"],
        ),
        _review(
            "R5",
            "DHR",
            restricted="true",
            published_on="2019-01-01",
            force_ids=["kent"],
            strands=["DOMESTIC_ABUSE"],
        ),
        _review(
            "R6",
            "SAR",
            status="in_progress",
            force_ids=["metropolitan"],
            strands=["ADULTS_AT_RISK"],
        ),
    ],
    "findings": [
        _finding(
            "R1-F1",
            "Information about the risk was not shared with partners.",
            [IS, RA],
            themes=["RISK"],
            systems_factors=["INTER_AGENCY:hinders"],
        ),
        _finding(
            "R1-F2",
            "Records were held on separate systems.",
            [IS],
            themes=["COLLABORATIVE_WORKING"],
            systems_factors=["TOOLS_TECH:hinders"],
        ),
        _finding(
            "R2-F1",
            "Officers did not ask about the history of abuse.",
            [IS, PC],
            themes=["RISK"],
            systems_factors=["INTER_AGENCY:hinders"],
        ),
        _finding(
            "R2-F2",
            "The risk assessment was not revisited.",
            [RA],
            themes=["RISK"],
            systems_factors=["INDIVIDUAL:supports"],
        ),
        _finding(
            "R3-F1",
            "Partners challenged each other well.",
            [PC],
            themes=["VICTIM_CARE"],
            systems_factors=["INTER_AGENCY:supports"],
        ),
        _finding("R4-F1", "Supervisors did not review the case file.", [SUP], themes=["RISK"]),
        _finding(
            "R5-F1",
            "Supervisors review was missing.",
            [IS, RA],
            themes=["RISK"],
            systems_factors=["INTER_AGENCY:hinders"],
        ),
        _finding("R6-F1", "Nobody asked the adult what they wanted.", [PC, SUP]),
    ],
    "recommendations": [
        # R1-REC1, R2-REC1 and R3-REC1 form one group only through R2-REC1 (see the test).
        _recommendation(
            "R1-REC1",
            "Supervisors review domestic abuse referrals daily",
            ["R1-F1"],
            ["metropolitan"],
            "accepted",
        ),
        _recommendation(
            "R1-REC2", "Officers record child views promptly", ["R1-F1"], ["metropolitan", "A1"]
        ),
        _recommendation("R1-REC3", "Partnership board publishes annual learning", [], ["A1"]),
        _recommendation(
            "R2-REC1",
            "Supervisors review domestic abuse referrals weekly",
            ["R2-F1"],
            ["kent"],
            "implemented",
        ),
        _recommendation(
            "R2-REC2",
            "Call handlers receive risk training",
            ["R2-F2"],
            ["metropolitan"],
            "in_progress",
        ),
        _recommendation(
            "R3-REC1",
            "Supervisors review domestic abuse referrals weekly online",
            ["R3-F1"],
            ["kent"],
        ),
        _recommendation("R5-REC1", "Officers record child views promptly", ["R5-F1"], ["kent"]),
        _recommendation("R6-REC1", "Safeguarding leads audit missing cases", ["R6-F1"], ["A1"]),
    ],
    "practice_changes": [
        _change(
            "PC1",
            "metropolitan",
            "Daily referral review by supervisors",
            "implemented",
            ["R1-REC1"],
            "2020-12-01",
        ),
        _change(
            "PC2",
            "metropolitan",
            "Joint information sharing protocol",
            "embedded",
            ["R1-REC1", "R2-REC1"],
            "2022-08-01",
        ),
        _change("PC3", "kent", "Training for call handlers", "planned", ["R2-REC1"], ""),
        _change("PC4", "kent", "Risk form revised", "implemented", ["R5-REC1"], "2019-06-01"),
        _change("PC5", "kent", "Audit of missing cases", "abandoned", ["R3-REC1"], "2021-01-01"),
    ],
    "outcomes": [
        {"outcome_id": "O1", "change_id": "PC1", "description": "Faster", "direction": "improved"},
        {"outcome_id": "O2", "change_id": "PC1", "description": "Same", "direction": "no_change"},
        {"outcome_id": "O3", "change_id": "PC2", "description": "Better", "direction": "improved"},
        {"outcome_id": "O4", "change_id": "PC4", "description": "Worse", "direction": "worsened"},
    ],
    "imr_assessments": [
        _imr("IMR1", "R1", "metropolitan", CHRONOLOGY=3, TIMELINESS=1),
        _imr("IMR2", "R2", "metropolitan", CHRONOLOGY=2, TIMELINESS=2),
        _imr("IMR3", "R2", "kent", CHRONOLOGY=0, METHODOLOGY=1),
        _imr("IMR4", "R5", "kent", CHRONOLOGY=1),
        _imr("IMR5", "R3", "A1", CHRONOLOGY=3, TIMELINESS=3),
        _imr("IMR6", "R6", "metropolitan", CHRONOLOGY=2),
    ],
    "governance": [
        {"force_id": "metropolitan", "recorded_on": "2020-01-01", "has_review_team": "false"},
        {
            "force_id": "metropolitan",
            "recorded_on": "2024-06-30",
            "has_review_team": "true",
            "recommendation_tracking": "case_system",
        },
    ],
}


def _csv_cell(value: Any) -> str:
    return ";".join(value) if isinstance(value, list) else str(value)


def write_dataset(folder: Path, rows: dict[str, Rows], *, jsonl: set[str]) -> Path:
    """Each entity as CSV (IMR scores as score_CODE columns), or as JSON Lines if listed."""
    folder.mkdir(parents=True)
    for stem, entity_rows in rows.items():
        if stem in jsonl:
            lines = [json.dumps(row) for row in entity_rows]
            (folder / f"{stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            continue
        flat = [
            {
                **{k: _csv_cell(v) for k, v in row.items() if k != "scores"},
                **{f"score_{code}": str(score) for code, score in row.get("scores", {}).items()},
            }
            for row in entity_rows
        ]
        columns = list(dict.fromkeys(key for row in flat for key in row))
        # A byte-order mark, as spreadsheets write, on every CSV file.
        with (folder / f"{stem}.csv").open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(flat)
    return folder


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("hand") / "data"
    return oracle.load_dataset(write_dataset(folder, HAND_DATASET, jsonl={"findings"}))


# ---------------------------------------------------------------------------------------------
# Reading


def test_restricted_defaults_to_unpublished_and_year_falls_back_to_initiation(
    hand: Dataset,
) -> None:
    assert {r.id for r in hand.reviews.values() if r.restricted} == {"R5", "R6"}
    assert hand.reviews["R1"].year == 2020
    assert hand.reviews["R6"].year is None
    assert hand.reviews["R4"].jurisdiction == "wales"
    assert hand.reviews["R2"].force_ids == ("metropolitan", "kent")


def test_csv_and_json_lines_read_the_same(hand: Dataset, tmp_path: Path) -> None:
    everything_jsonl = write_dataset(tmp_path / "jsonl", HAND_DATASET, jsonl=set(HAND_DATASET))
    assert oracle.load_dataset(everything_jsonl) == hand
    assert hand.imr_assessments["IMR3"].scores == {"CHRONOLOGY": 0, "METHODOLOGY": 1}


def test_reads_every_row_of_a_generated_dataset(tmp_path: Path) -> None:
    written = generate_dataset(tmp_path / "data", reviews=30, seed=31)
    ds = oracle.load_dataset(tmp_path / "data")
    assert len(ds.reviews) == written["reviews"]
    assert len(ds.findings) == written["findings"]
    assert len(ds.recommendations) == written["recommendations"]
    assert len(ds.practice_changes) == written["practice_changes"]
    assert len(ds.outcomes) == written["outcomes"]
    assert len(ds.imr_assessments) == written["imr_assessments"]
    assert len(ds.governance) == written["governance"]
    assert all(r.jurisdiction for r in ds.reviews.values())
    assert any(a.scores for a in ds.imr_assessments.values())


# ---------------------------------------------------------------------------------------------
# recurringIssues


def test_recurring_issues_counts_reviews_and_findings(hand: Dataset) -> None:
    entries = oracle.recurring_issues(hand, "PERENNIAL_ISSUE")
    assert [(e.code, e.reviews, e.findings) for e in entries] == [
        (IS, 2, 3),  # R1 (two findings), R2 (one)
        (PC, 2, 2),
        (RA, 2, 2),
        (SUP, 1, 1),
    ]
    info = entries[0]
    assert info.by_review_type == [ReviewTypeCounts("CSPR", 1, 2), ReviewTypeCounts("DHR", 1, 1)]
    assert info.by_year == [YearCounts(2020, 1, 2), YearCounts(2021, 1, 1)]
    assert info.review_types == ["CSPR", "DHR"]
    assert info.forces == ["kent", "metropolitan"]
    assert (info.first_seen, info.last_seen) == ("2020-05-01", "2021-03-01")


def test_recurring_issues_with_restricted_reviews_put_no_year_last(hand: Dataset) -> None:
    entries = {e.code: e for e in oracle.recurring_issues(hand, "PERENNIAL_ISSUE", EVERYTHING)}
    curiosity = entries[PC]
    assert curiosity.reviews == 3
    assert [y.year for y in curiosity.by_year] == [2021, 2022, None]
    assert curiosity.first_seen == "2021-03-01"  # R6 is not published
    assert entries[IS].first_seen == "2019-01-01"  # R5


def test_recurring_issues_filters(hand: Dataset) -> None:
    def codes(**filters: Any) -> list[str]:
        return [e.code for e in oracle.recurring_issues(hand, "PERENNIAL_ISSUE", **filters)]

    assert codes(jurisdiction="wales") == [SUP]
    assert codes(year_from=2022) == [PC, SUP]
    assert codes(year_to=2020) == [IS, RA]
    assert codes(forces=["kent"]) == [PC, IS, RA]  # R2 and R3; R5 is restricted
    assert codes(review_types=["SAR", "CPR"]) == [PC, SUP]
    assert codes(strands=["CHILD_ABUSE"]) == [IS, RA, SUP]
    assert codes(min_review_types=2) == [IS, PC, RA]  # SUP comes from CPR only
    # A review with no year is left out as soon as a bound is given.
    with_r6 = oracle.recurring_issues(hand, "PERENNIAL_ISSUE", EVERYTHING, year_to=2100)
    assert {e.code: e.reviews for e in with_r6}[SUP] == 1


def test_recurring_strands_count_all_findings_of_their_reviews(hand: Dataset) -> None:
    entries = oracle.recurring_issues(hand, "STRAND")
    assert [(e.code, e.reviews, e.findings) for e in entries] == [
        ("CHILD_ABUSE", 2, 3),  # R1 (2 findings), R4 (1)
        ("DOMESTIC_ABUSE", 2, 3),  # R2 (2), R3 (1)
        ("ADULTS_AT_RISK", 1, 1),
    ]


def test_recurring_systems_factors_and_themes(hand: Dataset) -> None:
    factors = oracle.recurring_issues(hand, "SYSTEMS_FACTOR")
    assert [(e.code, e.reviews) for e in factors] == [
        ("INTER_AGENCY", 3),  # whatever the effect
        ("INDIVIDUAL", 1),
        ("TOOLS_TECH", 1),
    ]
    themes = oracle.recurring_issues(hand, "THEME")
    assert (themes[0].code, themes[0].reviews, themes[0].findings) == ("RISK", 3, 4)


# ---------------------------------------------------------------------------------------------
# issuePathway


def test_issue_pathway_stages_and_conversion_rates(hand: Dataset) -> None:
    pathway = oracle.issue_pathway(hand, IS)
    # Findings R1-F1, R1-F2, R2-F1; R1-F2 has no recommendation. Recommendations R1-REC1,
    # R1-REC2, R2-REC1; R1-REC2 has no change. Changes PC1, PC2, PC3; PC3 has no outcome.
    # Outcomes O1 (improved), O2 (no change), O3 (improved).
    assert pathway.stages == PathwayStages(
        findings=3,
        reviews=2,
        recommendations=3,
        practice_changes=3,
        outcomes=3,
        outcomes_by_direction={"improved": 2, "no_change": 1, "worsened": 0, "unknown": 0},
        findings_addressed=2 / 3,
        recommendations_implemented=2 / 3,
        changes_with_outcome=2 / 3,
        outcomes_improved=2 / 3,
    )
    assert pathway.open_recommendations == ["R1-REC2"]
    assert pathway.changes_without_outcome == ["PC3"]


def test_issue_pathway_by_review_type_counts_shared_changes_in_both(hand: Dataset) -> None:
    by_type = oracle.issue_pathway(hand, IS).by_review_type
    assert list(by_type) == ["CSPR", "DHR"]
    cspr, dhr = by_type["CSPR"], by_type["DHR"]
    assert (cspr.findings, cspr.recommendations, cspr.practice_changes, cspr.outcomes) == (
        2,
        2,
        2,
        3,
    )
    assert (cspr.findings_addressed, cspr.recommendations_implemented) == (0.5, 0.5)
    assert (dhr.findings, dhr.recommendations, dhr.practice_changes, dhr.outcomes) == (1, 1, 2, 1)
    assert dhr.changes_with_outcome == 0.5  # PC2 (also counted for CSPR) and PC3


def test_issue_pathway_visibility_and_empty_stages(hand: Dataset) -> None:
    everything = oracle.issue_pathway(hand, IS, EVERYTHING).stages
    assert (everything.findings, everything.reviews, everything.practice_changes) == (4, 3, 4)
    assert everything.outcomes_by_direction["worsened"] == 1  # O4, through restricted R5
    supervision = oracle.issue_pathway(hand, SUP).stages
    assert (supervision.findings, supervision.findings_addressed) == (1, 0.0)
    assert supervision.recommendations_implemented is None
    assert supervision.outcomes_improved is None
    unraised = oracle.issue_pathway(hand, "TRAINING").stages
    assert (unraised.findings, unraised.findings_addressed) == (0, None)
    with pytest.raises(NotFoundError):
        oracle.issue_pathway(hand, "NOT_AN_ISSUE")


# ---------------------------------------------------------------------------------------------
# reviewLearning


def test_review_learning_nests_findings_to_outcomes(hand: Dataset) -> None:
    learning = oracle.review_learning(hand, "R1")
    assert [f.finding_id for f in learning.findings] == ["R1-F1", "R1-F2"]
    assert learning.findings[0].recommendations == [
        RecommendationLearning(
            "R1-REC1", [ChangeLearning("PC1", ["O1", "O2"]), ChangeLearning("PC2", ["O3"])]
        ),
        RecommendationLearning("R1-REC2", []),
    ]
    assert learning.findings[1].recommendations == []
    assert learning.unlinked_recommendations == [RecommendationLearning("R1-REC3", [])]


def test_review_learning_of_restricted_or_unknown_review_is_not_found(hand: Dataset) -> None:
    with pytest.raises(NotFoundError):
        oracle.review_learning(hand, "R5")
    with pytest.raises(NotFoundError):
        oracle.review_learning(hand, "R99")
    restricted = oracle.review_learning(hand, "R5", Visibility(include_restricted=True))
    assert restricted.findings[0].recommendations == [
        RecommendationLearning("R5-REC1", [ChangeLearning("PC4", ["O4"])])
    ]


# ---------------------------------------------------------------------------------------------
# relatedReviews


def test_related_reviews_ranked_by_jaccard(hand: Dataset) -> None:
    # R1: IS, RA, RISK, COLLABORATIVE_WORKING, INTER_AGENCY, TOOLS_TECH (6 codes).
    # R2 shares IS, RA, RISK, INTER_AGENCY of 8 in either: 1/2. R4 shares RISK of 7: 1/7.
    # R3 shares INTER_AGENCY of 8: 1/8. R5 is restricted; R6 shares nothing.
    related = oracle.related_reviews(hand, "R1")
    assert [(r.review_id, r.score, r.shared) for r in related] == [
        ("R2", 0.5, 4),
        ("R4", 1 / 7, 1),
        ("R3", 1 / 8, 1),
    ]
    assert related[0].shared_perennial_issues == [IS, RA]
    assert related[0].shared_themes == ["RISK"]
    assert related[0].shared_systems_factors == ["INTER_AGENCY"]


def test_related_reviews_with_restricted_material(hand: Dataset) -> None:
    # R5 holds IS, RA, RISK, INTER_AGENCY: all shared with R1, 4 of 6.
    related = oracle.related_reviews(hand, "R1", EVERYTHING)
    assert (related[0].review_id, related[0].score) == ("R5", 4 / 6)
    assert "R6" not in {r.review_id for r in related}
    with pytest.raises(NotFoundError):
        oracle.related_reviews(hand, "R6")


# ---------------------------------------------------------------------------------------------
# issueCoOccurrence


def test_co_occurrence_lift(hand: Dataset) -> None:
    # N = 4 reviews with an issue; IS, RA and PC are each raised by 2 reviews.
    pairs = oracle.issue_co_occurrence(hand)
    assert [(p.issue_a, p.issue_b, p.reviews, p.lift) for p in pairs] == [
        (IS, RA, 2, 2.0),  # 2 * 4 / (2 * 2)
        (IS, PC, 1, 1.0),
        (PC, RA, 1, 1.0),
    ]
    assert [p.issue_b for p in oracle.issue_co_occurrence(hand, min_reviews=2)] == [RA]
    assert [(p.issue_a, p.issue_b) for p in oracle.issue_co_occurrence(hand, issue=PC)] == [
        (IS, PC),
        (PC, RA),
    ]


def test_co_occurrence_with_restricted_reviews(hand: Dataset) -> None:
    # N = 6; IS, RA, PC raised by 3 reviews each, SUP by 2.
    pairs = oracle.issue_co_occurrence(hand, EVERYTHING)
    assert [(p.issue_a, p.issue_b, p.reviews) for p in pairs] == [
        (IS, RA, 3),  # lift 3 * 6 / 9 = 2
        (PC, SUP, 1),  # 1 * 6 / 6 = 1
        (IS, PC, 1),  # 6 / 9
        (PC, RA, 1),
    ]
    assert pairs[-1].lift == pytest.approx(2 / 3)


# ---------------------------------------------------------------------------------------------
# learningGaps


def test_learning_gaps(hand: Dataset) -> None:
    # IS: R1-REC1, R1-REC2, R2-REC1; only R1-REC2 unimplemented. First done change PC1 on
    # 2020-12-01; R2 was published after it. RA: R1-REC1, R1-REC2, R2-REC2; two unimplemented;
    # the same first change. PC: R2-REC1, R3-REC1 (its only change abandoned), share 1/2; first
    # change PC2 on 2022-08-01, after every PC review. SUP has no recommendation.
    gaps = oracle.learning_gaps(hand)
    assert [
        (g.code, g.recommendations, g.unimplemented, g.first_change_on, g.reviews_after_change)
        for g in gaps
    ] == [
        (RA, 3, 2, "2020-12-01", 1),
        (IS, 3, 1, "2020-12-01", 1),
        (PC, 2, 1, "2022-08-01", 0),
    ]
    assert gaps[2].unimplemented_share == 0.5
    assert [g.code for g in oracle.learning_gaps(hand, min_unimplemented_share=0.6)] == [RA, IS]


def test_learning_gaps_with_restricted_changes(hand: Dataset) -> None:
    # R5-REC1 (restricted) was implemented by PC4 on 2019-06-01: R1 and R2 came after it.
    gaps = {g.code: g for g in oracle.learning_gaps(hand, EVERYTHING)}
    assert (gaps[IS].first_change_on, gaps[IS].reviews_after_change) == ("2019-06-01", 2)
    assert gaps[SUP].unimplemented_share == 1.0  # R6-REC1


# ---------------------------------------------------------------------------------------------
# repeatedRecommendations


def test_word_sets() -> None:
    words = {"domestic", "abuse", "referrals", "daily", "risk", "assessment", "2024"}
    assert not words & oracle.STOP_WORDS, "the hand-made texts assume these are not stop words"
    assert oracle.word_set("Domestic-abuse REFERRALS, daily! risk_assessment 2024") == words
    assert oracle.word_set("the and of") == frozenset()


def test_near_identical_recommendations_group_transitively(hand: Dataset) -> None:
    texts = [hand.recommendations[i].text for i in ("R1-REC1", "R2-REC1", "R3-REC1")]
    assert all(not oracle.word_set(t) & oracle.STOP_WORDS for t in texts)
    daily, weekly, online = (oracle.word_set(t) for t in texts)
    assert oracle.near_identical(daily, weekly)  # 5 shared of 7: 0.71
    assert oracle.near_identical(weekly, online)  # 6 of 7
    assert not oracle.near_identical(daily, online)  # 5 of 8: 0.625, joined through weekly
    groups = oracle.repeated_recommendations(hand)
    assert [(g.group_id, g.recommendations, g.reviews, g.member_ids) for g in groups] == [
        ("R1-REC1", 3, 3, ["R1-REC1", "R2-REC1", "R3-REC1"])
    ]
    assert groups[0].text == "Supervisors review domestic abuse referrals daily"
    assert oracle.repeated_recommendations(hand, min_reviews=4) == []


def test_groups_with_restricted_members(hand: Dataset) -> None:
    # R1-REC2 and R5-REC1 have the same words; R5 is restricted, so publicly the group has one
    # visible review and is not reported.
    assert ["R1-REC2", "R5-REC1"] in oracle.near_identical_groups(hand)
    with_restricted = oracle.repeated_recommendations(hand, EVERYTHING)
    assert [(g.group_id, g.reviews) for g in with_restricted] == [("R1-REC1", 3), ("R1-REC2", 2)]


def test_jaccard_threshold_is_inclusive() -> None:
    seven = frozenset("abcdefg")
    assert oracle.near_identical(seven, seven | {"h", "i", "j"})  # exactly 7 / 10
    assert not oracle.near_identical(seven, seven | {"h", "i", "j", "k"})
    assert not oracle.near_identical(frozenset(), frozenset())


def test_grouping_equals_plain_pairwise_comparison(analytics_dataset: Dataset) -> None:
    """The size bound and bit masks change no group: compare every pair of word sets plainly."""
    ids_by_words: dict[frozenset[str], list[str]] = defaultdict(list)
    for recommendation in analytics_dataset.recommendations.values():
        if words := oracle.word_set(recommendation.text):
            ids_by_words[words].append(recommendation.id)
    word_sets = list(ids_by_words)
    group_of = {words: {words} for words in word_sets}
    for i, a in enumerate(word_sets):
        for b in word_sets[i + 1 :]:
            if group_of[a] is not group_of[b] and oracle.near_identical(a, b):
                merged = group_of[a] | group_of[b]
                for words in merged:
                    group_of[words] = merged
    plain = {
        frozenset(rid for words in group for rid in ids_by_words[words])
        for group in map(frozenset, group_of.values())
    }
    expected = sorted(sorted(ids) for ids in plain if len(ids) >= 2)
    assert oracle.near_identical_groups(analytics_dataset) == expected


# ---------------------------------------------------------------------------------------------
# forceOverview


def test_force_overview(hand: Dataset) -> None:
    overview = oracle.force_overview(hand, "metropolitan")
    assert (overview.reviews, overview.reviews_by_type) == (2, {"CSPR": 1, "DHR": 1})
    assert overview.recommendations_by_status == {"accepted": 1, "in_progress": 1, "open": 1}
    assert overview.practice_changes_by_status == {"embedded": 1, "implemented": 1}
    assert overview.imr_mean_scores == {}  # IMR figures need include_imr
    assert overview.latest_governance is not None
    assert overview.latest_governance.recorded_on == "2024-06-30"
    assert overview.latest_governance.has_review_team is True


def test_force_overview_imr_means(hand: Dataset) -> None:
    assert oracle.force_overview(hand, "metropolitan", IMR_ONLY).imr_mean_scores == {
        "CHRONOLOGY": 2.5,
        "TIMELINESS": 1.5,
    }
    with_r6 = oracle.force_overview(hand, "metropolitan", EVERYTHING)
    assert with_r6.imr_mean_scores["CHRONOLOGY"] == pytest.approx(7 / 3)
    assert with_r6.reviews == 3
    kent = oracle.force_overview(hand, "kent")
    assert (kent.reviews, kent.latest_governance) == (2, None)
    with pytest.raises(NotFoundError):
        oracle.force_overview(hand, "atlantis")


# ---------------------------------------------------------------------------------------------
# imrQuality


def test_imr_quality_orders_weakest_criteria_first(hand: Dataset) -> None:
    # Visible: IMR1 (R1), IMR2 and IMR3 (R2), IMR5 (R3).
    assert oracle.imr_quality(hand, IMR_ONLY) == [
        ImrQualityGroup(
            None,
            [
                CriterionQuality("METHODOLOGY", 1, 1.0, [0, 1, 0, 0]),
                CriterionQuality("CHRONOLOGY", 4, 2.0, [1, 0, 1, 2]),  # 3, 2, 0, 3
                CriterionQuality("TIMELINESS", 3, 2.0, [0, 1, 1, 1]),  # 1, 2, 3
            ],
        )
    ]
    assert oracle.imr_quality(hand, PUBLIC) == []
    assert oracle.imr_quality(hand, Visibility(include_restricted=True)) == []


def test_imr_quality_groups(hand: Dataset) -> None:
    by_force = oracle.imr_quality(hand, IMR_ONLY, group_by="FORCE")  # A1 is no police force
    assert [(g.key, [(c.code, c.mean) for c in g.criteria]) for g in by_force] == [
        ("kent", [("CHRONOLOGY", 0.0), ("METHODOLOGY", 1.0)]),
        ("metropolitan", [("TIMELINESS", 1.5), ("CHRONOLOGY", 2.5)]),
    ]
    by_type = oracle.imr_quality(hand, IMR_ONLY, group_by="REVIEW_TYPE")
    assert [g.key for g in by_type] == ["CSPR", "DHR", "SAR"]
    by_year = oracle.imr_quality(hand, EVERYTHING, group_by="YEAR")
    assert [g.key for g in by_year] == [2019, 2020, 2021, 2022, None]


def test_imr_quality_filters(hand: Dataset) -> None:
    def assessed(**filters: Any) -> dict[str, int]:
        groups = oracle.imr_quality(hand, IMR_ONLY, **filters)
        return {c.code: c.assessed for g in groups for c in g.criteria}

    assert assessed(forces=["kent"]) == {"CHRONOLOGY": 1, "METHODOLOGY": 1}
    assert assessed(review_types=["DHR"]) == {"METHODOLOGY": 1, "CHRONOLOGY": 2, "TIMELINESS": 1}
    assert assessed(year_from=2022) == {"CHRONOLOGY": 1, "TIMELINESS": 1}


# ---------------------------------------------------------------------------------------------
# search (recall only)


def test_entities_with_all_words(hand: Dataset) -> None:
    assert oracle.entities_with_all_words(hand, "Supervisors REVIEW") == {
        ("REVIEW", "R2"),  # words from its summary
        ("FINDING", "R4-F1"),
        ("RECOMMENDATION", "R1-REC1"),
        ("RECOMMENDATION", "R2-REC1"),
        ("RECOMMENDATION", "R3-REC1"),
        ("PRACTICE_CHANGE", "PC1"),
    }
    assert ("FINDING", "R5-F1") in oracle.entities_with_all_words(
        hand, "supervisors review", EVERYTHING
    )
    assert oracle.entities_with_all_words(hand, "super") == set()  # words, not substrings
    assert oracle.entities_with_all_words(hand, "  ,; ") == set()
