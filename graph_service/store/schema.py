"""The graph's keys and indexes, declared once; each backend turns them into its own DDL."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeKey:
    """A uniqueness constraint on the application key of one label."""

    label: str
    property: str


@dataclass(frozen=True)
class RangeIndex:
    """An index for equality and range lookups on one property."""

    label: str
    property: str


@dataclass(frozen=True)
class FullTextIndex:
    """A full-text index over the text properties of one label."""

    label: str
    properties: tuple[str, ...]


@dataclass(frozen=True)
class GraphSchema:
    keys: tuple[NodeKey, ...]
    indexes: tuple[RangeIndex, ...]
    fulltext: tuple[FullTextIndex, ...]


_ID_KEYED = (
    "Review",
    "Agency",
    "Partnership",
    "Finding",
    "Recommendation",
    "PracticeChange",
    "Outcome",
    "ImrAssessment",
    "Briefing",
    "Resource",
    "GovernanceRecord",
    "LoadRun",
    "DerivedState",
    "Counter",
)
# The labels of the import format's entities: every load stamps them with the ordinal of the
# run that last changed them, which the change feed reads in order.
_CHANGE_TRACKED = (
    "Agency",
    "Review",
    "Finding",
    "Recommendation",
    "Briefing",
    "PracticeChange",
    "Outcome",
    "ImrAssessment",
    "GovernanceRecord",
    "Resource",
)
_CODE_KEYED = (
    "ReviewType",
    "Force",
    "PerennialIssue",
    "Theme",
    "Strand",
    "SystemsFactor",
    "ImrCriterion",
    "AgencySector",
)

GRAPH_SCHEMA = GraphSchema(
    keys=tuple(NodeKey(label, "id") for label in _ID_KEYED)
    + tuple(NodeKey(label, "code") for label in _CODE_KEYED)
    + (
        NodeKey("ApiKey", "keyId"),
        # Set while a key is active and cleared when it is revoked: no two active keys share
        # a name, even when two processes create one at the same moment.
        NodeKey("ApiKey", "activeName"),
        NodeKey("AuditEvent", "id"),
        # One tombstone per retired dataset entity, keyed '<stem>/<id>'.
        NodeKey("Retired", "key"),
        # Two processes registering the same query at once keep one registration.
        NodeKey("PersistedQuery", "hash"),
    ),
    indexes=(
        RangeIndex("Review", "reviewType"),
        RangeIndex("Review", "publishedOn"),
        RangeIndex("Review", "year"),
        RangeIndex("Review", "status"),
        RangeIndex("Finding", "kind"),
        # A review's visibility is copied onto these in the same write that changes it.
        RangeIndex("Finding", "reviewId"),
        RangeIndex("Recommendation", "reviewId"),
        RangeIndex("ImrAssessment", "reviewId"),
        RangeIndex("Recommendation", "status"),
        RangeIndex("PracticeChange", "status"),
        RangeIndex("Outcome", "direction"),
        RangeIndex("AuditEvent", "at"),
        RangeIndex("LoadRun", "ordinal"),
        # Visibility moved in a run: the rows linking to these change for readers at its end.
        RangeIndex("Review", "visibilityMovedIn"),
        RangeIndex("Finding", "visibilityMovedIn"),
        RangeIndex("Recommendation", "visibilityMovedIn"),
        # The change feed reads each kind, and the tombstones, in the order of their runs.
        *(RangeIndex(label, "changedIn") for label in (*_CHANGE_TRACKED, "Retired")),
    ),
    fulltext=(
        FullTextIndex("Review", ("title", "summary")),
        FullTextIndex("Finding", ("text",)),
        FullTextIndex("Recommendation", ("text",)),
        FullTextIndex("PracticeChange", ("description",)),
    ),
)
