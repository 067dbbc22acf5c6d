"""The ``// Visibility:`` declaration every statement makes, checked against its text.

A declaration says how the statement keeps restricted material from callers who may not see
it (the modes are described in :mod:`graph_service.store.catalogue`). The checks here are
deliberately literal: they look for the labels, relationship types and derived properties
that lead to restricted material, and for the filters and guards that keep it out, so that a
statement whose text contradicts its declaration stops the service at start-up.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from graph_service.errors import CatalogueError

MODES = ("public", "review", "derived", "parent", "role", "internal")

# Labels holding restricted material or figures counting it, and the relationship types that
# always lead to such nodes from public ones (a taxonomy entry to the findings coded with
# it, ...); a type that may lead elsewhere too (DISSEMINATES) is caught by its labelled end.
_RESTRICTED_LABELS = (
    "Review|Finding|Recommendation|ImrAssessment|LoadRun|AuditEvent|ApiKey|"
    "RecurrenceTally|PathwayTally|ImrTally|RecommendationGroup"
)
_LEADING_TYPES = (
    "IDENTIFIES|MAKES|ADDRESSES|EXEMPLIFIES|ABOUT_THEME|SHAPED_BY|CONCERNS_AGENCY|DIRECTED_TO|"
    "IMPLEMENTS|FOR_REVIEW|ASSESSES_IMR_OF|CITES|RAISES|TARGETS|IN_FORCE_AREA|"
    "INVOLVED|CONCERNS|OF_TYPE|COMMISSIONED_BY|RELATED_TO|IN_GROUP|CO_OCCURS|LOADED_BY|SCORED"
)
_REACHES_RESTRICTED = re.compile(rf"[:|]({_RESTRICTED_LABELS}|{_LEADING_TYPES})\b")
# A variable bound to a node that can itself be restricted: (name:Label ...
_BOUND_ITEM = re.compile(r"\((\w+):(Review|Finding|Recommendation|ImrAssessment)\b")
# Figures derived for readers, or from findings, that lag behind a write hiding material
# until the next derivation: the open... figures, RAISES, and the code lists, counts and
# vectors a review derives from its findings.
_OPEN_FIGURE = re.compile(r"\.open[A-Z]\w*")
_FROM_FINDINGS = re.compile(r"[:|]RAISES\b|\.(raisedCodes|codeVector|findingCount|issueCount)\b")
_REVIEW_CODES = r"\.(issueCodes|themeCodes|factorCodes)\b"
_GUARD = re.compile(r"\((\w+):DerivedState \{id: 'open'\}\)")
_CONDITION = re.compile(r"^derived if (\$\w+(?:, \$\w+)*)$")
_WRITES = re.compile(r"\b(MERGE|CREATE|SET|DELETE|REMOVE)\b")
# Folders whose statements never serve a caller.
INTERNAL_FOLDERS = ("dataset", "derived", "reference", "writer", "test")
# ... except the reads of reference data, which serve every caller and are checked as public.
_SERVED_FOLDERS = ("reference",)


@dataclass(frozen=True)
class Declaration:
    mode: str
    # For ``derived if $a, $b``: the parameters that make the statement read derived figures.
    derived_when: tuple[str, ...] = ()


def check(
    name: str, where: str, declared: str, parameters: frozenset[str], body: str
) -> Declaration:
    """The declaration, or a :class:`CatalogueError` naming what contradicts it.

    ``body`` is the statement without its comments.
    """
    condition = _CONDITION.match(declared)
    mode = "derived" if condition else declared
    derived_when = tuple(p.lstrip("$") for p in condition.group(1).split(", ")) if condition else ()
    folder = name.split("/", maxsplit=1)[0]

    def refuse(problem: str) -> CatalogueError:
        return CatalogueError(f"{where}: declared '{declared}' but {problem}")

    if mode not in MODES:
        raise CatalogueError(
            f"{where}: '// Visibility: {declared}' is not one of {', '.join(MODES)}"
            " (or 'derived if $param, ...')"
        )
    if mode == "internal":
        if folder not in INTERNAL_FOLDERS:
            raise refuse(
                f"only statements under {', '.join(INTERNAL_FOLDERS[:4])} may be 'internal'; "
                "a statement that serves callers declares how it filters"
            )
        if folder in _SERVED_FOLDERS and not _WRITES.search(body):
            raise refuse("it only reads, and reads of reference data serve callers: 'public'")
        return Declaration(mode)
    if mode == "parent":
        returned = re.search(r"\(x:(\w+)\)", body)
        if (
            parameters != {"ids"}
            or returned is None
            or _REACHES_RESTRICTED.search(":" + returned[1])
        ):
            raise refuse(
                "it does not take only $ids and return an x whose label is never restricted; "
                "declare 'review' and filter instead"
            )
        return Declaration(mode)
    if mode == "role":
        return Declaration(mode)
    reached = _REACHES_RESTRICTED.search(body)
    if mode == "public":
        if reached:
            raise refuse(
                f"it reads {reached.group(1)}, which can be or lead to restricted material; "
                "declare 'review', 'derived' or 'role' and filter on $includeRestricted"
            )
        return Declaration(mode)
    _check_items_filtered(body, parameters, refuse)
    lagging = _lagging_figure(body)
    if mode == "review":
        if lagging:
            raise refuse(
                f"it reads {lagging}, derived for readers or from findings, which lags behind "
                "a write that hides material: declare 'derived' and guard on DerivedState"
            )
        return Declaration(mode)
    _check_guard(body, derived_when, parameters, refuse)
    return Declaration(mode, derived_when)


def _check_items_filtered(
    body: str, parameters: frozenset[str], refuse: Callable[[str], CatalogueError]
) -> None:
    """Every review, finding, recommendation or IMR assessment the statement binds is tested."""
    if not parameters & {"includeRestricted", "includeImr"}:
        raise refuse("it filters on neither $includeRestricted nor $includeImr")
    for variable, label in _BOUND_ITEM.findall(body):
        unfiltered = not re.search(rf"\b{variable}\.restricted\b", body)
        if label == "ImrAssessment":
            unfiltered = "includeImr" not in parameters
        if unfiltered:
            raise refuse(
                f"{variable} ({label}) is read without testing {variable}.restricted"
                + (" or $includeImr" if label == "ImrAssessment" else "")
            )


def _lagging_figure(body: str) -> str | None:
    for pattern in (_OPEN_FIGURE, _FROM_FINDINGS):
        found = pattern.search(body)
        if found:
            return found.group(0).lstrip(":|.")
    for variable in set(re.findall(r"\((\w+):Review\b", body)):
        found = re.search(rf"\b{variable}{_REVIEW_CODES}", body)
        if found:
            return f"{variable}.{found.group(1)}"
    return None


def _check_guard(
    body: str,
    derived_when: tuple[str, ...],
    parameters: frozenset[str],
    refuse: Callable[[str], CatalogueError],
) -> None:
    if "includeRestricted" not in parameters:
        raise refuse("it does not filter on $includeRestricted")
    for parameter in derived_when:
        if parameter not in parameters:
            raise refuse(f"${parameter} is not one of its parameters")
    # Every part of a union reads figures: each needs its own guard, unless the statement
    # reads them only under a condition (then one guard gates the conditional filters).
    parts = re.split(r"^UNION ALL$", body, flags=re.MULTILINE) if not derived_when else [body]
    for part in parts:
        guard = _GUARD.search(part)
        if guard is None or not re.search(
            rf"coalesce\({guard.group(1)}\.stale, false\) = false", part
        ):
            raise refuse(
                "a part of it reads figures without the guard that reads nothing for readers "
                "while they are stale: OPTIONAL MATCH (figures:DerivedState {id: 'open'}) ... "
                "$includeRestricted OR coalesce(figures.stale, false) = false"
            )
