"""What the workbench pages show, built from the API's answers: the filters a URL carries, the
heatmap's grid and trends, the findings behind a cell, an issue's pathway. Plain data, drawn by
the templates and written out as CSV by the same tables."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_service.domain.vocabulary import Jurisdiction
from graph_service.errors import PageQueryError

DIMENSIONS = {
    "PERENNIAL_ISSUE": "Perennial issues",
    "THEME": "Themes",
    "STRAND": "Strands",
    "SYSTEMS_FACTOR": "Systems factors",
}
MEASURES = {"reviews": "Reviews", "findings": "Findings"}
SEARCH_KINDS = {
    "REVIEW": "Reviews",
    "FINDING": "Findings",
    "RECOMMENDATION": "Recommendations",
    "PRACTICE_CHANGE": "Practice changes",
}
BRIEFING_DIMENSIONS = ("PERENNIAL_ISSUE", "THEME")
# The finding filter field that holds a code of each dimension (strands are the reviews').
FINDING_CODES = {
    "PERENNIAL_ISSUE": "perennialIssues",
    "THEME": "themes",
    "SYSTEMS_FACTOR": "systemsFactors",
}
# Earliest and latest years a filter may name: wide enough for any review, narrow enough to
# catch a mistyped year.
YEARS = range(1990, 2101)


@dataclass(frozen=True)
class Table:
    """A table as shown and as downloaded: a caption, column headings and rows of cells."""

    caption: str
    headings: Sequence[str]
    rows: Sequence[Sequence[str | int | float | None]]


@dataclass(frozen=True)
class Filters:
    """The heatmap's filters, as the URL carries them."""

    dimension: str = "PERENNIAL_ISSUE"
    measure: str = "reviews"
    year_from: int | None = None
    year_to: int | None = None
    forces: tuple[str, ...] = ()
    jurisdiction: str | None = None
    strands: tuple[str, ...] = ()

    @classmethod
    def parse(cls, query: Mapping[str, Sequence[str]]) -> "Filters":
        """From a URL's query; :class:`PageQueryError` names the parameter that is wrong."""
        dimension = one_value(query, "dimension") or "PERENNIAL_ISSUE"
        if dimension not in DIMENSIONS:
            raise PageQueryError(f"dimension {dimension!r} is not one of {', '.join(DIMENSIONS)}")
        measure = one_value(query, "measure") or "reviews"
        if measure not in MEASURES:
            raise PageQueryError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
        jurisdiction = one_value(query, "jurisdiction") or None
        if jurisdiction is not None and jurisdiction not in Jurisdiction.__members__:
            raise PageQueryError(
                f"jurisdiction {jurisdiction!r} is not one of {', '.join(Jurisdiction.__members__)}"
            )
        year_from, year_to = _year(query, "yearFrom"), _year(query, "yearTo")
        if year_from is not None and year_to is not None and year_from > year_to:
            raise PageQueryError(f"yearFrom {year_from} is after yearTo {year_to}")
        return cls(
            dimension=dimension,
            measure=measure,
            year_from=year_from,
            year_to=year_to,
            forces=_many(query, "forces"),
            jurisdiction=jurisdiction,
            strands=_many(query, "strands"),
        )

    def recurrence_filter(self) -> dict[str, Any]:
        return {
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "forces": list(self.forces) or None,
            "jurisdiction": self.jurisdiction,
            "strands": list(self.strands) or None,
        }

    def query(self, **more: str | None) -> list[tuple[str, str]]:
        """The URL query that shows this view (with ``more``), empty values left out."""
        pairs: list[tuple[str, str]] = [
            ("dimension", self.dimension),
            ("measure", self.measure),
        ]
        if self.year_from is not None:
            pairs.append(("yearFrom", str(self.year_from)))
        if self.year_to is not None:
            pairs.append(("yearTo", str(self.year_to)))
        pairs += [("forces", code) for code in self.forces]
        if self.jurisdiction:
            pairs.append(("jurisdiction", self.jurisdiction))
        pairs += [("strands", code) for code in self.strands]
        pairs += [(name, value) for name, value in more.items() if value]
        return pairs


@dataclass(frozen=True)
class Cell:
    value: int
    background: str
    ink: str
    review_type: str


@dataclass(frozen=True)
class HeatmapRow:
    code: str
    name: str
    total: int
    cells: Sequence[Cell]
    trend: Sequence[tuple[int, int]]  # (year, value)


@dataclass(frozen=True)
class Heatmap:
    columns: Sequence[tuple[str, str]]  # (review type code, name)
    rows: Sequence[HeatmapRow]
    years: Sequence[int]
    largest: int
    legend: Sequence[tuple[str, str, str]] = field(default_factory=tuple)  # (range, bg, ink)

    def table(self, filters: Filters) -> Table:
        measure = MEASURES[filters.measure].lower()
        return Table(
            caption=f"{DIMENSIONS[filters.dimension]} by review type ({measure})",
            headings=["Code", "Name", "Total", *(name for _, name in self.columns)],
            rows=[
                [row.code, row.name, row.total, *(cell.value for cell in row.cells)]
                for row in self.rows
            ],
        )

    def trend_table(self, filters: Filters) -> Table:
        measure = MEASURES[filters.measure].lower()
        return Table(
            caption=f"{DIMENSIONS[filters.dimension]} by year ({measure})",
            headings=["Code", "Name", *(str(year) for year in self.years)],
            rows=[
                [row.code, row.name, *(dict(row.trend).get(year, 0) for year in self.years)]
                for row in self.rows
            ],
        )


# A sequential scale from pale to deep blue; each shade's ink is whichever of black and white
# contrasts more with it (at least 4.5:1 for every shade here, WCAG 2.2 AA for text).
SHADES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")


def heatmap(
    issues: Sequence[Mapping[str, Any]],
    review_types: Sequence[Mapping[str, Any]],
    measure: str,
) -> Heatmap:
    """The grid of ``recurringIssues``: a row per code in the API's order, a column per review
    type that has any count, each cell shaded by its share of the largest."""
    names = {each["code"]: each["name"] for each in review_types}
    counts = {
        issue["code"]: {each["reviewType"]: each[measure] for each in issue["byReviewType"]}
        for issue in issues
    }
    present = {code for by_type in counts.values() for code, n in by_type.items() if n}
    columns = [(code, names.get(code, code)) for code in sorted(present)]
    largest = max((n for by_type in counts.values() for n in by_type.values()), default=0)
    years = sorted(
        {each["year"] for issue in issues for each in issue["byYear"] if each["year"] is not None}
    )
    rows = [
        HeatmapRow(
            code=issue["code"],
            name=issue["name"] or issue["code"],
            total=issue[measure],
            cells=[_cell(counts[issue["code"]].get(code, 0), largest, code) for code, _ in columns],
            trend=[
                (each["year"], each[measure])
                for each in issue["byYear"]
                if each["year"] is not None
            ],
        )
        for issue in issues
    ]
    return Heatmap(columns, rows, years, largest, _legend(largest))


def _cell(value: int, largest: int, review_type: str) -> Cell:
    background = _shade(value, largest)
    return Cell(value, background, _ink(background), review_type)


def _shade(value: int, largest: int) -> str:
    if value <= 0 or largest <= 0:
        return SHADES[0]
    step = max(1, round(value / largest * (len(SHADES) - 1)))
    return SHADES[min(step, len(SHADES) - 1)]


def _legend(largest: int) -> list[tuple[str, str, str]]:
    """Which shade means what: the range of values each shade stands for (the inverse of
    :func:`_shade`, worked out per shade rather than per value)."""
    legend = [("0", SHADES[0], _ink(SHADES[0]))]
    steps = len(SHADES) - 1
    for step in range(1, steps + 1):
        # _shade gives step s to the values v >= 1 with round(v / largest * steps) == s (the
        # first step also takes those that round to 0); find the first and last of them.
        low = 1 if step == 1 else _first_value(step, largest, steps)
        high = largest if step == steps else _first_value(step + 1, largest, steps) - 1
        if 1 <= low <= high:
            label = str(low) if low == high else f"{low} to {high}"
            legend.append((label, SHADES[step], _ink(SHADES[step])))
    return legend


def _first_value(step: int, largest: int, steps: int) -> int:
    """The smallest value >= 1 that :func:`_shade` gives ``step`` or a later one."""
    guess = max(1, int((step - 0.5) * largest / steps) - 1)
    while guess <= largest and round(guess / largest * steps) < step:
        guess += 1
    return guess


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours (#rrggbb)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _ink(background: str) -> str:
    return max(("#000000", "#ffffff"), key=lambda ink: contrast(ink, background))


@dataclass(frozen=True)
class FindingRow:
    review_id: str
    review_title: str
    review_type: str
    year: int | None
    forces: str
    finding_id: str
    text: str
    kind: str
    codes: str


def finding_rows(
    nodes: Sequence[Mapping[str, Any]], filters: Filters, *, strand: str | None = None
) -> list[FindingRow]:
    """The findings of one page of the API's answer that the heatmap's review filters keep
    (forces, jurisdiction and strands are the reviews', which the finding filter lacks), and
    whose review has ``strand`` when one is given (a cell of the strands heatmap)."""
    kept: list[FindingRow] = []
    for node in nodes:
        review = node["review"]
        if review is None or not _review_matches(review, filters):
            continue
        if strand is not None and strand not in {each["code"] for each in review["strands"]}:
            continue
        codes = [each["code"] for each in node["perennialIssues"]]
        codes += [each["code"] for each in node["themes"]]
        codes += [
            f"{each['factor']['code']} ({each['effect'].lower()})"
            for each in node["systemsFactors"]
        ]
        kept.append(
            FindingRow(
                review_id=review["id"],
                review_title=review["title"],
                review_type=(review["reviewType"] or {}).get("name") or review["reviewTypeCode"],
                year=review["year"],
                forces=", ".join(force["name"] for force in review["forces"]),
                finding_id=node["id"],
                text=node["text"],
                kind=node["kind"],
                codes=", ".join(codes),
            )
        )
    return kept


def _review_matches(review: Mapping[str, Any], filters: Filters) -> bool:
    if filters.forces and not {f["code"] for f in review["forces"]} & set(filters.forces):
        return False
    if filters.jurisdiction and review["jurisdiction"] != filters.jurisdiction:
        return False
    return not (
        filters.strands and not {s["code"] for s in review["strands"]} & set(filters.strands)
    )


def findings_table(rows: Sequence[FindingRow], caption: str) -> Table:
    return Table(
        caption=caption,
        headings=[
            "Review",
            "Review title",
            "Review type",
            "Year",
            "Forces",
            "Finding",
            "Kind",
            "Codes",
            "Text",
        ],
        rows=[
            [
                r.review_id,
                r.review_title,
                r.review_type,
                r.year,
                r.forces,
                r.finding_id,
                r.kind,
                r.codes,
                r.text,
            ]
            for r in rows
        ],
    )


@dataclass(frozen=True)
class Stage:
    label: str
    count: int


@dataclass(frozen=True)
class Pathway:
    code: str
    name: str
    stages: Sequence[Stage]
    outcomes: Sequence[Stage]
    open_recommendations: int
    changes_without_outcome: int
    rates: Sequence[tuple[str, float | None]]

    def table(self) -> Table:
        rows: list[list[str | int | float | None]] = [
            [stage.label, stage.count] for stage in self.stages
        ]
        rows += [[f"Outcome: {stage.label}", stage.count] for stage in self.outcomes]
        rows.append(["Open recommendations (no practice change)", self.open_recommendations])
        rows.append(["Practice changes with no outcome", self.changes_without_outcome])
        return Table(
            caption=f"Pathway of {self.code} {self.name}", headings=["Stage", "Count"], rows=rows
        )


def pathway(answer: Mapping[str, Any]) -> Pathway:
    stages = answer["stages"]
    by_direction = stages["outcomesByDirection"]
    issue = answer["issue"] or {}
    return Pathway(
        code=answer["code"],
        name=issue.get("name") or "",
        stages=[
            Stage("Reviews", stages["reviews"]),
            Stage("Findings", stages["findings"]),
            Stage("Recommendations", stages["recommendations"]),
            Stage("Practice changes", stages["practiceChanges"]),
            Stage("Outcomes", stages["outcomes"]),
        ],
        outcomes=[
            Stage("improved", by_direction["improved"]),
            Stage("no change", by_direction["noChange"]),
            Stage("worse", by_direction["worsened"]),
            Stage("unknown", by_direction["unknown"]),
        ],
        open_recommendations=answer["openRecommendations"]["totalCount"],
        changes_without_outcome=answer["changesWithoutOutcome"]["totalCount"],
        rates=[
            ("Findings addressed by a recommendation", stages["findingsAddressed"]),
            ("Recommendations implemented", stages["recommendationsImplemented"]),
            ("Practice changes with an outcome", stages["changesWithOutcome"]),
            ("Outcomes improved", stages["outcomesImproved"]),
        ],
    )


def open_recommendations_table(
    nodes: Sequence[Mapping[str, Any]], today: date, caption: str
) -> Table:
    rows: list[list[str | int | float | None]] = []
    for node in nodes:
        made = date.fromisoformat(node["madeOn"]) if node["madeOn"] else None
        directed = ", ".join(agency["name"] for agency in node["directedTo"])
        if node["directedToCount"] > len(node["directedTo"]):
            directed += f" and {node['directedToCount'] - len(node['directedTo'])} more"
        rows.append(
            [
                node["id"],
                (node["review"] or {}).get("title", ""),
                node["level"],
                node["status"],
                node["madeOn"],
                (today - made).days if made else None,
                directed,
                node["text"],
            ]
        )
    return Table(
        caption=caption,
        headings=[
            "Recommendation",
            "Review",
            "Level",
            "Status",
            "Made on",
            "Age (days)",
            "Directed to",
            "Text",
        ],
        rows=rows,
    )


def one_value(query: Mapping[str, Sequence[str]], name: str) -> str:
    """A URL parameter given once (the last, when given more than once), stripped; or ""."""
    values = query.get(name) or []
    return values[-1].strip() if values else ""


def _many(query: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    return tuple(sorted({v.strip() for v in query.get(name) or [] if v.strip()}))


def _year(query: Mapping[str, Sequence[str]], name: str) -> int | None:
    text = one_value(query, name)
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4) or int(text) not in YEARS:
        raise PageQueryError(
            f"{name} {text!r} is not a year between {YEARS.start} and {YEARS.stop - 1}"
        )
    return int(text)


@dataclass(frozen=True)
class Briefing:
    """A practice briefing on one issue or theme over a period: its key figures, where it
    recurs (reviews by review type), representative findings with what followed them."""

    code: str
    name: str
    figures: Sequence[tuple[str, str]]
    by_type: Sequence[tuple[str, int]]  # (review type name, reviews), most first
    findings: Sequence[Mapping[str, Any]]
    finding_total: int

    def table(self) -> Table:
        rows: list[list[str | int | float | None]] = [
            [label, value] for label, value in self.figures
        ]
        rows += [[f"Reviews: {name}", count] for name, count in self.by_type]
        return Table(
            caption=f"Briefing on {self.code} {self.name}", headings=["Figure", "Value"], rows=rows
        )


def briefing(
    code: str,
    name: str,
    recurrence: Sequence[Mapping[str, Any]],
    review_types: Sequence[Mapping[str, Any]],
    findings: Mapping[str, Any],
    flow: Pathway | None,
) -> Briefing:
    row = next((each for each in recurrence if each["code"] == code), None)
    names = {each["code"]: each["name"] for each in review_types}
    figures: list[tuple[str, str]] = [
        ("Reviews raising it", str(row["reviews"] if row else 0)),
        ("Findings coded with it", str(row["findings"] if row else 0)),
        ("Kinds of review", str(row["reviewTypeCount"] if row else 0)),
        ("Force areas", str(row["forceCount"] if row else 0)),
    ]
    if row and row["firstSeen"]:
        figures.append(("First and last seen", f"{row['firstSeen']} to {row['lastSeen']}"))
    if flow is not None:
        stages = {stage.label: stage.count for stage in flow.stages}
        figures += [
            ("Recommendations (all years)", str(stages["Recommendations"])),
            ("Open recommendations (no practice change)", str(flow.open_recommendations)),
            ("Practice changes (all years)", str(stages["Practice changes"])),
            ("Outcomes improved", str(flow.outcomes[0].count)),
        ]
    by_type = sorted(
        (
            (names.get(each["reviewType"], each["reviewType"]), each["reviews"])
            for each in (row["byReviewType"] if row else [])
            if each["reviews"]
        ),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return Briefing(code, name, figures, by_type, findings["nodes"], findings["totalCount"])


def search_table(hits: Sequence[Mapping[str, Any]], text: str) -> Table:
    rows: list[list[str | int | float | None]] = []
    for hit in hits:
        review = hit["review"] or {}
        found = (
            (hit["finding"] or {}).get("text")
            or (hit["recommendation"] or {}).get("text")
            or (hit["practiceChange"] or {}).get("description")
            or ""
        )
        rows.append(
            [hit["kind"], hit["id"], hit["score"], review.get("id"), review.get("title"), found]
        )
    return Table(
        caption=f"Search results for {text}",
        headings=["Kind", "Id", "Score", "Review", "Review title", "Text"],
        rows=rows,
    )
