"""The raw engine: each engine's own client running captured statements the way its store
adapter does, with nothing else to do.

Statements are prepared before any clock starts (FalkorDB: parameters encoded into the text;
Neo4j: the query, its parameters and routing built), so that a replay times only the client
and the engine.
"""

import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import partial
from typing import Any

import neo4j
from falkordb.asyncio import FalkorDB

from bench.capture import Captured
from graph_service.store import GRAPH_SCHEMA, GraphSchema
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.falkordb import encode_parameters
from graph_service.store.neo4j import ddl_statements

# One statement ready to send: awaiting it runs the statement and fetches every row.
Call = Callable[[], Awaitable[object]]


async def replay(calls: Sequence[Call]) -> float:
    """Seconds the engine takes to run ``calls`` one after another."""
    start = time.perf_counter()
    for call in calls:
        await call()
    return time.perf_counter() - start


class RawEngine(ABC):
    """An engine's own client on the graph a benchmark measures."""

    def __init__(self, catalogue: StatementCatalogue) -> None:
        self.catalogue = catalogue

    @abstractmethod
    def prepare(self, statements: Iterable[Captured], *, timeout_ms: int) -> list[Call]:
        """The statements ready to send, in order, each with the time limit the store gives."""

    @abstractmethod
    def prepare_fulltext(self, words: Sequence[str], *, timeout_ms: int) -> list[Call]:
        """The engine's own full-text procedure over each searchable label, for all ``words``."""

    @abstractmethod
    async def profile(self, statement: Captured) -> str:
        """The plan of a read statement as it ran: rows and work per operator, as text.

        Profiling runs the statement: never give it one that writes."""

    @abstractmethod
    async def close(self) -> None:
        """Close the client."""


class FalkorDBEngine(RawEngine):
    """The FalkorDB client over the embedded server's socket, on one graph."""

    def __init__(self, catalogue: StatementCatalogue, socket_path: str, graph: str) -> None:
        super().__init__(catalogue)
        self._client = FalkorDB(unix_socket_path=socket_path)
        self._graph = self._client.select_graph(graph)

    def _text(self, statement: Captured) -> str:
        return (
            encode_parameters(statement.name, statement.params)
            + self.catalogue.get(statement.name).text
        )

    def prepare(self, statements: Iterable[Captured], *, timeout_ms: int) -> list[Call]:
        # Reads go through GRAPH.RO_QUERY, as the store sends them.
        return [
            partial(
                self._graph.ro_query if statement.read_only else self._graph.query,
                self._text(statement),
                timeout=timeout_ms,
            )
            for statement in statements
        ]

    def prepare_fulltext(self, words: Sequence[str], *, timeout_ms: int) -> list[Call]:
        # RediSearch reads words separated by spaces as "all of them".
        header = encode_parameters("bench/fulltext", {"q": " ".join(words)})
        return [
            partial(
                self._graph.ro_query,
                f"{header}CALL db.idx.fulltext.queryNodes('{index.label}', $q) YIELD node, score "
                "RETURN node.id, score",
                timeout=timeout_ms,
            )
            for index in GRAPH_SCHEMA.fulltext
        ]

    async def profile(self, statement: Captured) -> str:
        plan = await self._graph.profile(self._text(statement))
        return "\n".join(plan.plan)

    async def close(self) -> None:
        await self._client.aclose()  # the embedded server only stops once its last client has gone


class Neo4jEngine(RawEngine):
    """The official Neo4j driver, running each statement as the store adapter does: in a
    managed transaction (``execute_query``) routed to readers or writers, the database named."""

    def __init__(
        self, catalogue: StatementCatalogue, uri: str, auth: tuple[str, str], database: str
    ) -> None:
        super().__init__(catalogue)
        self._database = database
        self._driver = neo4j.AsyncGraphDatabase.driver(
            uri,
            auth=auth,
            # As the adapter asks: the server then sends (and the driver logs) no notices of
            # properties no data has yet.
            notifications_disabled_classifications=[
                neo4j.NotificationDisabledClassification.UNRECOGNIZED
            ],
        )

    def _call(self, text: str, params: dict[str, Any], *, read_only: bool, timeout_ms: int) -> Call:
        return partial(
            self._driver.execute_query,
            neo4j.Query(text, timeout=timeout_ms / 1000),
            params,
            database_=self._database,
            routing_=neo4j.RoutingControl.READ if read_only else neo4j.RoutingControl.WRITE,
        )

    def prepare(self, statements: Iterable[Captured], *, timeout_ms: int) -> list[Call]:
        return [
            self._call(
                self.catalogue.get(statement.name).text,
                statement.params,
                read_only=statement.read_only,
                timeout_ms=timeout_ms,
            )
            for statement in statements
        ]

    def prepare_fulltext(self, words: Sequence[str], *, timeout_ms: int) -> list[Call]:
        # Lucene reads words separated by spaces as "any of them"; the service joins with AND.
        query = " AND ".join(words)
        indexes = ddl_statements(GraphSchema(keys=(), indexes=(), fulltext=GRAPH_SCHEMA.fulltext))
        return [
            self._call(
                f"CALL db.index.fulltext.queryNodes('{name}', $q) YIELD node, score "
                "RETURN node.id, score",
                {"q": query},
                read_only=True,
                timeout_ms=timeout_ms,
            )
            for name, _ in indexes
        ]

    async def profile(self, statement: Captured) -> str:
        text = self.catalogue.get(statement.name).text
        result = await self._driver.execute_query(
            neo4j.Query(f"PROFILE\n{text}"),
            statement.params,
            database_=self._database,
            routing_=neo4j.RoutingControl.READ,
        )
        summary = result.summary
        plan: dict[str, Any] | None = summary.profile
        if plan is None:
            return "(Neo4j returned no profile)"
        took = (summary.result_available_after or 0) + (summary.result_consumed_after or 0)
        return f"{plan_table(plan)}\nran in {took} ms on the server, profiling included"

    async def close(self) -> None:
        await self._driver.close()


# Community Edition's runtime counts no page cache hits per operator: those are left out.
_PLAN_COLUMNS = ("operator", "id", "est. rows", "rows", "db hits", "memory B")


def plan_table(plan: dict[str, Any]) -> str:
    """A Neo4j profile as a table, one operator a line, children indented under their parent,
    then the totals; each operator's details (what it matches, filters or computes) last."""
    lines: list[tuple[str, ...]] = []
    details: list[str] = []
    db_hits = 0

    def visit(operator: dict[str, Any], depth: int) -> None:
        nonlocal db_hits
        args: dict[str, Any] = operator.get("args", {})
        db_hits += int(operator.get("dbHits", 0))
        lines.append(
            (
                "  " * depth + str(operator["operatorType"]).split("@")[0],
                str(args.get("Id", "")),
                f"{float(args.get('EstimatedRows', 0)):,.0f}",
                f"{int(operator.get('rows', 0)):,}",
                f"{int(operator.get('dbHits', 0)):,}",
                f"{int(args['Memory']):,}" if "Memory" in args else "",
            )
        )
        details.append(" ".join(str(args.get("Details", "")).split()))  # one line each
        for child in operator.get("children", []):
            visit(child, depth + 1)

    visit(plan, 0)
    widths = [
        max(len(row[i]) for row in [_PLAN_COLUMNS, *lines]) for i in range(len(_PLAN_COLUMNS))
    ]

    def render(row: tuple[str, ...], detail: str) -> str:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)
        ]
        return " | ".join(cells) + (f" | {detail}" if detail else "")

    args = plan.get("args", {})
    table = [render(_PLAN_COLUMNS, "details")]
    table += [render(row, detail) for row, detail in zip(lines, details, strict=True)]
    table.append(
        f"total db hits {db_hits:,}; global memory {args.get('GlobalMemory', '?')} B; "
        f"runtime {args.get('runtime', '?')}, planner {args.get('planner', '?')}"
    )
    return "\n".join(table)
