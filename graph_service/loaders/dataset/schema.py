"""The files of the import format: each entity's stem, row model and key."""

from dataclasses import dataclass

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
    RetirementRow,
    ReviewRow,
)

SCORE_PREFIX = "score_"


@dataclass(frozen=True)
class Entity:
    stem: str
    model: type[BaseModel]
    key: tuple[str, ...]
    scores: bool = False  # CSV spreads the scores map over score_CODE columns

    def fields(self) -> set[str]:
        """Field names, as JSON Lines objects spell them."""
        return set(self.model.model_fields)

    def columns(self) -> set[str]:
        """Column names a CSV header may use besides score_CODE columns."""
        return self.fields() - {"scores"} if self.scores else self.fields()

    def required(self) -> set[str]:
        return {name for name, info in self.model.model_fields.items() if info.is_required()}


# In write order: everything a row links to is written before it.
ENTITIES = (
    Entity("agencies", AgencyRow, ("agency_id",)),
    Entity("reviews", ReviewRow, ("review_id",)),
    Entity("findings", FindingRow, ("finding_id",)),
    Entity("recommendations", RecommendationRow, ("recommendation_id",)),
    Entity("briefings", BriefingRow, ("briefing_id",)),
    Entity("practice_changes", PracticeChangeRow, ("change_id",)),
    Entity("outcomes", OutcomeRow, ("outcome_id",)),
    Entity("imr_assessments", ImrAssessmentRow, ("assessment_id",), scores=True),
    Entity("governance", GovernanceRow, ("force_id", "recorded_on")),
    Entity("resources", ResourceRow, ("resource_id",)),
)
BY_STEM = {entity.stem: entity for entity in ENTITIES}
# Not an entity: which entities already in the graph the dataset retires.
RETIREMENTS = Entity("retirements", RetirementRow, ("entity", "id"))
# Every file a dataset may hold besides dataset.yaml, in the order problems are listed.
FILES = (*ENTITIES, RETIREMENTS)
