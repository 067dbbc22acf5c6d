"""Synthetic datasets in the import format (version 1), for tests, benchmarks and demos.

Everything written here is invented: agency names and areas are fictional, texts come from
templates, and no real review is copied. Only the reference codes (forces, review types,
issues, ...) are real, because the loaders check them. The word lists, templates and weights
drawn from are data files (``synthetic_tables``); this module holds the rules that use them.

Output depends only on ``reviews`` and ``seed``: every random draw comes from
``random.Random`` instances seeded from ``seed``, rows are written in id order, and nothing
reads the clock, ``hash()`` or set iteration order.
"""

import bisect
import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import IO, Any, Self

import yaml

from graph_service.loaders.dataset.schema import ENTITIES
from graph_service.loaders.reference import read_reference
from graph_service.loaders.synthetic_tables import synthetic_tables

# A fixed "today" keeps output independent of when it is generated; no date is later.
AS_OF = date(2026, 3, 31)
FIRST_YEAR = 2011

type Value = str | int | float | bool | list[str] | dict[str, int] | None
type Row = dict[str, Value]

# Field order as the import format lists it, taken from the loader's row models.
FIELDS: dict[str, tuple[str, ...]] = {
    entity.stem: tuple(entity.model.model_fields) for entity in ENTITIES
}
# Both formats are exercised: these two entities go to JSON Lines, the rest to CSV.
JSONL = frozenset({"findings", "imr_assessments"})

URL_BASE = "https://example.org/synthetic"  # a reserved domain: no link can reach a real site


# ---------------------------------------------------------------------------------------------
# Small helpers


@dataclass(frozen=True)
class _Weighted[T]:
    """Items with cumulative weights, drawn with a single ``random()`` call each."""

    items: tuple[T, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[T, float]]) -> Self:
        items: list[T] = []
        cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                items.append(item)
                cum.append(total)
        if not items:
            raise ValueError("nothing to choose from: every weight is zero")
        return cls(tuple(items), tuple(cum))

    def pick(self, rng: Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]

    def pick_distinct(self, rng: Random, k: int) -> list[T]:
        """Up to ``k`` distinct items in draw order; heavy items stay likely to come first."""
        chosen: list[T] = []
        k = min(k, len(self.items))
        for _ in range(k * 8):  # bounded: with a very skewed weighting a few draws repeat
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
                if len(chosen) == k:
                    break
        return chosen


def _day(rng: Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _variants(rng: Random, template: str) -> str:
    """Fill ``{a|b|c}`` alternatives, giving near-duplicate wordings of one template."""
    return _ALTERNATIVES.sub(lambda match: rng.choice(match.group(1).split("|")), template)


_ALTERNATIVES = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dict):
        raise TypeError("maps are only written to JSON Lines")
    return str(value)


class _Out:
    """One entity file, written a row at a time so memory stays flat at any size."""

    def __init__(self, folder: Path, stem: str) -> None:
        self.stem = stem
        self.fields = FIELDS[stem]
        self.jsonl = stem in JSONL
        self.count = 0
        suffix = ".jsonl" if self.jsonl else ".csv"
        self._file: IO[str] = (folder / f"{stem}{suffix}").open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        if not self.jsonl:
            self._csv.writerow(self.fields)

    def write(self, row: Row) -> None:
        if self.jsonl:
            present = {key: value for key, value in row.items() if value is not None}
            self._file.write(json.dumps(present, ensure_ascii=False, sort_keys=True) + "\n")
        else:
            self._csv.writerow([_cell(row.get(name)) for name in self.fields])
        self.count += 1

    def close(self) -> None:
        self._file.close()


# ---------------------------------------------------------------------------------------------
# Reference data and the shape of the synthetic world


@dataclass(frozen=True)
class _Reference:
    review_types: dict[str, dict[str, Any]]
    forces: dict[str, dict[str, Any]]
    territorial: tuple[str, ...]
    themes: tuple[str, ...]
    issues: tuple[str, ...]
    issue_theme: dict[str, str]
    issue_name: dict[str, str]
    strands: dict[str, str]
    systems_factors: tuple[str, ...]
    imr_criteria: tuple[str, ...]
    sectors: tuple[str, ...]

    @classmethod
    def read(cls) -> Self:
        by_name = {t.name: t.rows for t in read_reference()}
        forces = {row["code"]: row for row in by_name["forces"]}
        issues = by_name["perennial_issues"]
        return cls(
            review_types={row["code"]: row for row in by_name["review_types"]},
            forces=forces,
            territorial=tuple(c for c, row in forces.items() if row["kind"] == "territorial"),
            themes=tuple(row["code"] for row in by_name["themes"]),
            issues=tuple(row["code"] for row in issues),
            issue_theme={row["code"]: row["theme"] for row in issues},
            issue_name={row["code"]: row["name"] for row in issues},
            strands={row["code"]: row["name"] for row in by_name["strands"]},
            systems_factors=tuple(row["code"] for row in by_name["systems_factors"]),
            imr_criteria=tuple(row["code"] for row in by_name["imr_criteria"]),
            sectors=tuple(row["code"] for row in by_name["agency_sectors"]),
        )


# The word lists, templates and weights are data: see synthetic_tables and the YAML files under
# synthetic/. What stays here are the rules the generation logic names directly.

# Issue weights fall off as 1 / rank ** ZIPF_EXPONENT along the tables' issue order.
ZIPF_EXPONENT = 1.1
# Offensive weapons homicide reviews were piloted in these force areas only.
OWHR_PILOT_FORCES = frozenset({"metropolitan", "west-midlands", "south-wales"})
# In Wales the single unified review absorbed DHRs and OWHRs when it started.
ABSORBED_BY_SUSR = frozenset({"DHR", "OWHR"})
# Share of recommendations worded from the common ones, which recur across reviews.
COMMON_SHARE = 0.35

BRIEFING_SAMPLE = 1000  # published reviews remembered for citations; bounds memory


@dataclass
class _Cited:
    """A published review that briefings may cite, with its findings and their issues."""

    published_on: date
    review_id: str
    findings: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


@dataclass(frozen=True)
class _Review:
    review_id: str
    status: str
    review_type: str
    family: str
    forces: list[str]
    agencies: list[str]  # the review's forces first
    initiated: date
    published_on: date | None
    restricted: bool


@dataclass(frozen=True)
class _Finding:
    id: str
    issues: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class _Recommendation:
    id: str
    addressed_to: list[str]


# ---------------------------------------------------------------------------------------------
# The generator


class _Generator:
    def __init__(self, out: Path, reviews: int, seed: int) -> None:
        self.out = out
        self.reviews = reviews
        self.seed = seed
        self.ref = _Reference.read()
        self.tables = synthetic_tables()
        # Separate streams per part, so a change to one file does not reshuffle the others.
        # Reproducible pseudo-randomness is the point here, not secrecy.
        self.rng_world = Random(f"{seed}:world")  # noqa: S311
        self.rng = Random(f"{seed}:reviews")  # noqa: S311
        self.rng_extra = Random(f"{seed}:extra")  # noqa: S311
        self._build_weights()

    def _build_weights(self) -> None:
        ref = self.ref
        tables = self.tables
        ranked = [code for code in tables.reviews.issue_order if code in ref.issue_theme]
        ranked += [code for code in ref.issues if code not in ranked]
        base = {code: 1.0 / (rank + 1) ** ZIPF_EXPONENT for rank, code in enumerate(ranked)}
        self.issue_base = _Weighted.of((code, base[code]) for code in ranked)
        self.issues_by_family = {
            family: _Weighted.of((code, base[code] * tilt.get(code, 1.0)) for code in ranked)
            for family, tilt in tables.reviews.issue_tilt.items()
        }
        self.strands_by_family = {
            family: _Weighted.of((c, w) for c, w in weights.items() if c in ref.strands)
            for family, weights in tables.reviews.strands.items()
        }
        self.factors = _Weighted.of(
            (code, tables.findings.factor_weight.get(code, 2.0)) for code in ref.systems_factors
        )
        self.primary_force = _Weighted.of(
            (code, tables.reviews.force_weight.get(code, 1.0)) for code in ref.territorial
        )
        self.status = _Weighted.of(tables.reviews.status.items())
        self.susr_families = _Weighted.of(tables.reviews.susr_families.items())
        self.finding_kind = _Weighted.of(tables.findings.kind.items())
        self.factors_per_kind = {
            kind: _Weighted.of(counts.items())
            for kind, counts in tables.findings.factors_per_kind.items()
        }
        self.issues_per_finding = _Weighted.of(tables.findings.issues_per_finding.items())
        self.rec_level = _Weighted.of(tables.recommendations.level.items())
        self.change_type = _Weighted.of(tables.recommendations.change_type.items())
        self.change_status = {
            rec_status: _Weighted.of(weights.items())
            for rec_status, weights in tables.recommendations.change_status.items()
        }
        self.direction = _Weighted.of(tables.recommendations.direction.items())
        self.briefing_kind = _Weighted.of(tables.briefings.kind.items())
        self.resource_kind = _Weighted.of(tables.resources.kind.items())
        self.years = tuple(range(FIRST_YEAR, AS_OF.year + 1))
        # Reviews become more common over time as new review types start.
        self.year_weight = {year: 1.0 + 0.08 * (year - FIRST_YEAR) for year in self.years}
        susr = ref.review_types.get("SUSR", {}).get("validFrom")
        self.susr_from = date.fromisoformat(susr) if susr else None

    # -- world: agencies and areas -----------------------------------------------------------

    def write_agencies(self, out: _Out) -> None:
        rng = self.rng_world
        agency_tables = self.tables.agencies
        sectors = set(self.ref.sectors)
        used_places: set[str] = set()  # membership only; never iterated for output

        def place() -> str:
            while True:
                name = rng.choice(agency_tables.place_heads) + rng.choice(agency_tables.place_tails)
                if name not in used_places or len(used_places) >= 400:
                    used_places.add(name)
                    return name

        self.areas: dict[str, list[str]] = {}
        self.pools: dict[str, list[tuple[str, str]]] = {}  # force -> [(agency_id, sector)]
        counter = 0

        def add(name: str, sector: str, area: str) -> str:
            nonlocal counter
            counter += 1
            agency_id = f"A{counter:04d}"
            out.write({"agency_id": agency_id, "name": name, "sector": sector, "area": area})
            return agency_id

        names = agency_tables.agency_names
        national = [
            (add(names[s], s, "England and Wales"), s)
            for s in agency_tables.national_sectors
            if s in sectors
        ]
        force_weight = self.tables.reviews.force_weight
        for force in self.ref.territorial:
            size = 3 if force_weight.get(force, 1.0) >= 2 else rng.randint(1, 2)
            areas = [place() for _ in range(size)]
            self.areas[force] = areas
            pool: list[tuple[str, str]] = []
            for area in areas:
                pool += [
                    (add(names[s].format(area=area), s, area), s)
                    for s in agency_tables.area_sectors
                ]
            extras = rng.sample(agency_tables.extra_sectors, 2)
            for sector in (*agency_tables.force_sectors, *extras):
                area = rng.choice(areas)
                pool.append((add(names[sector].format(area=area), sector, area), sector))
            self.pools[force] = [(a, s) for a, s in pool + national if s in sectors]
        self.pool_weights = {
            (force, family): _Weighted.of(
                (
                    agency,
                    weights.get(sector, 1.0)
                    * (0.3 if sector in agency_tables.national_sectors else 1.0),
                )
                for agency, sector in pool
            )
            for force, pool in self.pools.items()
            for family, weights in agency_tables.sector_weight.items()
        }

    # -- reviews and everything hanging off them ---------------------------------------------

    def _type_for(self, force: str, on: date) -> str:
        country = self.ref.forces[force]["country"]
        welsh = country == "wales"
        pairs: list[tuple[str, float]] = []
        for code, weights in self.tables.reviews.type_weights.items():
            row = self.ref.review_types.get(code)
            if row is None:
                continue
            jurisdiction = row["jurisdiction"]
            if (jurisdiction == "wales" and not welsh) or (jurisdiction == "england" and welsh):
                continue
            if row["validFrom"] and on < date.fromisoformat(row["validFrom"]):
                continue
            if row["validUntil"] and on >= date.fromisoformat(row["validUntil"]):
                continue
            if welsh and code in ABSORBED_BY_SUSR and self.susr_from and on >= self.susr_from:
                continue
            if code == "OWHR" and force not in OWHR_PILOT_FORCES:
                continue
            pairs.append((code, weights.wales if welsh else weights.england))
        return _Weighted.of(pairs).pick(self.rng)

    def _initiated(self, first: date, last: date) -> date:
        years = [y for y in self.years if first.year <= y <= last.year]
        year = _Weighted.of((y, self.year_weight[y]) for y in years).pick(self.rng)
        return _day(self.rng, max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))

    def _publish_cap(self, review_type: str) -> date:
        # A former type is published no later than the year it ended (SCR by 2018, CPR by 2024).
        until = self.ref.review_types[review_type]["validUntil"]
        if until:
            return min(AS_OF, date(date.fromisoformat(until).year, 12, 31))
        return AS_OF

    def write_reviews(self, outs: dict[str, _Out]) -> None:
        rng = self.rng
        self.briefing_dates = self._briefing_dates()
        self.cited: list[_Cited] = []
        self.citable_seen = 0
        self.last_review: dict[str, str] = {}  # force -> latest review id, for joint reviews
        self.counters = {"change": 0, "outcome": 0, "imr": 0}
        for number in range(1, self.reviews + 1):
            review = self._draw_review(f"R{number:06d}")
            self._write_review(outs["reviews"], review)
            findings = self._write_findings(outs["findings"], review)
            self._remember_citable(review, findings)
            self._write_recommendations(outs, review, findings)
            if rng.random() < 0.3:
                self._write_imr(outs["imr_assessments"], review)

    def _draw_review(self, review_id: str) -> _Review:
        rng = self.rng
        status = self.status.pick(rng)
        force = self.primary_force.pick(rng)
        # Unpublished reviews are recent; published ones had time to finish.
        first, last = {
            "published": (date(FIRST_YEAR, 1, 1), AS_OF - timedelta(days=150)),
            "in_progress": (AS_OF - timedelta(days=900), AS_OF - timedelta(days=60)),
            "commissioned": (AS_OF - timedelta(days=240), AS_OF),
            "withdrawn": (date(2012, 1, 1), AS_OF - timedelta(days=90)),
        }[status]
        initiated = self._initiated(first, last)
        review_type = self._type_for(force, initiated)
        published_on: date | None = None
        if status == "published":
            span = (self._publish_cap(review_type) - initiated).days
            published_on = initiated + timedelta(rng.randint(min(150, span // 2), min(900, span)))
        family = self.tables.reviews.family_of_type.get(review_type) or self.susr_families.pick(rng)
        forces = [force]
        country = self.ref.forces[force]["country"]
        roll = rng.random()
        if roll < 0.12:
            neighbours = [
                f
                for f in self.ref.territorial
                if f != force and self.ref.forces[f]["country"] == country
            ]
            forces.append(rng.choice(neighbours))
        elif roll < 0.15 and country == "england" and "btp" in self.ref.forces:
            forces.append("btp")
        size = rng.randint(3, 8)
        local = self.pool_weights[(force, family)].pick_distinct(rng, size - len(forces))
        return _Review(
            review_id=review_id,
            status=status,
            review_type=review_type,
            family=family,
            forces=forces,
            agencies=forces + local,
            initiated=initiated,
            published_on=published_on,
            restricted=status != "published" or rng.random() < 0.05,
        )

    def _write_review(self, out: _Out, review: _Review) -> None:
        rng = self.rng
        review_tables = self.tables.reviews
        family = review.family
        if family == "child":
            age_group = "child"
        elif family in ("weapons", "offender"):
            age_group = "adult" if rng.random() < 0.85 else "child"
        else:
            age_group = "adult"
        if rng.random() < 0.02:
            age_group = "unknown"
        label = "Child" if age_group == "child" else "Adult"
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(rng.randint(1, 2)))
        type_name = self.ref.review_types[review.review_type]["name"].lower()
        strands = self.strands_by_family[family].pick_distinct(rng, rng.choice((1, 1, 2, 2, 3)))
        force = review.forces[0]
        area = rng.choice(self.areas[force])
        related: list[str] = []
        if rng.random() < 0.02 and force in self.last_review:
            related.append(self.last_review[force])
        self.last_review[force] = review.review_id
        public = review.published_on is not None and not review.restricted
        out.write(
            {
                "review_id": review.review_id,
                "title": f"{label} {letters}",
                "review_type": review.review_type,
                "status": review.status,
                "restricted": review.restricted,
                "published_on": review.published_on.isoformat() if review.published_on else None,
                "initiated_on": review.initiated.isoformat(),
                "force_ids": review.forces,
                "commissioned_by": review_tables.commissioners.get(
                    review.review_type, review_tables.commissioner_of_other_types
                ).format(area=area),
                "agency_ids": review.agencies,
                "strands": [s for s in self.ref.strands if s in strands],
                "subject_age_group": age_group,
                "summary": (
                    f"Synthetic {type_name} after "
                    f"{rng.choice(review_tables.events[family])}, generated for testing; not a "
                    "real case."
                ),
                "source_url": (
                    f"{URL_BASE}/reviews/{review.review_id}"
                    if public and rng.random() < 0.7
                    else None
                ),
                "related_review_ids": related,
            }
        )

    def _remember_citable(self, review: _Review, findings: list[_Finding]) -> None:
        if review.published_on is None or review.restricted:
            return
        self.citable_seen += 1
        entry = _Cited(review.published_on, review.review_id, [(f.id, f.issues) for f in findings])
        # Reservoir sampling keeps a fair, bounded sample of citable reviews.
        if len(self.cited) < BRIEFING_SAMPLE:
            self.cited.append(entry)
        else:
            slot = self.rng.randrange(self.citable_seen)
            if slot < BRIEFING_SAMPLE:
                self.cited[slot] = entry

    def _write_findings(self, out: _Out, review: _Review) -> list[_Finding]:
        """Write 5-15 findings and return them for the recommendations."""
        rng = self.rng
        ref = self.ref
        review_id = review.review_id
        agencies = review.agencies
        issues_weighted = self.issues_by_family[review.family]
        # A review keeps returning to a few issues; the rest of its findings range wider.
        focus = issues_weighted.pick_distinct(rng, rng.randint(2, 4))
        written: list[_Finding] = []
        for number in range(1, rng.randint(5, 15) + 1):
            finding_id = f"{review_id}-F{number:02d}"
            kind = self.finding_kind.pick(rng)
            issues: list[str] = []
            for _ in range(self.issues_per_finding.pick(rng)):
                issue = rng.choice(focus) if rng.random() < 0.7 else issues_weighted.pick(rng)
                if issue not in issues:
                    issues.append(issue)
            themes = [t for t in ref.themes if any(ref.issue_theme[i] == t for i in issues)]
            hinders = self.tables.findings.hinders_share[kind]
            factors = [
                f"{code}:{'hinders' if rng.random() < hinders else 'supports'}"
                for code in self.factors.pick_distinct(rng, self.factors_per_kind[kind].pick(rng))
            ]
            # Findings are learning for the police, so most concern the force.
            concerns = [agencies[0]] if rng.random() < 0.75 else [rng.choice(agencies)]
            if rng.random() < 0.35:
                other = rng.choice(agencies)
                if other not in concerns:
                    concerns.append(other)
            out.write(
                {
                    "finding_id": finding_id,
                    "review_id": review_id,
                    "text": self._finding_text(kind, issues[0]),
                    "kind": kind,
                    "perennial_issues": issues,
                    "themes": themes,
                    "systems_factors": factors,
                    "agency_ids": concerns,
                }
            )
            written.append(_Finding(finding_id, tuple(issues), kind))
        return written

    def _finding_text(self, kind: str, issue: str) -> str:
        rng = self.rng
        words = self.tables.findings
        actor = rng.choice(words.actors)
        name = self.ref.issue_name[issue].lower()
        return rng.choice(words.templates[kind]).format(
            actor=actor,
            actor_lc=actor[0].lower() + actor[1:],
            action=rng.choice(words.actions),
            event=rng.choice(words.events),
            slip=rng.choice(words.slips),
            signal=rng.choice(words.signals),
            good_act=rng.choice(words.good_acts),
            context=rng.choice(words.contexts),
            issue=name,
            issue_cap=name[0].upper() + name[1:],
        )

    def _rec_status(self, published_on: date | None) -> tuple[str, date | None]:
        rng = self.rng
        if published_on is None or (AS_OF - published_on).days < 30:
            return "open", None
        age = (AS_OF - published_on).days / 365.25
        # Older recommendations have had time to be implemented (or overtaken).
        implemented = min(0.7, 0.08 + 0.1 * age)
        superseded = min(0.08, 0.01 * age)
        status = _Weighted.of(
            [
                ("implemented", implemented),
                ("in_progress", max(0.05, 0.3 - 0.03 * age)),
                ("accepted", max(0.04, 0.25 - 0.03 * age)),
                ("open", max(0.03, 0.2 - 0.03 * age)),
                ("not_accepted", 0.05),
                ("superseded", superseded),
            ]
        ).pick(rng)
        if status == "open":
            return status, None
        return status, _day(rng, published_on + timedelta(days=14), AS_OF)

    def _write_recommendations(
        self, outs: dict[str, _Out], review: _Review, findings: list[_Finding]
    ) -> None:
        rng = self.rng
        rec_tables = self.tables.recommendations
        agencies = review.agencies
        published_on = review.published_on
        # Recommendations answer missed opportunities and observations, not good practice.
        targets = [f for f in findings if f.kind != "good_practice"] or findings
        recs: list[_Recommendation] = []
        for number in range(1, rng.randint(2, 8) + 1):
            rec_id = f"{review.review_id}-REC{number:02d}"
            addressed = rng.sample(targets, min(len(targets), rng.choice((1, 1, 2, 2, 3))))
            addressed.sort(key=lambda f: f.id)
            to = [agencies[0]] if rng.random() < 0.7 else [rng.choice(agencies)]
            if rng.random() < 0.3:
                other = rng.choice(agencies)
                if other not in to:
                    to.append(other)
            issue = addressed[0].issues[0]
            status, updated = self._rec_status(published_on)
            outs["recommendations"].write(
                {
                    "recommendation_id": rec_id,
                    "review_id": review.review_id,
                    "text": self._rec_text(issue, to[0] in self.ref.forces),
                    "addressed_to": to,
                    "addresses_findings": [f.id for f in addressed],
                    "level": self.rec_level.pick(rng),
                    "made_on": published_on.isoformat() if published_on else None,
                    "status": status,
                    "status_updated_on": updated.isoformat() if updated else None,
                }
            )
            recs.append(_Recommendation(rec_id, to))
            # Only recommendations with a status update (made at least a month before AS_OF)
            # get changes, so a change never starts after AS_OF.
            if published_on and updated and rng.random() < rec_tables.change_chance[status]:
                self._write_change(outs, recs, status, published_on, issue)

    def _rec_text(self, issue: str, to_force: bool) -> str:
        rng = self.rng
        words = self.tables.recommendations
        who = "The force" if to_force else rng.choice(words.other_addressees)
        if rng.random() < COMMON_SHARE:
            return _variants(rng, rng.choice(words.common)).replace("{who}", who)
        name = self.ref.issue_name[issue].lower()
        return f"{who} should {rng.choice(words.verbs)} {name} {rng.choice(words.purposes)}."

    def _write_change(
        self,
        outs: dict[str, _Out],
        recs: list[_Recommendation],
        rec_status: str,
        made_on: date,
        issue: str,
    ) -> None:
        """A practice change for the last of ``recs``, sometimes also answering an earlier one."""
        rng = self.rng
        rec_tables = self.tables.recommendations
        self.counters["change"] += 1
        change_id = f"PC{self.counters['change']:06d}"
        rec = recs[-1]
        agency = rng.choice(rec.addressed_to)
        implements = [rec.id]
        others = [r.id for r in recs[:-1] if agency in r.addressed_to]
        if others and rng.random() < 0.3:
            implements.insert(0, rng.choice(others))
        status = self.change_status[rec_status].pick(rng)
        started = _day(rng, made_on + timedelta(days=7), min(AS_OF, made_on + timedelta(400)))
        completed: date | None = None
        if status in ("implemented", "embedded"):
            completed = _day(rng, started, min(AS_OF, started + timedelta(days=540)))
        informed: list[str] = []
        before = bisect.bisect_left(self.briefing_dates, started)
        if before and rng.random() < 0.2:
            informed.append(f"B{rng.randint(max(1, before - 10), before):04d}")
        change_type = self.change_type.pick(rng)
        name = self.ref.issue_name[issue].lower()
        outs["practice_changes"].write(
            {
                "change_id": change_id,
                "agency_id": agency,
                "description": rec_tables.change_description[change_type].format(
                    issue=name,
                    audience=rng.choice(rec_tables.audiences),
                    unit=rng.choice(rec_tables.units),
                ),
                "change_type": change_type,
                "status": status,
                "implements": implements,
                "informed_by_briefings": informed,
                "started_on": started.isoformat(),
                "completed_on": completed.isoformat() if completed else None,
                "evidence": (
                    f"{URL_BASE}/evidence/{change_id}"
                    if rng.random() < 0.4
                    else rng.choice(rec_tables.evidence_notes)
                ),
            }
        )
        observed_first = started + timedelta(days=60)
        if observed_first <= AS_OF and rng.random() < rec_tables.outcome_chance[status]:
            self._write_outcome(outs["outcomes"], change_id, observed_first, name)

    def _write_outcome(self, out: _Out, change_id: str, first: date, issue: str) -> None:
        rng = self.rng
        self.counters["outcome"] += 1
        outcome_id = f"O{self.counters['outcome']:06d}"
        direction = self.direction.pick(rng)
        baseline = round(rng.uniform(30.0, 75.0), 1)
        shift = {
            "improved": rng.uniform(3.0, 25.0),
            "no_change": rng.uniform(-2.0, 2.0),
            "worsened": -rng.uniform(3.0, 15.0),
            "unknown": rng.uniform(-5.0, 5.0),
        }[direction]
        value: float | None = round(min(100.0, max(0.0, baseline + shift)), 1)
        base: float | None = baseline
        if direction == "unknown" and rng.random() < 0.5:
            value = base = None  # nothing comparable was measured
        measure = rng.choice(self.tables.recommendations.measures).format(issue=issue)
        out.write(
            {
                "outcome_id": outcome_id,
                "change_id": change_id,
                "description": f"{direction.replace('_', ' ').capitalize()}: {measure.lower()}",
                "direction": direction,
                "observed_on": _day(
                    rng, first, min(AS_OF, first + timedelta(days=660))
                ).isoformat(),
                "measure": measure,
                "value": value,
                "baseline": base,
                "evidence_url": f"{URL_BASE}/outcomes/{outcome_id}" if rng.random() < 0.3 else None,
            }
        )

    def _write_imr(self, out: _Out, review: _Review) -> None:
        rng = self.rng
        words = self.tables.imr_assessments
        agencies = review.agencies
        initiated = review.initiated
        # The force's own IMR is the one police reviewers most often assess.
        assessed = [agencies[0]] if rng.random() < 0.8 else []
        assessed += [a for a in rng.sample(agencies, rng.randint(1, 3)) if a not in assessed]
        last = max(initiated, (review.published_on or AS_OF) - timedelta(days=1))
        first = min(initiated + timedelta(days=30), last)
        for agency in assessed[:3]:
            self.counters["imr"] += 1
            quality = rng.random()
            criteria = rng.sample(self.ref.imr_criteria, rng.randint(4, 12))
            scores = {
                code: min(3, max(0, round(quality * 3 + rng.uniform(-1.0, 1.0))))
                for code in sorted(criteria)
            }
            out.write(
                {
                    "assessment_id": f"IMR{self.counters['imr']:06d}",
                    "review_id": review.review_id,
                    "agency_id": agency,
                    "assessed_on": _day(rng, first, last).isoformat(),
                    "assessor_role": rng.choice(words.assessor_roles),
                    "scores": scores,
                    "comment": rng.choice(words.comments) if rng.random() < 0.5 else None,
                }
            )

    # -- briefings, governance, resources ----------------------------------------------------

    def _briefing_dates(self) -> list[date]:
        # Drawn before the reviews so practice changes can cite briefings published earlier.
        rng = self.rng_extra
        count = self.reviews // 50 + 5
        return sorted(_day(rng, date(2013, 1, 1), AS_OF) for _ in range(count))

    def write_briefings(self, out: _Out) -> None:
        rng = self.rng_extra
        cited = sorted(self.cited, key=lambda c: (c.published_on, c.review_id))
        cited_dates = [c.published_on for c in cited]
        for number, published in enumerate(self.briefing_dates, start=1):
            kind = self.briefing_kind.pick(rng)
            issues = sorted(self.issue_base.pick_distinct(rng, rng.randint(1, 3)))
            themes = [
                t for t in self.ref.themes if any(self.ref.issue_theme[i] == t for i in issues)
            ]
            earlier = cited[: bisect.bisect_left(cited_dates, published)]
            reviews = rng.sample(earlier, min(len(earlier), rng.randint(1, 6)))
            findings = sorted(
                {f for c in reviews for f, found in c.findings if set(found) & set(issues)}
            )
            findings = rng.sample(findings, min(len(findings), rng.randint(0, 4)))
            name = self.ref.issue_name[issues[0]].lower()
            out.write(
                {
                    "briefing_id": f"B{number:04d}",
                    "title": self.tables.briefings.title[kind].format(
                        issue=name, month=published.strftime("%B %Y")
                    ),
                    "kind": kind,
                    "published_on": published.isoformat(),
                    "url": f"{URL_BASE}/briefings/B{number:04d}",
                    "covers_issues": issues,
                    "covers_themes": themes,
                    "cites_reviews": sorted(c.review_id for c in reviews),
                    "cites_findings": sorted(findings),
                }
            )

    def write_governance(self, out: _Out) -> None:
        rng = self.rng_extra
        words = self.tables.governance
        tracking = ("none", "spreadsheet", "case_system", "other")
        for force in self.ref.territorial:
            years = sorted(rng.sample(range(2019, AS_OF.year + 1), rng.randint(1, 3)))
            maturity = rng.randint(0, 2)  # forces start from different places and improve
            for year in years:
                recorded = _day(rng, date(year, 1, 1), min(AS_OF, date(year, 12, 31)))
                step = min(2, maturity + (year - 2019) // 3)
                out.write(
                    {
                        "force_id": force,
                        "recorded_on": recorded.isoformat(),
                        "has_review_team": step > 0 or rng.random() < 0.3,
                        "review_lead_role": rng.choice(words.lead_roles),
                        "oversight_board": rng.choice(words.boards),
                        "recommendation_tracking": (
                            tracking[step] if rng.random() < 0.9 else tracking[3]
                        ),
                        "imr_signoff_role": rng.choice(words.signoff_roles),
                        "notes": rng.choice(words.notes),
                    }
                )

    def write_resources(self, out: _Out) -> None:
        rng = self.rng_extra
        for number in range(1, self.reviews // 100 + 5 + 1):
            kind = self.resource_kind.pick(rng)
            issues = sorted(self.issue_base.pick_distinct(rng, rng.randint(1, 2)))
            themes = [
                t for t in self.ref.themes if any(self.ref.issue_theme[i] == t for i in issues)
            ]
            out.write(
                {
                    "resource_id": f"RES{number:04d}",
                    "title": self.tables.resources.title[kind].format(
                        issue=self.ref.issue_name[issues[0]].lower()
                    ),
                    "kind": kind,
                    "shared_by": self.primary_force.pick(rng),
                    "shared_on": _day(rng, date(2016, 1, 1), AS_OF).isoformat(),
                    "url": f"{URL_BASE}/resources/RES{number:04d}",
                    "issues": issues,
                    "themes": themes,
                }
            )

    def write_manifest(self) -> None:
        manifest = {
            "name": f"synthetic-{self.reviews}-reviews-seed-{self.seed}",
            "description": (
                "SYNTHETIC data, generated by graph_service.loaders.generate with seed "
                f"{self.seed} for {self.reviews} reviews. Not real reviews: agencies, areas, "
                "titles and texts are invented; only the reference codes are real. For tests, "
                "benchmarks and demos."
            ),
            "source": "synthetic",
            "format_version": 1,
        }
        text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)
        (self.out / "dataset.yaml").write_text(text, encoding="utf-8")


def generate_dataset(out: Path, *, reviews: int, seed: int) -> dict[str, int]:
    """Write a synthetic dataset in the import format into folder `out` (created; must be empty or absent); return rows written per file stem."""  # noqa: E501
    if reviews < 1:
        raise ValueError(f"reviews must be at least 1, got {reviews}; ask for one or more reviews")
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} exists and is not a folder; give a new or empty folder")
    if out.is_dir() and any(out.iterdir()):
        raise ValueError(f"{out} is not empty; give a new or empty folder, or empty it first")
    generator = _Generator(out, reviews, seed)
    out.mkdir(parents=True, exist_ok=True)
    outs = {stem: _Out(out, stem) for stem in FIELDS}
    try:
        generator.write_agencies(outs["agencies"])
        generator.write_reviews(outs)
        generator.write_briefings(outs["briefings"])
        generator.write_governance(outs["governance"])
        generator.write_resources(outs["resources"])
    finally:
        for writer in outs.values():
            writer.close()
    generator.write_manifest()
    return {stem: writer.count for stem, writer in outs.items()}


__all__ = ["FIELDS", "JSONL", "generate_dataset"]
