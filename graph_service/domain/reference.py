"""Reference taxonomies: review types, forces, practice themes and perennial issues."""

from pydantic import BaseModel, ConfigDict

from graph_service.domain.vocabulary import ForceCountry, ForceKind, Jurisdiction, ReviewTypeStatus


class Entry(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    definition: str | None = None
    source: str | None = None


class ReviewType(Entry):
    jurisdiction: Jurisdiction
    statute: str | None = None
    status: ReviewTypeStatus
    replaces: list[str] = []
    replaced_by: list[str] = []
    valid_from: str | None = None
    valid_until: str | None = None


class Force(Entry):
    listed_name: str | None = None
    country: ForceCountry
    kind: ForceKind


class Theme(Entry):
    pass


class PerennialIssue(Entry):
    provisional: bool = False
    theme_code: str | None = None


class Strand(Entry):
    provisional: bool = False


class SystemsFactor(Strand):
    level: str | None = None


class ImrCriterion(Strand):
    levels: list[str] = []


class AgencySector(Strand):
    pass
