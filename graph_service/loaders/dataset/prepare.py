"""Turns validated rows into the parameter rows the load statements expect.

Graph rows use the graph model's property names, carry the ids their links need, and a hash
of their content, so that a row loaded again unchanged is recognised as unchanged; and a short
hash of each import-format field, so that the graph can say which fields a load changed.
"""

import hashlib
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from graph_service.loaders.dataset.rows import (
    AgencyRow,
    BriefingRow,
    FindingRow,
    GovernanceRow,
    ImrAssessmentRow,
    OutcomeRow,
    PracticeChangeRow,
    RecommendationRow,
    ResourceRow,
    ReviewRow,
)
from graph_service.loaders.dataset.schema import ENTITIES
from graph_service.loaders.dataset.validation import ParsedDataset, entity_id
from graph_service.repository.dataset import Batch

GraphRow = dict[str, Any]


def partnership_id(name: str) -> str:
    """A stable id for a commissioning body, from its name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100] or "partnership"
    return f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def content_hash(value: Any) -> str:
    content = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()[:32]


_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_NO_VALUE = hashlib.blake2b(b"null", digest_size=6).hexdigest()


def field_hashes(source: BaseModel) -> list[str]:
    """A short hash of each field's value, in the order of the row model's fields."""
    values = source.__dict__
    return [
        _NO_VALUE
        if values[name] is None
        else hashlib.blake2b(_JSON(values[name]).encode(), digest_size=6).hexdigest()
        for name in type(source).model_fields
    ]


def _hashed(row: GraphRow, source: BaseModel | None = None) -> GraphRow:
    """The row with its content hash and, for an import-format row, its fields' hashes (which
    are not part of the content hash)."""
    row["hash"] = content_hash(row)
    if source is not None:
        row["fieldHashes"] = field_hashes(source)
    return row


def _year(*dates: str | None) -> int | None:
    for date in dates:
        if date:
            return int(date[:4])
    return None


def agencies(rows: list[AgencyRow]) -> Iterator[GraphRow]:
    for a in rows:
        yield _hashed({"id": a.agency_id, "name": a.name, "sector": a.sector, "area": a.area}, a)


def partnerships(rows: list[ReviewRow]) -> list[GraphRow]:
    names = sorted({r.commissioned_by for r in rows if r.commissioned_by})
    return [_hashed({"id": partnership_id(name), "name": name}) for name in names]


def reviews(rows: list[ReviewRow], jurisdictions: dict[str, str]) -> Iterator[GraphRow]:
    for r in rows:
        yield _hashed(
            {
                "id": r.review_id,
                "title": r.title,
                "reviewType": r.review_type,
                "jurisdiction": jurisdictions.get(r.review_type),
                "status": r.status,
                "restricted": (
                    r.restricted if r.restricted is not None else r.status != "published"
                ),
                "publishedOn": r.published_on,
                "initiatedOn": r.initiated_on,
                "year": _year(r.published_on, r.initiated_on),
                "subjectAgeGroup": r.subject_age_group,
                "summary": r.summary,
                "sourceUrl": r.source_url,
                "commissionedBy": r.commissioned_by,
                "forceIds": r.force_ids,
                "partnershipIds": (
                    [partnership_id(r.commissioned_by)] if r.commissioned_by else []
                ),
                "agencyIds": r.agency_ids,
                "strands": r.strands,
                "relatedIds": r.related_review_ids,
            },
            r,
        )


def findings(rows: list[FindingRow]) -> Iterator[GraphRow]:
    for f in rows:
        factors = [item.split(":", 1) for item in f.systems_factors]
        yield _hashed(
            {
                "id": f.finding_id,
                "reviewId": f.review_id,
                "text": f.text,
                "kind": f.kind,
                "issues": f.perennial_issues,
                "themes": f.themes,
                "factors": [{"code": code, "effect": effect} for code, effect in factors],
                "agencyIds": f.agency_ids,
            },
            f,
        )


def recommendations(rows: list[RecommendationRow]) -> Iterator[GraphRow]:
    for r in rows:
        yield _hashed(
            {
                "id": r.recommendation_id,
                "reviewId": r.review_id,
                "text": r.text,
                "level": r.level,
                "status": r.status,
                "madeOn": r.made_on,
                "statusUpdatedOn": r.status_updated_on,
                "findingIds": r.addresses_findings,
                "agencyIds": r.addressed_to,
            },
            r,
        )


def briefings(rows: list[BriefingRow]) -> Iterator[GraphRow]:
    for b in rows:
        yield _hashed(
            {
                "id": b.briefing_id,
                "title": b.title,
                "kind": b.kind,
                "publishedOn": b.published_on,
                "url": b.url,
                "issues": b.covers_issues,
                "themes": b.covers_themes,
                "findingIds": b.cites_findings,
                "reviewIds": b.cites_reviews,
            },
            b,
        )


def practice_changes(rows: list[PracticeChangeRow]) -> Iterator[GraphRow]:
    for c in rows:
        yield _hashed(
            {
                "id": c.change_id,
                "agencyId": c.agency_id,
                "description": c.description,
                "changeType": c.change_type,
                "status": c.status,
                "startedOn": c.started_on,
                "completedOn": c.completed_on,
                "evidence": c.evidence,
                "recommendationIds": c.implements,
                "briefingIds": c.informed_by_briefings,
            },
            c,
        )


def outcomes(rows: list[OutcomeRow]) -> Iterator[GraphRow]:
    for o in rows:
        yield _hashed(
            {
                "id": o.outcome_id,
                "changeId": o.change_id,
                "description": o.description,
                "direction": o.direction,
                "observedOn": o.observed_on,
                "measure": o.measure,
                "value": o.value,
                "baseline": o.baseline,
                "evidenceUrl": o.evidence_url,
            },
            o,
        )


def imr_assessments(rows: list[ImrAssessmentRow]) -> Iterator[GraphRow]:
    for a in rows:
        yield _hashed(
            {
                "id": a.assessment_id,
                "reviewId": a.review_id,
                "agencyId": a.agency_id,
                "assessedOn": a.assessed_on,
                "assessorRole": a.assessor_role,
                "comment": a.comment,
                "scores": [
                    {"code": code, "score": score} for code, score in sorted(a.scores.items())
                ],
            },
            a,
        )


def governance(rows: list[GovernanceRow]) -> Iterator[GraphRow]:
    for g in rows:
        yield _hashed(
            {
                "id": f"{g.force_id}:{g.recorded_on}",
                "forceId": g.force_id,
                "recordedOn": g.recorded_on,
                "hasReviewTeam": g.has_review_team,
                "reviewLeadRole": g.review_lead_role,
                "oversightBoard": g.oversight_board,
                "recommendationTracking": g.recommendation_tracking,
                "imrSignoffRole": g.imr_signoff_role,
                "notes": g.notes,
            },
            g,
        )


def resources(rows: list[ResourceRow]) -> Iterator[GraphRow]:
    for r in rows:
        yield _hashed(
            {
                "id": r.resource_id,
                "title": r.title,
                "kind": r.kind,
                "sharedBy": r.shared_by,
                "sharedOn": r.shared_on,
                "url": r.url,
                "issues": r.issues,
                "themes": r.themes,
            },
            r,
        )


def _entity_rows(
    parsed: ParsedDataset, jurisdictions: dict[str, str]
) -> Iterator[tuple[str, Iterator[GraphRow]]]:
    """Each entity's graph rows, lazily, in write order."""

    def rows(stem: str) -> list[Any]:
        return [p.row for p in parsed.of(stem)]

    yield "agencies", agencies(rows("agencies"))
    yield "partnerships", iter(partnerships(rows("reviews")))
    yield "reviews", reviews(rows("reviews"), jurisdictions)
    yield "findings", findings(rows("findings"))
    yield "recommendations", recommendations(rows("recommendations"))
    yield "briefings", briefings(rows("briefings"))
    yield "practice_changes", practice_changes(rows("practice_changes"))
    yield "outcomes", outcomes(rows("outcomes"))
    yield "imr_assessments", imr_assessments(rows("imr_assessments"))
    yield "governance", governance(rows("governance"))
    yield "resources", resources(rows("resources"))


def batches(
    parsed: ParsedDataset, jurisdictions: dict[str, str], batch_size: int
) -> Iterator[Batch]:
    """Every write of a load, in order: each entity batch followed by its link batches.

    Lazy on purpose: rows are built while earlier batches are being written.
    """
    for stem, rows in _entity_rows(parsed, jurisdictions):
        deferred: dict[str, list[GraphRow]] = {name: [] for name, _ in DEFERRED_LINKS.get(stem, [])}
        for chunk in _chunks(rows, batch_size):
            yield Batch("entities", stem, [_node_row(row) for row in chunk])
            for name, key in LINKS.get(stem, []):
                yield Batch("links", name, [{"id": row["id"], key: row[key]} for row in chunk])
            for name, key in DEFERRED_LINKS.get(stem, []):
                deferred[name].extend({"id": row["id"], key: row[key]} for row in chunk)
        for name, links in deferred.items():
            for chunk in _chunks(iter(links), batch_size):
                yield Batch("links", name, chunk)


def _chunks(rows: Iterator[GraphRow], size: int) -> Iterator[list[GraphRow]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _node_row(row: GraphRow) -> GraphRow:
    """What the entity statement reads: everything but the link lists."""
    return {key: value for key, value in row.items() if key not in _LIST_KEYS}


# The link statements run after each entity batch, with the row keys each one reads.
LINKS: dict[str, list[tuple[str, str]]] = {
    "reviews": [
        ("review_types", "reviewType"),
        ("review_forces", "forceIds"),
        ("review_partnerships", "partnershipIds"),
        ("review_agencies", "agencyIds"),
        ("review_strands", "strands"),
    ],
    "findings": [
        ("finding_reviews", "reviewId"),
        ("finding_issues", "issues"),
        ("finding_themes", "themes"),
        ("finding_factors", "factors"),
        ("finding_agencies", "agencyIds"),
    ],
    "recommendations": [
        ("recommendation_reviews", "reviewId"),
        ("recommendation_findings", "findingIds"),
        ("recommendation_agencies", "agencyIds"),
    ],
    "briefings": [
        ("briefing_issues", "issues"),
        ("briefing_themes", "themes"),
        ("briefing_findings", "findingIds"),
        ("briefing_reviews", "reviewIds"),
    ],
    "practice_changes": [
        ("change_agencies", "agencyId"),
        ("change_recommendations", "recommendationIds"),
        ("change_briefings", "briefingIds"),
    ],
    "outcomes": [("outcome_changes", "changeId")],
    "imr_assessments": [
        ("imr_reviews", "reviewId"),
        ("imr_agencies", "agencyId"),
        ("imr_scores", "scores"),
    ],
    "governance": [("governance_forces", "forceId")],
    "resources": [
        ("resource_forces", "sharedBy"),
        ("resource_issues", "issues"),
        ("resource_themes", "themes"),
    ],
}
# Related reviews can point at reviews later in the same file: linked once all are written.
DEFERRED_LINKS: dict[str, list[tuple[str, str]]] = {"reviews": [("review_related", "relatedIds")]}
# The keys of each entity's node statement (everything but link lists).
LINK_KEYS = {key for links in (*LINKS.values(), *DEFERRED_LINKS.values()) for _, key in links}
SINGLE_KEYS = {"reviewType", "reviewId", "agencyId", "changeId", "forceId", "sharedBy"}
_LIST_KEYS = LINK_KEYS - SINGLE_KEYS


def retirement_key(stem: str, retired_id: str) -> str:
    """The key of a retired entity's tombstone."""
    return f"{stem}/{retired_id}"


def retirements(parsed: ParsedDataset) -> Iterator[tuple[str, list[str]]]:
    """The ids each entity's retirements name, dependents before what they depend on."""
    retiring = parsed.retiring()
    for entity in reversed(ENTITIES):
        if entity.stem in retiring:
            yield entity.stem, sorted(retiring[entity.stem])


def recreated(parsed: ParsedDataset, tombstones: set[tuple[str, str]]) -> list[str]:
    """The tombstone keys of retired entities the dataset loads again."""
    if not tombstones:
        return []
    return sorted(
        retirement_key(stem, entity_id(stem, p.row))
        for stem, rows in parsed.rows.items()
        for p in rows
        if (stem, entity_id(stem, p.row)) in tombstones
    )
