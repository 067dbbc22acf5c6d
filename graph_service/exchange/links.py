"""What each import-format row says about the graph's shape: its entity's key, and which of
its fields name other entities or taxonomy codes. The graph formats (GraphML, neo4j-admin CSV,
JSON-LD) draw their nodes and relationships from this table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """An entity of the import format as a node: its stem, singular name and node label."""

    stem: str
    name: str  # singular, as in an IRI: /id/<name>/<id>
    label: str
    key: str  # the row's id field; governance records are keyed by force and date


@dataclass(frozen=True)
class Link:
    """A row field naming other nodes, by entity stem or by taxonomy."""

    field: str
    relationship: str
    target: str  # an entity stem, or a taxonomy name under TAXONOMIES
    # Systems factors are written CODE:effect; the effect becomes a property of the link.
    qualified: bool = False
    # The graph's relationship runs from the named node to the row's (a review IDENTIFIES
    # its findings), as in the service's own graph.
    reverse: bool = False


KINDS: dict[str, Kind] = {
    kind.stem: kind
    for kind in (
        Kind("agencies", "agency", "Agency", "agency_id"),
        Kind("reviews", "review", "Review", "review_id"),
        Kind("findings", "finding", "Finding", "finding_id"),
        Kind("recommendations", "recommendation", "Recommendation", "recommendation_id"),
        Kind("briefings", "briefing", "Briefing", "briefing_id"),
        Kind("practice_changes", "practice-change", "PracticeChange", "change_id"),
        Kind("outcomes", "outcome", "Outcome", "outcome_id"),
        Kind("imr_assessments", "imr-assessment", "ImrAssessment", "assessment_id"),
        Kind("governance", "governance-record", "GovernanceRecord", "force_id"),
        Kind("resources", "resource", "Resource", "resource_id"),
    )
}
BY_NAME = {kind.name: kind for kind in KINDS.values()}

# Taxonomies whose codes rows name: (singular name for IRIs, node label).
TAXONOMIES: dict[str, tuple[str, str]] = {
    "review_types": ("review-type", "ReviewType"),
    "forces": ("force", "Force"),
    "strands": ("strand", "Strand"),
    "perennial_issues": ("issue", "PerennialIssue"),
    "themes": ("theme", "Theme"),
    "systems_factors": ("systems-factor", "SystemsFactor"),
    "sectors": ("sector", "AgencySector"),
    "imr_criteria": ("imr-criterion", "ImrCriterion"),
}

# The graph's relationship types, named as the service's own graph names them.
LINKS: dict[str, tuple[Link, ...]] = {
    "agencies": (Link("sector", "IN_SECTOR", "sectors"),),  # a property in the graph
    "reviews": (
        Link("review_type", "OF_TYPE", "review_types"),
        Link("force_ids", "IN_FORCE_AREA", "forces"),
        Link("agency_ids", "INVOLVED", "agencies"),
        Link("strands", "CONCERNS", "strands"),
        Link("related_review_ids", "RELATED_TO", "reviews"),
    ),
    "findings": (
        Link("review_id", "IDENTIFIES", "reviews", reverse=True),
        Link("perennial_issues", "EXEMPLIFIES", "perennial_issues"),
        Link("themes", "ABOUT_THEME", "themes"),
        Link("systems_factors", "SHAPED_BY", "systems_factors", qualified=True),
        Link("agency_ids", "CONCERNS_AGENCY", "agencies"),
    ),
    "recommendations": (
        Link("review_id", "MAKES", "reviews", reverse=True),
        Link("addressed_to", "DIRECTED_TO", "agencies"),
        Link("addresses_findings", "ADDRESSES", "findings"),
    ),
    "briefings": (
        Link("covers_issues", "DISSEMINATES", "perennial_issues"),
        Link("covers_themes", "DISSEMINATES", "themes"),
        Link("cites_reviews", "CITES", "reviews"),
        Link("cites_findings", "DISSEMINATES", "findings"),
    ),
    "practice_changes": (
        Link("agency_id", "BY", "agencies"),
        Link("implements", "IMPLEMENTS", "recommendations"),
        Link("informed_by_briefings", "INFORMED_BY", "briefings"),
    ),
    "outcomes": (Link("change_id", "RESULTED_IN", "practice_changes", reverse=True),),
    "imr_assessments": (
        Link("review_id", "FOR_REVIEW", "reviews"),
        Link("agency_id", "ASSESSES_IMR_OF", "agencies"),
    ),
    "governance": (Link("force_id", "OF_FORCE", "forces"),),
    "resources": (
        Link("shared_by", "SHARED_BY", "forces"),
        Link("issues", "HELPS_WITH", "perennial_issues"),
        Link("themes", "HELPS_WITH", "themes"),
    ),
}


def node_id(stem: str, row: dict[str, object]) -> str:
    """The id of a row's entity: its key, or force and date for a governance record."""
    if stem == "governance":
        return f"{row['force_id']}:{row['recorded_on']}"
    return str(row[KINDS[stem].key])
