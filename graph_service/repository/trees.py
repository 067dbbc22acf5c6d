"""Reading entities with the relationships a request selected, in one statement.

Each relationship field has a statement of its own (``entities/<relation>``), run once per
field a request selects. For a root field, the relationships its selection asks for are
composed into one statement instead: the root's look-up statement, with each relationship's
pattern nested under it as a pattern comprehension, as deep as the selection goes. The parts
are taken from the very statements that would otherwise run, filters included, and the
composed text passes the catalogue's visibility checks before it first runs. Only user-chosen
*shapes* reach the composition (which relationships, nested how), never user values: ids and
visibility stay parameters.

Relationship statements outside the plain shape (a derived-figures guard, another order) are
not composed; their fields keep their own statement.
"""

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any, ClassVar

from graph_service.domain.entities import to_entity
from graph_service.domain.visibility import Visibility
from graph_service.repository.entities import CODE_RELATIONS, LOOKUPS, RELATION_KINDS
from graph_service.repository.figures import read_visible
from graph_service.store import GraphStore
from graph_service.store.catalogue import Statement, StatementCatalogue, parse_text

# What one statement reads at most: relations this many levels below the root, and this
# many relations in all. Both bound the statement's text and the rows it gathers (each
# level reads every item of its relation, whatever the page asks for), so that a selection
# cheap by the cost limit's estimate cannot make a statement that is not; deeper or further
# relations keep their own statements.
MAX_DEPTH = 3
MAX_RELATIONS = 24

# Relation name -> the relations selected under each of its items.
Tree = Mapping[str, "Tree"]
Row = dict[str, Any]

# The plain shapes: a look-up by id, and a relationship from a parent found by its key.
_ROOT = re.compile(
    r"^(?P<prefix>UNWIND \$ids AS id\nMATCH \(n:(?P<label>\w+) \{id: id\}\).*?)\n"
    r"RETURN n\.id AS key, (?P<node>.+) AS node$",
    re.DOTALL,
)
_RELATION = re.compile(
    r"^UNWIND \$ids AS id\n"
    r"MATCH \((?P<parent>\w*):(?P<parent_label>\w+) \{\w+: id\}\)"
    r"(?P<path>\S*\(x:(?P<label>\w+)\))\n"
    r"(?:WITH id, x\n)?"
    r"(?:WHERE (?P<where>.+)\n)?"
    r"RETURN id AS key, (?P<columns>.+)\n"
    r"ORDER BY key, (?P<order>node\.id|code)$"
)
_COLUMN = re.compile(r"(.+?) AS (\w+)(?:, |$)")
_PARAMETER = re.compile(r"\$(\w+)")
# Variables of a relationship statement, renamed apart when nested: x, and s for its link.
_OWN_VARIABLES = re.compile(r"\b([xs])\b")


def _body(text: str) -> str:
    return "\n".join(
        line.rstrip() for line in text.splitlines() if not line.strip().startswith("//")
    ).strip()


@dataclass(frozen=True)
class _Root:
    label: str
    prefix: str  # the look-up up to its RETURN, binding n
    node: str  # what it returns as the node, in terms of n


@dataclass(frozen=True)
class _Relation:
    parent_label: str
    label: str
    parent: str  # the parent's variable in the statement ('' when anonymous)
    path: str  # from the parent to x
    where: str | None
    columns: tuple[tuple[str, str], ...]  # (expression, column)
    order: str  # the column, or node property, each list is ordered by

    @property
    def returns_nodes(self) -> bool:
        return any(column == "node" for _, column in self.columns)

    def match(self, parent: str, number: int) -> tuple[str, list[str]]:
        """The OPTIONAL MATCH of this relationship's items under ``parent``, its variables
        numbered apart, and the variables it binds."""
        where = f" WHERE {self._local(self.where, parent, number)}" if self.where else ""
        bound = [f"{name}{number}" for name in sorted(set(_OWN_VARIABLES.findall(self.path)))]
        return f"OPTIONAL MATCH ({parent}){self._local(self.path, parent, number)}{where}", bound

    def item(self, parent: str, number: int, lists: Mapping[str, str]) -> str:
        """One item as the relationship's own statement returns it (its columns), plus the
        lists gathered under it, each under its relation's name."""
        entries = [
            f"{name}: {self._local(expression, parent, number)}"
            for expression, name in self.columns
        ]
        entries += [f"{name}: {gathered}" for name, gathered in lists.items()]
        return "{" + ", ".join(entries) + "}"

    def _local(self, text: str, parent: str, number: int) -> str:
        text = _OWN_VARIABLES.sub(lambda m: f"{m.group(1)}{number}", text)
        return re.sub(rf"\b{self.parent}\b", parent, text) if self.parent else text

    def sort(self, rows: list[Row]) -> None:
        if self.order == "code":
            rows.sort(key=lambda row: row["code"])
        else:
            rows.sort(key=lambda row: row["node"]["id"])


@dataclass
class Read:
    """What one composed statement read: the roots found, and each relation's rows by parent
    key, exactly as the relation's own statement gives them to its readers."""

    found: dict[str, Any] = field(default_factory=dict)
    related: dict[str, dict[str, list[Row]]] = field(default_factory=dict)


class TreeComposer:
    """Composes the statement reading roots of one kind with a tree of their relationships,
    from the catalogue's own look-up and relationship statements."""

    def __init__(self, catalogue: StatementCatalogue) -> None:
        self._roots = {
            kind: root
            for kind in LOOKUPS
            if (root := _parse_root(catalogue, f"entities/{kind}_by_id")) is not None
        }
        self._relations = {
            name: relation
            for name in (*RELATION_KINDS, *CODE_RELATIONS)
            if (relation := _parse_relation(catalogue, f"entities/{name}")) is not None
        }

    def relations(self) -> frozenset[str]:
        """The relationship statements of the plain shape, which compose."""
        return frozenset(self._relations)

    def item_label(self, relation: str) -> str | None:
        """The label of a composable relationship's items, if they are entities (the GraphQL
        type of each entity is named after its label)."""
        found = self._relations.get(relation)
        return found.label if found is not None and found.returns_nodes else None

    def composable(self, kind: str, tree: Tree) -> dict[str, Any]:
        """The part of ``tree`` one statement reads (empty when none of it can): relations
        of the plain shape, at most ``MAX_DEPTH`` levels and ``MAX_RELATIONS`` relations,
        taken level by level; the rest keep their own statements."""
        if kind not in self._roots:
            return {}
        return _bounded(self._prune(tree), MAX_DEPTH, MAX_RELATIONS)

    def largest(self, kind: str) -> dict[str, Any]:
        """The largest tree one statement reads under roots of ``kind``."""
        if kind not in self._roots:
            return {}
        return self.composable(kind, self._under(self._roots[kind].label, MAX_DEPTH))

    def statement(self, kind: str, tree: Tree) -> Statement:
        """The composed statement, its header made and its visibility checked like a file's."""
        numbers = count(1)
        root = self._roots[kind]
        clauses = [root.prefix]
        lists: dict[str, str] = {}
        for name in sorted(tree):
            more, lists[name] = self._gathering(
                "n", name, tree[name], ["n", *lists.values()], numbers
            )
            clauses += more
        returned = [f"n.id AS key, {root.node} AS node"]
        returned += [f"{gathered} AS {name}" for name, gathered in lists.items()]
        text = "\n".join([*clauses, "RETURN " + ", ".join(returned)])
        used = sorted(set(_PARAMETER.findall(text)))
        visibility = "review" if {"includeRestricted", "includeImr"} & set(used) else "public"
        digest = hashlib.sha256(f"{kind}\n{text}".encode()).hexdigest()[:16]
        name = f"entities/composed_{digest}"
        header = [
            f"// The {kind} asked for, with {shape(tree)}, composed from their own statements.",
            "// Parameters: " + ", ".join(f"${p}" for p in used),
            "// Columns: " + ", ".join(["key", "node", *sorted(tree)]),
            f"// Visibility: {visibility}",
        ]
        return parse_text(name, "\n".join([*header, text]), Path(f"<composed {name}>"))

    def gather(self, kind: str, tree: Tree, rows: list[Row]) -> Read:
        """The composed statement's rows, as the look-up and relationship statements would
        have returned them: each list in its statement's order, each entity typed."""
        read = Read()
        for row in rows:
            key = row.pop("key")
            read.found[key] = to_entity(kind, row.pop("node"))
            self._gather(tree, key, row, read)
        return read

    def _gather(self, tree: Tree, key: str, row: Row, read: Read) -> None:
        for name, children in tree.items():
            items: list[Row] = row.pop(name) or []
            relation = self._relations[name]
            relation.sort(items)
            read.related.setdefault(name, {})[key] = items
            for item in items:
                if children:
                    self._gather(children, item["node"]["id"], item, read)
                if relation.returns_nodes:
                    item["node"] = to_entity(RELATION_KINDS[name], item["node"])

    def _prune(self, tree: Tree) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for name, children in tree.items():
            relation = self._relations.get(name)
            if relation is not None:
                kept[name] = self._prune(children) if relation.returns_nodes else {}
        return kept

    def _under(self, label: str, depth: int) -> dict[str, Any]:
        if depth == 0:
            return {}
        return {
            name: self._under(relation.label, depth - 1) if relation.returns_nodes else {}
            for name, relation in self._relations.items()
            if relation.parent_label == label
        }

    def _gathering(
        self, parent: str, name: str, subtree: Tree, carried: list[str], numbers: Iterator[int]
    ) -> tuple[list[str], str]:
        """The clauses reading relation ``name`` under ``parent``, and the relations under
        its items, into one list per parent: (clauses, the list's variable).

        Each list is gathered with ``collect`` before the next sibling's match, so siblings
        never multiply each other's rows; ``carried`` is what stays in scope through it.
        (Nested pattern comprehensions would read better, but FalkorDB answers wrongly for
        one nested in another's projection.)"""
        number = next(numbers)
        relation = self._relations[name]
        match, bound = relation.match(parent, number)
        clauses = [match]
        lists: dict[str, str] = {}
        for child in sorted(subtree):
            scope = [*carried, *bound, *lists.values()]
            more, lists[child] = self._gathering(
                f"x{number}", child, subtree[child], scope, numbers
            )
            clauses += more
        item = relation.item(parent, number, lists)
        clauses.append(
            f"WITH {', '.join(carried)}, "
            f"collect(CASE WHEN x{number} IS NULL THEN null ELSE {item} END) AS r{number}"
        )
        return clauses, f"r{number}"


class TreeRepository:
    """Reads roots of one kind with a tree of their relationships in one statement."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {f"entities/{kind}_by_id" for kind in LOOKUPS}
        | {f"entities/{name}" for name in (*RELATION_KINDS, *CODE_RELATIONS)}
    )
    # Composed statements a process keeps, one per shape of selection, the least recently
    # used forgotten first (and made again if asked for again).
    KEPT = 512

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store
        self._composer = TreeComposer(store.catalogue)
        self._composed: OrderedDict[tuple[str, str], str] = OrderedDict()

    def item_label(self, relation: str) -> str | None:
        return self._composer.item_label(relation)

    def composable(self, kind: str, tree: Tree) -> dict[str, Any]:
        """The part of ``tree`` one statement reads (empty when none of it can)."""
        return self._composer.composable(kind, tree)

    async def read(self, kind: str, ids: Iterable[str], tree: Tree, visibility: Visibility) -> Read:
        """The roots of ``kind`` with these ids, and every relation of ``tree`` under them.

        ``tree`` must come from :meth:`composable`. Nothing is awaited between finding the
        statement and the store taking it from the catalogue (composed statements never read
        derived figures, whose check would await first), so another request forgetting it
        meanwhile cannot happen."""
        name = self._statement(kind, tree)
        declared = self._store.catalogue.get(name).parameters
        parameters = {k: v for k, v in visibility.parameters().items() if k in declared}
        rows = await read_visible(self._store, name, {**parameters, "ids": list(ids)}, visibility)
        return self._composer.gather(kind, tree, rows)

    def _statement(self, kind: str, tree: Tree) -> str:
        key = (kind, shape(tree))
        known = self._composed.get(key)
        if known is not None:
            self._composed.move_to_end(key)
            return known
        statement = self._composer.statement(kind, tree)
        if statement.name not in self._store.catalogue:
            self._store.catalogue.add(statement)
        self._composed[key] = statement.name
        while len(self._composed) > self.KEPT:
            _, forgotten = self._composed.popitem(last=False)
            self._store.catalogue.remove(forgotten)
        return statement.name


def _bounded(tree: Tree, depth: int, most: int) -> dict[str, Any]:
    """``tree`` cut to ``depth`` levels and ``most`` relations, the shallower kept first."""
    kept: dict[str, Any] = {}
    level: list[tuple[Tree, dict[str, Any]]] = [(tree, kept)]
    count = 0
    for _ in range(depth):
        below: list[tuple[Tree, dict[str, Any]]] = []
        for source, target in level:
            for name in sorted(source):
                if count == most:
                    return kept
                count += 1
                target[name] = {}
                below.append((source[name], target[name]))
        level = below
    return kept


def shape(tree: Tree) -> str:
    """The tree written out, relations in name order: ``a(b, c), d``."""
    return ", ".join(
        f"{name}({shape(tree[name])})" if tree[name] else name for name in sorted(tree)
    )


def _parse_root(catalogue: StatementCatalogue, name: str) -> _Root | None:
    found = _ROOT.match(_body(catalogue.get(name).text))
    if found is None:
        return None
    return _Root(found["label"], found["prefix"], found["node"])


def _parse_relation(catalogue: StatementCatalogue, name: str) -> _Relation | None:
    found = _RELATION.match(_body(catalogue.get(name).text))
    if found is None:
        return None
    return _Relation(
        parent_label=found["parent_label"],
        label=found["label"],
        parent=found["parent"],
        path=found["path"],
        where=found["where"],
        columns=tuple((e, c) for e, c in _COLUMN.findall(found["columns"])),
        order="code" if found["order"] == "code" else "node",
    )
