"""Each fixed vocabulary is defined once: the import format, the reference taxonomies and GraphQL
use the domain's enums."""

import types
import typing
from enum import Enum

import pytest
from pydantic import BaseModel, ValidationError

from graph_service.api.schema import build_schema
from graph_service.domain import reference as domain_reference
from graph_service.domain import vocabulary
from graph_service.loaders import reference as reference_loader
from graph_service.loaders.dataset import rows

VOCABULARIES = [
    value
    for value in vars(vocabulary).values()
    if isinstance(value, type)
    and issubclass(value, Enum)
    and value.__module__ == vocabulary.__name__
]


def _enums_in(annotation: object) -> set[type[Enum]]:
    """The enums an annotation names, through Optional, Annotated and unions."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return {annotation}
    found: set[type[Enum]] = set()
    for argument in typing.get_args(annotation):
        found |= _enums_in(argument)
    return found


def _literals_in(annotation: object) -> bool:
    if typing.get_origin(annotation) is typing.Literal:
        return True
    if isinstance(annotation, types.UnionType) or typing.get_args(annotation):
        return any(_literals_in(argument) for argument in typing.get_args(annotation))
    return False


def _models_of(module: types.ModuleType) -> list[type[BaseModel]]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == module.__name__
    ]


# The import format's rows, the reference taxonomies' YAML entries and the reference entries
# the repository returns: each value they hold from a fixed list comes from vocabulary.py.
VOCABULARY_USERS = [
    *(model for model in _models_of(rows) if model is not rows.Row),
    *_models_of(reference_loader),
    *_models_of(domain_reference),
]


def _own_vocabularies(model: type[BaseModel]) -> list[str]:
    """The fields of ``model`` that spell a vocabulary instead of naming one of the domain's."""
    return [
        f"{model.__name__}.{name}"
        for name, field in model.model_fields.items()
        if _literals_in(field.annotation)
        or any(enum.__module__ != vocabulary.__name__ for enum in _enums_in(field.annotation))
    ]


@pytest.mark.parametrize("model", VOCABULARY_USERS, ids=lambda m: f"{m.__module__}.{m.__name__}")
def test_no_model_spells_a_vocabulary_of_its_own(model: type[BaseModel]) -> None:
    assert _own_vocabularies(model) == []


def test_the_reference_models_are_among_those_checked() -> None:
    checked = set(VOCABULARY_USERS)
    assert {reference_loader.ReviewTypeEntry, reference_loader.ForceEntry} <= checked
    assert {domain_reference.ReviewType, domain_reference.Force} <= checked


def test_a_vocabulary_of_its_own_is_found() -> None:
    class Spelt(BaseModel):
        kind: typing.Literal["territorial", "special"] | None = None
        status: vocabulary.ReviewTypeStatus

    assert _own_vocabularies(Spelt) == ["Spelt.kind"]


# Vocabularies GraphQL shows as a field of another type rather than as an enum of their own:
# the type and the field's line in the schema.
SHOWN_AS_A_FIELD: dict[type[Enum], tuple[str, str]] = {
    vocabulary.ReviewTypeStatus: ("ReviewType", "current: Boolean!"),
    vocabulary.ForceKind: ("Force", "territorial: Boolean!"),
    vocabulary.ForceCountry: ("Force", "country: String!"),
    vocabulary.EntityFile: ("Change", "entity: String!"),
}


@pytest.mark.parametrize("enum", SHOWN_AS_A_FIELD, ids=lambda e: e.__name__)
def test_graphql_shows_a_reference_vocabulary_as_a_field(enum: type[Enum]) -> None:
    served = build_schema().as_str()
    type_name, field = SHOWN_AS_A_FIELD[enum]
    assert f"enum {enum.__name__} {{" not in served
    block = served.split(f"\ntype {type_name} {{", 1)[1].split("}", 1)[0]
    assert field in [line.strip() for line in block.splitlines()]


@pytest.mark.parametrize(
    "enum", [v for v in VOCABULARIES if v not in SHOWN_AS_A_FIELD], ids=lambda e: e.__name__
)
def test_graphql_serves_the_domain_vocabulary(enum: type[Enum]) -> None:
    served = build_schema().as_str()
    names = " ".join(member.name for member in enum)
    assert f"enum {enum.__name__} {{" in served
    block = served.split(f"enum {enum.__name__} {{", 1)[1].split("}", 1)[0]
    assert block.split() == names.split()


def test_a_value_outside_a_vocabulary_is_refused_by_the_import_format() -> None:
    with pytest.raises(ValidationError, match="'commissioned', 'in_progress'"):
        rows.ReviewRow(review_id="R1", title="t", review_type="CSPR", status="open")
