"""Each fixed vocabulary is defined once: the import format and GraphQL use the domain's enums."""

import types
import typing
from enum import Enum

import pytest
from pydantic import BaseModel, ValidationError

from graph_service.api.schema import build_schema
from graph_service.domain import vocabulary
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


ROW_MODELS = [
    value
    for value in vars(rows).values()
    if isinstance(value, type) and issubclass(value, BaseModel) and value is not rows.Row
]


@pytest.mark.parametrize("model", ROW_MODELS, ids=lambda m: m.__name__)
def test_import_format_spells_no_vocabulary_of_its_own(model: type[BaseModel]) -> None:
    for name, field in model.model_fields.items():
        assert not _literals_in(field.annotation), f"{model.__name__}.{name}"
        for enum in _enums_in(field.annotation):
            assert enum.__module__ == vocabulary.__name__, f"{model.__name__}.{name}"


@pytest.mark.parametrize("enum", VOCABULARIES, ids=lambda e: e.__name__)
def test_graphql_serves_the_domain_vocabulary(enum: type[Enum]) -> None:
    served = build_schema().as_str()
    names = " ".join(member.name for member in enum)
    assert f"enum {enum.__name__} {{" in served
    block = served.split(f"enum {enum.__name__} {{", 1)[1].split("}", 1)[0]
    assert block.split() == names.split()


def test_a_value_outside_a_vocabulary_is_refused_by_the_import_format() -> None:
    with pytest.raises(ValidationError, match="'commissioned', 'in_progress'"):
        rows.ReviewRow(review_id="R1", title="t", review_type="CSPR", status="open")
