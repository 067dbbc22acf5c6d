"""Reference taxonomies: review types, forces, practice themes and perennial issues."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

Jurisdiction = Literal["england", "wales", "england_and_wales"]


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    definition: str | None = None
    source: str | None = None


class ReviewType(_Entry):
    jurisdiction: Jurisdiction
    statute: str | None = None
    status: Literal["current", "former"]
    replaces: list[str] = []
    replaced_by: list[str] = []
    valid_from: str | None = None
    valid_until: str | None = None


class Force(_Entry):
    listed_name: str | None = None
    country: str
    kind: Literal["territorial", "special"]


class Theme(_Entry):
    pass


class PerennialIssue(_Entry):
    provisional: bool = False
    theme_code: str | None = None


class Strand(_Entry):
    provisional: bool = False


class SystemsFactor(Strand):
    level: str | None = None


class ImrCriterion(Strand):
    levels: list[str] = []


class AgencySector(Strand):
    pass
