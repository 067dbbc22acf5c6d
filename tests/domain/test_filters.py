"""Each list's typed filter gives exactly the filter parameters its statements declare, one
parameter per field, as the plain values the engines take."""

import dataclasses
import types
import typing
from datetime import date
from enum import Enum

import pytest

from graph_service.domain.filters import FILTERS, ListFilter, ReviewFilter
from graph_service.domain.paging import PageRequest
from graph_service.domain.visibility import EVERYTHING
from graph_service.domain.vocabulary import Jurisdiction, ReviewStatus
from graph_service.store.catalogue import DIALECTS, StatementCatalogue

# What a list statement takes besides its filter: the caller's visibility, the order and page.
NOT_FILTERS = {
    *EVERYTHING.parameters(),
    *PageRequest.of(order="id").parameters(descending=False),
    "sort",
}


@pytest.fixture(scope="module", params=DIALECTS)
def catalogue(request: pytest.FixtureRequest) -> StatementCatalogue:
    return StatementCatalogue.load(request.param)


def _sample(annotation: object) -> object:
    """A value other than None for a filter field of this type."""
    if isinstance(annotation, types.UnionType):
        (given,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _sample(given)
    if typing.get_origin(annotation) is tuple:
        return (_sample(typing.get_args(annotation)[0]),)
    assert isinstance(annotation, type), annotation
    if issubclass(annotation, Enum):
        return next(iter(annotation))
    samples: dict[type, object] = {bool: True, int: 2000, date: date(2020, 1, 2), str: "x"}
    return samples[annotation]


def _parameter_of_each_field(filter_type: type[ListFilter]) -> dict[str, str]:
    """Field -> the one parameter it sets when it alone is given."""
    hints = typing.get_type_hints(filter_type)
    found = {}
    # Every filter is a dataclass; ListFilter, their base, cannot say so to the type checker.
    for field in dataclasses.fields(filter_type):  # type: ignore[arg-type]
        given = filter_type(**{field.name: _sample(hints[field.name])})
        set_ = [name for name, value in given.parameters().items() if value is not None]
        assert len(set_) == 1, f"{filter_type.__name__}.{field.name} sets {set_}"
        found[field.name] = set_[0]
    return found


def test_every_list_statement_has_a_filter_and_every_filter_a_list(
    catalogue: StatementCatalogue,
) -> None:
    counted = {
        name.removeprefix("entities/").removesuffix("_count")
        for name in catalogue.names()
        if name.startswith("entities/") and name.endswith("_count")
    }
    assert counted == set(FILTERS)
    for kind in FILTERS:
        assert f"entities/{kind}" in catalogue


@pytest.mark.parametrize("kind", FILTERS)
def test_a_filter_gives_the_filter_parameters_its_statements_declare(
    catalogue: StatementCatalogue, kind: str
) -> None:
    given = set(FILTERS[kind]().parameters())
    for statement in (f"entities/{kind}", f"entities/{kind}_count"):
        declared = catalogue.get(statement).parameters - NOT_FILTERS
        assert given == declared, (
            f"{FILTERS[kind].__name__} gives {sorted(given - declared)} that {statement} does "
            f"not declare, and lacks {sorted(declared - given)}"
        )


@pytest.mark.parametrize("kind", FILTERS)
def test_each_field_sets_a_parameter_of_its_own(kind: str) -> None:
    filter_type = FILTERS[kind]
    assert filter_type.kind == kind
    by_field = _parameter_of_each_field(filter_type)
    # One field per parameter: none unreachable, none shared.
    assert sorted(by_field.values()) == sorted(filter_type().parameters())
    assert all(value is None for value in filter_type().parameters().values())


def test_parameters_are_the_values_as_stored() -> None:
    parameters = ReviewFilter(
        statuses=(ReviewStatus.PUBLISHED, ReviewStatus.WITHDRAWN),
        jurisdiction=Jurisdiction.WALES,
        published_from=date(2021, 3, 4),
        forces=("kent",),
        year_from=2019,
    ).parameters()
    assert parameters["statuses"] == ["published", "withdrawn"]
    assert all(type(status) is str for status in parameters["statuses"])
    assert type(parameters["jurisdiction"]) is str
    assert parameters["jurisdiction"] == "wales"
    assert parameters["publishedFrom"] == "2021-03-04"
    assert parameters["publishedTo"] is None
    assert parameters["forces"] == ["kent"]
    assert parameters["yearFrom"] == 2019
