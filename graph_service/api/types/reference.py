"""GraphQL types of the reference taxonomies."""

from typing import Any

import strawberry

from graph_service.api.info import Info
from graph_service.api.types.enums import Jurisdiction
from graph_service.domain import reference as domain
from graph_service.domain.vocabulary import ForceKind, ReviewTypeStatus


@strawberry.type(description="A kind of statutory (or related) case review.")
class ReviewType:
    code: str = strawberry.field(description="Short code, e.g. CSPR, SAR, DHR.")
    name: str
    definition: str | None
    jurisdiction: Jurisdiction
    statute: str | None = strawberry.field(description="Legal basis or guidance.")
    current: bool = strawberry.field(description="False for types that were replaced.")
    replaces: list[str] = strawberry.field(description="Codes of the types this one replaced.")
    replaced_by: list[str] = strawberry.field(description="Codes of the types that replaced it.")
    valid_from: str | None = strawberry.field(description="ISO date the type took effect.")
    valid_until: str | None = strawberry.field(description="ISO date the type ended.")
    source: str | None = strawberry.field(description="Where the facts come from.")

    @classmethod
    def from_domain(cls, item: domain.ReviewType) -> "ReviewType":
        return cls(
            code=item.code,
            name=item.name,
            definition=item.definition,
            jurisdiction=Jurisdiction(item.jurisdiction),
            statute=item.statute,
            current=item.status is ReviewTypeStatus.CURRENT,
            replaces=item.replaces,
            replaced_by=item.replaced_by,
            valid_from=item.valid_from,
            valid_until=item.valid_until,
            source=item.source,
        )


@strawberry.type(description="A police force: the 43 territorial forces and special forces.")
class Force:
    code: str = strawberry.field(description="data.police.uk force id, e.g. west-midlands.")
    name: str
    listed_name: str | None = strawberry.field(description="Name on data.police.uk if different.")
    country: str
    territorial: bool
    source: str | None

    @classmethod
    def from_domain(cls, item: domain.Force) -> "Force":
        return cls(
            code=item.code,
            name=item.name,
            listed_name=item.listed_name,
            country=item.country.value,
            territorial=item.kind is ForceKind.TERRITORIAL,
            source=item.source,
        )


@strawberry.type(description="A top-level area of police practice that findings are grouped by.")
class Theme:
    code: str
    name: str
    definition: str | None
    source: str | None

    @classmethod
    def from_domain(cls, item: domain.Theme) -> "Theme":
        return cls(code=item.code, name=item.name, definition=item.definition, source=item.source)


@strawberry.type(
    description="A cross-cutting issue that recurs across reviews, whatever the crime type."
)
class PerennialIssue:
    code: str
    name: str
    definition: str | None
    provisional: bool = strawberry.field(
        description="True while the entry belongs to a working list, not an official one."
    )
    source: str | None
    theme_code: strawberry.Private[str | None]

    @strawberry.field(description="The practice theme the issue sits under.")
    async def theme(self, info: Info) -> Theme | None:
        if self.theme_code is None:
            return None
        found = (await info.context.reference.themes()).get(self.theme_code)
        return Theme.from_domain(found) if found else None

    @classmethod
    def from_domain(cls, item: domain.PerennialIssue) -> "PerennialIssue":
        return cls(
            code=item.code,
            name=item.name,
            definition=item.definition,
            provisional=item.provisional,
            source=item.source,
            theme_code=item.theme_code,
        )


@strawberry.interface(description="An entry of a reference taxonomy, with where it comes from.")
class TaxonomyEntry:
    code: str
    name: str
    definition: str | None
    provisional: bool = strawberry.field(
        description="True while the entry belongs to a working list, not an official one."
    )
    source: str | None

    @classmethod
    def _common(cls, item: domain.Strand) -> dict[str, Any]:
        return {
            "code": item.code,
            "name": item.name,
            "definition": item.definition,
            "provisional": item.provisional,
            "source": item.source,
        }


@strawberry.type(description="A harm or crime-type strand of vulnerability and public protection.")
class Strand(TaxonomyEntry):
    @classmethod
    def from_domain(cls, item: domain.Strand) -> "Strand":
        return cls(**cls._common(item))


@strawberry.type(description="A factor in the working system that supports or hinders practice.")
class SystemsFactor(TaxonomyEntry):
    level: str | None = strawberry.field(
        description="Where in the system it sits: individual, task, team, organisation, ..."
    )

    @classmethod
    def from_domain(cls, item: domain.SystemsFactor) -> "SystemsFactor":
        return cls(**cls._common(item), level=item.level)


@strawberry.type(description="What one score on an IMR quality criterion means.")
class ImrScoreLevel:
    score: int
    meaning: str


@strawberry.type(description="A criterion of the IMR quality rubric, scored 0 to 3.")
class ImrCriterion(TaxonomyEntry):
    levels: list[ImrScoreLevel] = strawberry.field(description="Scores 0 to 3 and their meaning.")

    @classmethod
    def from_domain(cls, item: domain.ImrCriterion) -> "ImrCriterion":
        levels = [ImrScoreLevel(score=i, meaning=m) for i, m in enumerate(item.levels)]
        return cls(**cls._common(item), levels=levels)


@strawberry.type(description="A kind of agency that takes part in reviews (police, health, ...).")
class AgencySector(TaxonomyEntry):
    @classmethod
    def from_domain(cls, item: domain.AgencySector) -> "AgencySector":
        return cls(**cls._common(item))
