"""Synthetic datasets in the import format (version 1), for tests, benchmarks and demos.

Everything written here is invented: agency names and areas are fictional, texts come from
templates, and no real review is copied. Only the reference codes (forces, review types,
issues, ...) are real, because the loaders check them.

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


# How often each issue is found, most frequent first. Published analyses put weak risk
# assessment and poor information sharing at the top (domain research 7d); the tail is a guess.
# A Zipf-like weighting makes a few issues dominate and recur across every review type.
ISSUE_ORDER = (
    "INFORMATION_SHARING",
    "RISK_ASSESSMENT",
    "PROFESSIONAL_CURIOSITY",
    "VOICE_OF_THE_CHILD",
    "INTER_AGENCY_COMMUNICATION",
    "DECISION_MAKING",
    "SUPERVISION",
    "INTELLIGENCE_AND_DATA",
    "EFFECTIVE_INVESTIGATION",
    "EARLY_INTERVENTION",
    "TRAINING",
    "OPTIMISM_BIAS",
    "DISGUISED_COMPLIANCE",
    "PROFESSIONAL_DISPUTES",
    "POLICE_PUBLIC_RELATIONS",
    "WRITTEN_AGREEMENTS",
)
ZIPF_EXPONENT = 1.1

# Review families share subjects, strands, agencies and a slight tilt of issues.
FAMILY_OF_TYPE = {
    "SCR": "child",
    "CSPR": "child",
    "NCSPR": "child",
    "CPR": "child",
    "CDR": "child",
    "SAR": "adult",
    "APR": "adult",
    "DHR": "domestic",
    "DARDR": "domestic",
    "MAPPA_SCR": "offender",
    "PIMR": "offender",
    "OWHR": "weapons",
    "MHHR": "mental_health",
}
SUSR_FAMILIES = _Weighted.of([("child", 35.0), ("adult", 35.0), ("domestic", 30.0)])
ISSUE_TILT: dict[str, dict[str, float]] = {
    "child": {"VOICE_OF_THE_CHILD": 1.6, "DISGUISED_COMPLIANCE": 2.5, "OPTIMISM_BIAS": 1.8},
    "adult": {"PROFESSIONAL_CURIOSITY": 1.3, "WRITTEN_AGREEMENTS": 2.0},
    "domestic": {"RISK_ASSESSMENT": 1.4, "POLICE_PUBLIC_RELATIONS": 2.0},
    "offender": {"INTELLIGENCE_AND_DATA": 2.5, "SUPERVISION": 1.5},
    "weapons": {"INTELLIGENCE_AND_DATA": 2.0, "EARLY_INTERVENTION": 2.0},
    "mental_health": {"INTER_AGENCY_COMMUNICATION": 1.5, "DECISION_MAKING": 1.5},
}

# Relative frequency of review types where they are valid (England, Wales). DHRs, child
# reviews (SCR, then CSPR) and SARs dominate, as in the national libraries.
TYPE_WEIGHTS: dict[str, tuple[float, float]] = {
    "DHR": (30.0, 30.0),
    "SCR": (26.0, 0.0),
    "CSPR": (26.0, 0.0),
    "SAR": (20.0, 0.0),
    "CPR": (0.0, 22.0),
    "APR": (0.0, 16.0),
    "SUSR": (0.0, 70.0),
    "MAPPA_SCR": (1.2, 1.2),
    "MHHR": (2.0, 0.0),
    "NCSPR": (0.3, 0.0),
    "OWHR": (8.0, 8.0),  # only in the pilot areas, hence the high weight there
}
OWHR_PILOT_FORCES = frozenset({"metropolitan", "west-midlands", "south-wales"})
# In Wales the single unified review absorbed DHRs and OWHRs when it started.
ABSORBED_BY_SUSR = frozenset({"DHR", "OWHR"})

# Rough relative sizes, so big forces appear in more reviews.
FORCE_WEIGHT = {
    "metropolitan": 6.0,
    "greater-manchester": 2.6,
    "west-midlands": 2.6,
    "west-yorkshire": 2.2,
    "thames-valley": 2.1,
    "hampshire": 1.8,
    "kent": 1.7,
    "essex": 1.7,
    "devon-and-cornwall": 1.6,
    "avon-and-somerset": 1.6,
    "lancashire": 1.4,
    "sussex": 1.5,
    "northumbria": 1.3,
    "merseyside": 1.3,
    "south-yorkshire": 1.2,
    "south-wales": 1.2,
    "city-of-london": 0.1,
}

STATUS = _Weighted.of(
    [("published", 84.0), ("in_progress", 8.0), ("commissioned", 5.0), ("withdrawn", 3.0)]
)

STRANDS: dict[str, dict[str, float]] = {
    "child": {
        "CHILD_ABUSE": 10.0,
        "DOMESTIC_ABUSE": 4.0,
        "CHILD_SEXUAL_ABUSE_EXPLOITATION": 2.0,
        "CHILD_CRIMINAL_EXPLOITATION": 2.0,
        "MISSING_PERSONS": 1.5,
        "ONLINE_CHILD_SEXUAL_ABUSE": 1.0,
        "FGM": 0.2,
        "FORCED_MARRIAGE_HBA": 0.2,
    },
    "adult": {
        "ADULTS_AT_RISK": 10.0,
        "DOMESTIC_ABUSE": 2.0,
        "MODERN_SLAVERY_TRAFFICKING": 0.8,
        "PROSTITUTION_SEXUAL_EXPLOITATION": 0.5,
        "RAPE_SERIOUS_SEXUAL_OFFENCES": 0.5,
        "MISSING_PERSONS": 0.5,
    },
    "domestic": {
        "DOMESTIC_ABUSE": 10.0,
        "STALKING_HARASSMENT": 2.0,
        "ADULTS_AT_RISK": 1.0,
        "FORCED_MARRIAGE_HBA": 0.4,
    },
    "offender": {
        "SEXUAL_VIOLENT_OFFENDER_MANAGEMENT": 10.0,
        "RAPE_SERIOUS_SEXUAL_OFFENCES": 2.0,
        "DOMESTIC_ABUSE": 2.0,
    },
    "weapons": {
        "CHILD_CRIMINAL_EXPLOITATION": 3.0,
        "MODERN_SLAVERY_TRAFFICKING": 0.5,
        "DOMESTIC_ABUSE": 0.5,
    },
    "mental_health": {"ADULTS_AT_RISK": 3.0, "DOMESTIC_ABUSE": 2.0, "STALKING_HARASSMENT": 0.5},
}

EVENT = {
    "child": ("the death of a child", "serious harm to a child"),
    "adult": ("the death of an adult with care and support needs", "serious abuse of an adult"),
    "domestic": ("a domestic homicide", "a suspected victim suicide after domestic abuse"),
    "offender": ("a serious further offence by a managed offender",),
    "weapons": ("a homicide involving an offensive weapon",),
    "mental_health": ("a homicide by a person in contact with mental health services",),
}

COMMISSIONER = {
    "SCR": "{area} Local Safeguarding Children Board",
    "CSPR": "{area} Safeguarding Children Partnership",
    "NCSPR": "Child Safeguarding Practice Review Panel",
    "SAR": "{area} Safeguarding Adults Board",
    "DHR": "{area} Community Safety Partnership",
    "CPR": "{area} Regional Safeguarding Board",
    "APR": "{area} Regional Safeguarding Board",
    "SUSR": "{area} Regional Safeguarding Board",
    "MAPPA_SCR": "{area} MAPPA Strategic Management Board",
    "OWHR": "{area} Offensive Weapons Homicide Review Partnership",
    "MHHR": "NHS England regional team",
}

# Fictional place names: two invented halves, so agencies never name a real council or trust.
PLACE_HEADS = (
    "Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol", "Kel", "Lang", "Mar", "Nor",
    "Oak", "Pen", "Quen", "Rad", "Sel", "Tam", "Ulver", "Wen", "Whit", "Yar", "Brack", "Cor",
)  # fmt: skip
PLACE_TAILS = (
    "ford", "ham", "bury", "field", "mouth", "wick", "ton", "borough", "dale", "mere",
    "stow", "worth", "by", "caster", "leigh", "holme", "combe", "bridge",
)  # fmt: skip

# Each force area has these agencies per local authority area ...
AREA_SECTORS = ("childrens_social_care", "adult_social_care", "health_primary_care")
# ... these once per force area ...
FORCE_SECTORS = (
    "health_acute",
    "health_mental_health",
    "education",
    "housing",
    "domestic_abuse_services",
    "probation",
)
# ... two of these ...
EXTRA_SECTORS = (
    "ambulance",
    "health_visiting",
    "substance_misuse",
    "youth_justice",
    "voluntary_sector",
    "care_provider",
    "multi_agency_forum",
    "fire_and_rescue",
    "courts_and_cps",
    "health_commissioning",
    "employer",
    "other",
)
# ... and these exist once nationally.
NATIONAL_SECTORS = ("dwp", "immigration")

AGENCY_NAME = {
    "childrens_social_care": "{area} Council Children's Services",
    "adult_social_care": "{area} Council Adult Social Care",
    "health_primary_care": "{area} Primary Care Network",
    "health_acute": "{area} Hospitals NHS Trust",
    "health_mental_health": "{area} Mental Health NHS Trust",
    "ambulance": "{area} Ambulance Service",
    "health_visiting": "{area} Health Visiting Service",
    "substance_misuse": "{area} Drug and Alcohol Service",
    "health_commissioning": "{area} Integrated Care Board",
    "education": "{area} Learning Trust",
    "probation": "Probation Service, {area} delivery unit",
    "youth_justice": "{area} Youth Justice Service",
    "housing": "{area} Homes",
    "domestic_abuse_services": "{area} Domestic Abuse Service",
    "voluntary_sector": "{area} Community Support",
    "courts_and_cps": "{area} Family Court",
    "fire_and_rescue": "{area} Fire and Rescue Service",
    "dwp": "Department for Work and Pensions",
    "immigration": "Home Office Immigration Enforcement",
    "employer": "{area} Logistics Ltd",
    "care_provider": "{area} Care Homes Ltd",
    "multi_agency_forum": "{area} Multi-Agency Safeguarding Hub",
    "other": "{area} Faith Community Trust",
}

# Which partners take part, by review family (unlisted sectors weigh 1).
SECTOR_WEIGHT: dict[str, dict[str, float]] = {
    "child": {
        "childrens_social_care": 12.0,
        "education": 8.0,
        "health_primary_care": 6.0,
        "health_visiting": 8.0,
        "health_acute": 4.0,
        "multi_agency_forum": 3.0,
        "domestic_abuse_services": 2.0,
        "adult_social_care": 0.5,
    },
    "adult": {
        "adult_social_care": 12.0,
        "health_primary_care": 8.0,
        "health_acute": 5.0,
        "health_mental_health": 5.0,
        "care_provider": 5.0,
        "housing": 4.0,
        "ambulance": 3.0,
        "childrens_social_care": 0.5,
    },
    "domestic": {
        "domestic_abuse_services": 10.0,
        "health_primary_care": 8.0,
        "health_mental_health": 4.0,
        "housing": 4.0,
        "adult_social_care": 3.0,
        "childrens_social_care": 3.0,
        "probation": 3.0,
        "multi_agency_forum": 4.0,
    },
    "offender": {
        "probation": 14.0,
        "housing": 4.0,
        "health_mental_health": 4.0,
        "courts_and_cps": 3.0,
    },
    "weapons": {
        "youth_justice": 8.0,
        "education": 5.0,
        "probation": 5.0,
        "childrens_social_care": 4.0,
        "health_acute": 3.0,
    },
    "mental_health": {
        "health_mental_health": 14.0,
        "health_primary_care": 6.0,
        "adult_social_care": 4.0,
        "probation": 2.0,
    },
}

FINDING_KIND = _Weighted.of(
    [("missed_opportunity", 62.0), ("good_practice", 18.0), ("observation", 20.0)]
)
# Which way systems factors lean for each kind of finding.
HINDERS_SHARE = {"missed_opportunity": 0.9, "good_practice": 0.1, "observation": 0.6}
FACTORS_PER_KIND = {
    "missed_opportunity": _Weighted.of([(0, 10.0), (1, 35.0), (2, 35.0), (3, 20.0)]),
    "good_practice": _Weighted.of([(0, 30.0), (1, 45.0), (2, 20.0), (3, 5.0)]),
    "observation": _Weighted.of([(0, 35.0), (1, 40.0), (2, 20.0), (3, 5.0)]),
}
FACTOR_WEIGHT = {
    "TEAM_COMMS": 10.0,
    "INTER_AGENCY": 10.0,
    "WORK_ENV": 7.0,
    "TOOLS_TECH": 6.0,
    "ORG_MGMT": 6.0,
    "TASK": 5.0,
    "INDIVIDUAL": 4.0,
    "FAMILY_PRO": 4.0,
    "EXTERNAL": 2.0,
}
ISSUES_PER_FINDING = _Weighted.of([(1, 50.0), (2, 35.0), (3, 15.0)])

ACTORS = (
    "Response officers",
    "The call handler",
    "The investigating officer",
    "Neighbourhood officers",
    "The public protection unit",
    "The police researcher in the safeguarding hub",
    "The supervising sergeant",
    "The officer in the case",
)
EVENTS = (
    "a third report of domestic abuse at the address",
    "the subject was reported missing overnight",
    "a referral from the school",
    "a concern raised by a neighbour",
    "an arrest for a related offence",
    "a welfare check",
    "a disclosure to a health professional",
    "a breach of bail conditions",
    "a call from a family member",
)
ACTIONS = (
    "complete a structured risk assessment",
    "share the information with partner agencies",
    "speak to the child alone",
    "record the incident as a crime",
    "check the history held on police systems",
    "escalate the concern to a supervisor",
    "refer the case to the risk conference",
    "seek the views of the person at risk",
)
SLIPS = (
    "took the account given at face value",
    "closed the incident without further enquiry",
    "did not record the views of the person at risk",
    "relied on another agency's assessment",
    "treated each incident in isolation",
    "did not link the report to earlier intelligence",
)
SIGNALS = (
    "repeated calls from the same address",
    "visible injuries",
    "a known history of controlling behaviour",
    "missed health appointments",
    "escalating threats",
    "concerns raised by a relative",
)
GOOD_ACTS = (
    "made a prompt and detailed referral",
    "spoke to the person at risk alone and recorded their account",
    "linked the incident to earlier reports",
    "escalated the case to a multi-agency meeting",
    "checked all police systems before closing the incident",
)
CONTEXTS = (
    "high demand on the response team",
    "a change of police record system",
    "staff turnover in the safeguarding hub",
    "restrictions in place at the time",
    "unclear local procedures",
    "different thresholds between agencies",
)
FINDING_TEMPLATES = {
    "missed_opportunity": (
        "{actor} did not {action} after {event}; the review links this to {issue}.",
        "An opportunity was missed when {actor_lc} {slip} following {event} ({issue}).",
        "{issue_cap} was weak: {actor_lc} {slip} despite {signal}.",
    ),
    "good_practice": (
        "{actor} {good_act} after {event}, an example of good practice in {issue}.",
        "Good practice in {issue}: {actor_lc} {good_act}.",
    ),
    "observation": (
        "The review notes that {issue} was affected by {context}.",
        "{issue_cap} should be read in the light of {context} at the time of {event}.",
    ),
}

# Recommendations that recur across reviews with small changes of wording, as real ones do.
COMMON_RECOMMENDATIONS = (
    "{who} should {ensure|make sure} that {officers|frontline officers|all officers} complete "
    "a risk assessment at every domestic abuse incident.",
    "{who} should review how information about children is shared with children's social care "
    "{after|following} a domestic abuse incident.",
    "{who} should {remind|re-brief} staff {about|on} the escalation policy for resolving "
    "professional disagreements.",
    "{who} should {ensure|make sure} that the voice of the child is recorded in every "
    "{report|referral} to children's social care.",
    "{who} should {audit|review} the use of professional curiosity in {contacts|work} with "
    "families where risk is unclear.",
    "{who} should {ensure|make sure} that supervisors review all incidents involving repeat "
    "victims within {24|48} hours.",
    "{who} should {update|refresh} its training on coercive and controlling behaviour for "
    "{officers and staff|frontline officers}.",
    "{who} should {ensure|make sure} that records are checked across all systems before a "
    "referral is closed.",
    "{who} should {strengthen|review} the process for sharing police information with health "
    "partners in the safeguarding hub.",
    "{who} should {consider|explore} how {missing episodes|missing-from-home episodes} are "
    "linked to exploitation risk.",
    "{who} should seek assurance that learning from this review has been embedded in "
    "{practice|frontline practice}.",
    "{who} should {ensure|make sure} that officers speak to {children|the child} alone where it "
    "is safe to do so.",
)
COMMON_SHARE = 0.35
REC_VERBS = (
    "review its guidance on",
    "deliver refresher training on",
    "audit practice in",
    "introduce a checklist for",
    "strengthen management oversight of",
    "agree a joint protocol with partners on",
    "raise awareness among staff of",
)
REC_PURPOSES = (
    "so that risk is identified earlier",
    "to improve the experience of victims",
    "so that partners receive information promptly",
    "so that decisions are recorded with their rationale",
    "to reduce repeat victimisation",
    "so that learning reaches frontline staff",
)
REC_LEVEL = _Weighted.of([("local", 85.0), ("regional", 8.0), ("national", 7.0)])

CHANGE_TYPE = _Weighted.of(
    [
        ("training", 25.0),
        ("procedure", 20.0),
        ("policy", 15.0),
        ("guidance", 15.0),
        ("technology", 10.0),
        ("structure", 8.0),
        ("other", 7.0),
    ]
)
CHANGE_DESCRIPTION = {
    "training": "Training for {audience} on {issue}",
    "procedure": "New procedure for {issue} in the {unit}",
    "policy": "Revised force policy covering {issue}",
    "guidance": "Updated practice guidance on {issue} for {audience}",
    "technology": "Changes to the record system to support {issue}",
    "structure": "New {unit} role with responsibility for {issue}",
    "other": "Awareness campaign on {issue} for {audience}",
}
AUDIENCES = ("response officers", "call handlers", "supervisors", "investigators", "all staff")
UNITS = ("safeguarding hub", "public protection unit", "control room", "response team")
# Practice-change status, and how likely a change is, by the recommendation's status.
CHANGE_CHANCE = {
    "implemented": 0.7,
    "in_progress": 0.55,
    "accepted": 0.25,
    "open": 0.03,
    "not_accepted": 0.0,
    "superseded": 0.15,
}
CHANGE_STATUS = {
    "implemented": _Weighted.of([("implemented", 62.0), ("embedded", 33.0), ("abandoned", 5.0)]),
    "in_progress": _Weighted.of([("in_progress", 70.0), ("planned", 20.0), ("implemented", 10.0)]),
    "accepted": _Weighted.of([("planned", 60.0), ("in_progress", 40.0)]),
    "open": _Weighted.of([("planned", 100.0)]),
    "superseded": _Weighted.of([("abandoned", 50.0), ("implemented", 50.0)]),
}

OUTCOME_CHANCE = {
    "implemented": 0.65,
    "embedded": 0.75,
    "in_progress": 0.4,
    "abandoned": 0.1,
    "planned": 0.0,
}
DIRECTION = _Weighted.of(
    [("improved", 50.0), ("no_change", 22.0), ("worsened", 8.0), ("unknown", 20.0)]
)
MEASURES = (
    "Share of incidents in scope with a completed risk assessment (%)",
    "Share of referrals to partners sent within 24 hours (%)",
    "Share of audited cases rated good for {issue} (%)",
    "Share of staff trained on {issue} (%)",
    "Share of child referrals recording the child's views (%)",
    "Share of repeat-victim cases reviewed by a supervisor (%)",
)

ASSESSOR_ROLES = (
    "Review officer",
    "Review officer",
    "Review team manager",
    "Detective sergeant, review team",
    "Detective inspector, public protection",
    "Independent reviewer",
    "Safeguarding partnership business manager",
)
IMR_COMMENTS = (
    "Chronology complete; analysis mostly descriptive.",
    "Strong critical analysis; recommendations clearly owned.",
    "Submitted late and needed a second draft.",
    "Good account of the person's voice; context factors thin.",
    "Independence of the author not addressed.",
)

BRIEFING_KIND = _Weighted.of(
    [
        ("practice_briefing", 45.0),
        ("newsletter", 20.0),
        ("national_report", 10.0),
        ("training_input", 15.0),
        ("seminar", 10.0),
    ]
)
BRIEFING_TITLE = {
    "practice_briefing": "Learning from reviews: {issue}",
    "newsletter": "Review learning newsletter, {month}",
    "national_report": "National analysis of review learning on {issue}",
    "training_input": "Training input: {issue} in practice",
    "seminar": "Seminar: what reviews tell us about {issue}",
}
RESOURCE_KIND = _Weighted.of(
    [("template", 25.0), ("guidance", 35.0), ("good_practice", 25.0), ("training", 15.0)]
)
RESOURCE_TITLE = {
    "template": "Template: {issue} checklist",
    "guidance": "Guidance note on {issue}",
    "good_practice": "Good practice example: {issue}",
    "training": "Training pack: {issue}",
}

LEAD_ROLES = (
    "Detective chief inspector, public protection",
    "Head of safeguarding reviews",
    "Detective superintendent, safeguarding",
    "Review team manager",
)
BOARDS = (
    "Organisational learning board",
    "Public protection governance board",
    "Safeguarding strategic board",
    "Vulnerability delivery group",
)
SIGNOFF_ROLES = (
    "Detective superintendent",
    "Head of public protection",
    "Detective chief inspector",
    "Assistant chief constable",
)
GOVERNANCE_NOTES = (
    "Review learning reported quarterly to the chief officer group.",
    "Tracking moved to the case system during the year.",
    "Backlog of open recommendations under review.",
    "Review team expanded to cover adult reviews.",
    None,
)

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
        # Separate streams per part, so a change to one file does not reshuffle the others.
        # Reproducible pseudo-randomness is the point here, not secrecy.
        self.rng_world = Random(f"{seed}:world")  # noqa: S311
        self.rng = Random(f"{seed}:reviews")  # noqa: S311
        self.rng_extra = Random(f"{seed}:extra")  # noqa: S311
        self._build_weights()

    def _build_weights(self) -> None:
        ref = self.ref
        ranked = [code for code in ISSUE_ORDER if code in ref.issue_theme]
        ranked += [code for code in ref.issues if code not in ranked]
        base = {code: 1.0 / (rank + 1) ** ZIPF_EXPONENT for rank, code in enumerate(ranked)}
        self.issue_base = _Weighted.of((code, base[code]) for code in ranked)
        self.issues_by_family = {
            family: _Weighted.of((code, base[code] * tilt.get(code, 1.0)) for code in ranked)
            for family, tilt in ISSUE_TILT.items()
        }
        self.strands_by_family = {
            family: _Weighted.of((c, w) for c, w in weights.items() if c in ref.strands)
            for family, weights in STRANDS.items()
        }
        self.factors = _Weighted.of(
            (code, FACTOR_WEIGHT.get(code, 2.0)) for code in ref.systems_factors
        )
        self.primary_force = _Weighted.of(
            (code, FORCE_WEIGHT.get(code, 1.0)) for code in ref.territorial
        )
        self.years = tuple(range(FIRST_YEAR, AS_OF.year + 1))
        # Reviews become more common over time as new review types start.
        self.year_weight = {year: 1.0 + 0.08 * (year - FIRST_YEAR) for year in self.years}
        susr = ref.review_types.get("SUSR", {}).get("validFrom")
        self.susr_from = date.fromisoformat(susr) if susr else None

    # -- world: agencies and areas -----------------------------------------------------------

    def write_agencies(self, out: _Out) -> None:
        rng = self.rng_world
        sectors = set(self.ref.sectors)
        used_places: set[str] = set()  # membership only; never iterated for output

        def place() -> str:
            while True:
                name = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
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

        national = [
            (add(AGENCY_NAME[s], s, "England and Wales"), s)
            for s in NATIONAL_SECTORS
            if s in sectors
        ]
        for force in self.ref.territorial:
            size = 3 if FORCE_WEIGHT.get(force, 1.0) >= 2 else rng.randint(1, 2)
            areas = [place() for _ in range(size)]
            self.areas[force] = areas
            pool: list[tuple[str, str]] = []
            for area in areas:
                pool += [(add(AGENCY_NAME[s].format(area=area), s, area), s) for s in AREA_SECTORS]
            extras = rng.sample(EXTRA_SECTORS, 2)
            for sector in (*FORCE_SECTORS, *extras):
                area = rng.choice(areas)
                pool.append((add(AGENCY_NAME[sector].format(area=area), sector, area), sector))
            self.pools[force] = [(a, s) for a, s in pool + national if s in sectors]
        self.pool_weights = {
            (force, family): _Weighted.of(
                (agency, weights.get(sector, 1.0) * (0.3 if sector in NATIONAL_SECTORS else 1.0))
                for agency, sector in pool
            )
            for force, pool in self.pools.items()
            for family, weights in SECTOR_WEIGHT.items()
        }

    # -- reviews and everything hanging off them ---------------------------------------------

    def _type_for(self, force: str, on: date) -> str:
        country = self.ref.forces[force]["country"]
        welsh = country == "wales"
        pairs: list[tuple[str, float]] = []
        for code, (weight_england, weight_wales) in TYPE_WEIGHTS.items():
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
            pairs.append((code, weight_wales if welsh else weight_england))
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
        status = STATUS.pick(rng)
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
        family = FAMILY_OF_TYPE.get(review_type) or SUSR_FAMILIES.pick(rng)
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
                "commissioned_by": COMMISSIONER.get(
                    review.review_type, "{area} partnership"
                ).format(area=area),
                "agency_ids": review.agencies,
                "strands": [s for s in self.ref.strands if s in strands],
                "subject_age_group": age_group,
                "summary": (
                    f"Synthetic {type_name} after {rng.choice(EVENT[family])}, generated for "
                    "testing; not a real case."
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
            kind = FINDING_KIND.pick(rng)
            issues: list[str] = []
            for _ in range(ISSUES_PER_FINDING.pick(rng)):
                issue = rng.choice(focus) if rng.random() < 0.7 else issues_weighted.pick(rng)
                if issue not in issues:
                    issues.append(issue)
            themes = [t for t in ref.themes if any(ref.issue_theme[i] == t for i in issues)]
            hinders = HINDERS_SHARE[kind]
            factors = [
                f"{code}:{'hinders' if rng.random() < hinders else 'supports'}"
                for code in self.factors.pick_distinct(rng, FACTORS_PER_KIND[kind].pick(rng))
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
        actor = rng.choice(ACTORS)
        name = self.ref.issue_name[issue].lower()
        return rng.choice(FINDING_TEMPLATES[kind]).format(
            actor=actor,
            actor_lc=actor[0].lower() + actor[1:],
            action=rng.choice(ACTIONS),
            event=rng.choice(EVENTS),
            slip=rng.choice(SLIPS),
            signal=rng.choice(SIGNALS),
            good_act=rng.choice(GOOD_ACTS),
            context=rng.choice(CONTEXTS),
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
                    "level": REC_LEVEL.pick(rng),
                    "made_on": published_on.isoformat() if published_on else None,
                    "status": status,
                    "status_updated_on": updated.isoformat() if updated else None,
                }
            )
            recs.append(_Recommendation(rec_id, to))
            # Only recommendations with a status update (made at least a month before AS_OF)
            # get changes, so a change never starts after AS_OF.
            if published_on and updated and rng.random() < CHANGE_CHANCE[status]:
                self._write_change(outs, recs, status, published_on, issue)

    def _rec_text(self, issue: str, to_force: bool) -> str:
        rng = self.rng
        who = "The force" if to_force else rng.choice(("The agency", "Partner agencies"))
        if rng.random() < COMMON_SHARE:
            return _variants(rng, rng.choice(COMMON_RECOMMENDATIONS)).replace("{who}", who)
        name = self.ref.issue_name[issue].lower()
        return f"{who} should {rng.choice(REC_VERBS)} {name} {rng.choice(REC_PURPOSES)}."

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
        self.counters["change"] += 1
        change_id = f"PC{self.counters['change']:06d}"
        rec = recs[-1]
        agency = rng.choice(rec.addressed_to)
        implements = [rec.id]
        others = [r.id for r in recs[:-1] if agency in r.addressed_to]
        if others and rng.random() < 0.3:
            implements.insert(0, rng.choice(others))
        status = CHANGE_STATUS[rec_status].pick(rng)
        started = _day(rng, made_on + timedelta(days=7), min(AS_OF, made_on + timedelta(400)))
        completed: date | None = None
        if status in ("implemented", "embedded"):
            completed = _day(rng, started, min(AS_OF, started + timedelta(days=540)))
        informed: list[str] = []
        before = bisect.bisect_left(self.briefing_dates, started)
        if before and rng.random() < 0.2:
            informed.append(f"B{rng.randint(max(1, before - 10), before):04d}")
        change_type = CHANGE_TYPE.pick(rng)
        name = self.ref.issue_name[issue].lower()
        outs["practice_changes"].write(
            {
                "change_id": change_id,
                "agency_id": agency,
                "description": CHANGE_DESCRIPTION[change_type].format(
                    issue=name, audience=rng.choice(AUDIENCES), unit=rng.choice(UNITS)
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
                    else rng.choice(("Internal audit report", "Board minutes", None))
                ),
            }
        )
        observed_first = started + timedelta(days=60)
        if observed_first <= AS_OF and rng.random() < OUTCOME_CHANCE[status]:
            self._write_outcome(outs["outcomes"], change_id, observed_first, name)

    def _write_outcome(self, out: _Out, change_id: str, first: date, issue: str) -> None:
        rng = self.rng
        self.counters["outcome"] += 1
        outcome_id = f"O{self.counters['outcome']:06d}"
        direction = DIRECTION.pick(rng)
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
        measure = rng.choice(MEASURES).format(issue=issue)
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
                    "assessor_role": rng.choice(ASSESSOR_ROLES),
                    "scores": scores,
                    "comment": rng.choice(IMR_COMMENTS) if rng.random() < 0.5 else None,
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
            kind = BRIEFING_KIND.pick(rng)
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
                    "title": BRIEFING_TITLE[kind].format(
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
                        "review_lead_role": rng.choice(LEAD_ROLES),
                        "oversight_board": rng.choice(BOARDS),
                        "recommendation_tracking": (
                            tracking[step] if rng.random() < 0.9 else tracking[3]
                        ),
                        "imr_signoff_role": rng.choice(SIGNOFF_ROLES),
                        "notes": rng.choice(GOVERNANCE_NOTES),
                    }
                )

    def write_resources(self, out: _Out) -> None:
        rng = self.rng_extra
        for number in range(1, self.reviews // 100 + 5 + 1):
            kind = RESOURCE_KIND.pick(rng)
            issues = sorted(self.issue_base.pick_distinct(rng, rng.randint(1, 2)))
            themes = [
                t for t in self.ref.themes if any(self.ref.issue_theme[i] == t for i in issues)
            ]
            out.write(
                {
                    "resource_id": f"RES{number:04d}",
                    "title": RESOURCE_TITLE[kind].format(
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
