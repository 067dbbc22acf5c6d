"""Neo4j backend through the official async driver.

Every statement goes through ``execute_query``: a managed transaction that retries transient
failures, routed to readers or writers, with the database always named (no extra round trip to
resolve it). ``neo4j://`` URIs route across a cluster; ``bolt://`` connects to one server.
"""

import copy
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar

import neo4j
import neo4j.exceptions
import neo4j.graph
import neo4j.spatial
import neo4j.time

from graph_service.errors import (
    ConstraintViolationError,
    SchemaError,
    StoreQueryError,
    StoreUnavailableError,
)
from graph_service.store import code_index
from graph_service.store.catalogue import Statement, StatementCatalogue
from graph_service.store.port import GraphStore, Params, Row
from graph_service.store.schema import GraphSchema, NodeKey
from graph_service.store.writer import LEASE_RENEW_S, LEASE_TTL_MS, WriterClaim, WriterLock


def _quiet_driver_log() -> None:
    """The driver logs every message it exchanges at DEBUG; that is noise even when debugging
    the service, so its logger never goes below INFO (nor below the service's own level)."""
    service_level = logging.getLogger().getEffectiveLevel()
    logging.getLogger("neo4j").setLevel(max(logging.INFO, service_level))


_UNAVAILABLE = (
    neo4j.exceptions.ServiceUnavailable,
    neo4j.exceptions.SessionExpired,
    neo4j.exceptions.DatabaseUnavailable,
    OSError,
)
# The writer lease node is unique by id, so that MERGE never makes two of it.
LEASE_SCHEMA = GraphSchema(keys=(NodeKey("WriterLease", "id"),), indexes=(), fulltext=())
_LEASE_STATEMENTS = frozenset({"writer/claim", "writer/renew", "writer/release"})
_MASKS = "derived/review_code_masks"
_MASK_BITS = 63  # weights up to 2 to the 62 sum to at most the largest 64-bit integer


class Neo4jStore(GraphStore):
    """Runs catalogue statements on one Neo4j database."""

    # The statements this adapter runs itself (repositories run the rest): the writer lease's,
    # and those building the review code masks that relatedReviews compares.
    own_statements: ClassVar[frozenset[str]] = _LEASE_STATEMENTS | {
        code_index.BEGIN,
        code_index.SPACE,
        _MASKS,
        code_index.DONE,
    }

    def __init__(
        self,
        catalogue: StatementCatalogue,
        *,
        uri: str,
        user: str,
        password: str,
        database: str,
        timeout_ms: int,
        retry_time_s: float = 30.0,
    ) -> None:
        super().__init__(catalogue)
        _quiet_driver_log()
        self._lease_schema_applied = False
        self._uri = uri
        self._database = database
        self._timeout_s = timeout_ms / 1000
        try:
            self._driver = neo4j.AsyncGraphDatabase.driver(
                uri,
                auth=(user, password),
                max_transaction_retry_time=retry_time_s,
                connection_timeout=min(retry_time_s, 15.0),
                # Neo4j warns, and the driver logs, whenever a statement names a property or
                # relationship type no data has yet (no key revoked, so no revokedAt): normal
                # in a growing graph, and the spelling is checked by Neo4j's analyser in the
                # tests. Warnings of every other kind are still logged. (Neo4j 5.7 or newer.)
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED
                ],
            )
        except (neo4j.exceptions.ConfigurationError, ValueError) as exc:
            raise StoreUnavailableError(
                f"cannot use Neo4j URI {uri!r}: {type(exc).__name__}; check GRAPH_SERVICE_NEO4J_URI"
            ) from exc

    @property
    def description(self) -> str:
        return f"Neo4j database {self._database!r} at {self._uri}"

    def with_timeout(self, timeout_ms: int) -> "Neo4jStore":
        patient = copy.copy(self)
        patient._timeout_s = timeout_ms / 1000
        return patient

    async def begin_related_review_index_rebuild(
        self,
    ) -> Callable[[Sequence[str]], Awaitable[None]]:
        """The index is each review's raised codes as a bit mask over the code space, which
        relatedReviews tests bit by bit (see ``code_index``). A space wider than a 64-bit
        integer holds is not encoded: relatedReviews then intersects code lists."""
        self.catalogue.require(Neo4jStore.own_statements)

        def weights(space: code_index.CodeSpace) -> Params | None:
            if len(space.codes) > _MASK_BITS:
                return None
            return {"weights": [1 << bit for bit in range(len(space.codes))]}

        return await code_index.begin_rebuild(self, _MASKS, weights)

    def _writer_lock(self) -> WriterLock:
        self.catalogue.require(_LEASE_STATEMENTS)
        return WriterLeaseNode(self)

    async def _ensure_lease_schema(self) -> None:
        if not self._lease_schema_applied:
            await self.apply_schema(LEASE_SCHEMA)
            self._lease_schema_applied = True

    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        return await self._execute(
            statement.text, params, read_only=read_only, what=f"statement {statement.name!r}"
        )

    async def _execute(self, text: str, params: Params, *, read_only: bool, what: str) -> list[Row]:
        query = neo4j.Query(text, timeout=self._timeout_s)
        try:
            records, _, _ = await self._driver.execute_query(
                query,
                dict(params),
                database_=self._database,
                routing_=neo4j.RoutingControl.READ if read_only else neo4j.RoutingControl.WRITE,
            )
        except _UNAVAILABLE as exc:
            raise StoreUnavailableError(
                f"Neo4j at {self._uri} is unavailable: {exc}; check that the server runs "
                "and GRAPH_SERVICE_NEO4J_URI points at it"
            ) from exc
        except neo4j.exceptions.AuthError as exc:
            raise StoreUnavailableError(
                f"Neo4j at {self._uri} refused the credentials: check GRAPH_SERVICE_NEO4J_USER "
                "and GRAPH_SERVICE_NEO4J_PASSWORD"
            ) from exc
        except neo4j.exceptions.ConstraintError as exc:
            raise ConstraintViolationError(f"{what} failed: {exc.message or exc}") from exc
        except neo4j.exceptions.Neo4jError as exc:
            raise StoreQueryError(f"{what} failed: {exc.message or exc}") from exc
        except neo4j.exceptions.DriverError as exc:
            raise StoreUnavailableError(
                f"Neo4j at {self._uri} could not run {what}: {type(exc).__name__}"
            ) from exc
        # record.data() would turn relationships into tuples; convert the raw values instead.
        return [
            {key: to_plain(value) for key, value in record.items()}  # type: ignore[no-untyped-call]
            for record in records
        ]

    async def apply_schema(self, schema: GraphSchema) -> list[str]:
        existing = {
            row["name"]
            for row in await self._execute(
                "SHOW INDEXES YIELD name RETURN name", {}, read_only=True, what="listing indexes"
            )
        } | {
            row["name"]
            for row in await self._execute(
                "SHOW CONSTRAINTS YIELD name RETURN name",
                {},
                read_only=True,
                what="listing constraints",
            )
        }
        created = []
        for name, text in ddl_statements(schema):
            if name in existing:
                continue
            try:
                await self._execute(text, {}, read_only=False, what=f"creating {name}")
            except StoreQueryError as exc:
                raise SchemaError(str(exc)) from exc
            created.append(name)
        if created:
            await self._execute(
                "CALL db.awaitIndexes(300)", {}, read_only=False, what="waiting for indexes"
            )
        return created

    async def ping(self) -> None:
        try:
            await self._execute("RETURN 1 AS ok", {}, read_only=True, what="ping")
        except StoreQueryError as exc:
            raise StoreUnavailableError(f"Neo4j at {self._uri} refused: {exc}") from exc

    async def close(self) -> None:
        await self._driver.close()


class WriterLeaseNode(WriterLock):
    """A lease node in the database, claimed, renewed and released by one statement each.

    Every member of a cluster and every host sees the database, not each other's files, so
    the lock lives there. Claiming is one statement that takes the node's write lock before
    reading its holder (cypher/neo4j/writer/claim.cypher), so two claims cannot both win. A
    stopped process cannot release it, so it expires by the database's clock unless renewed.
    """

    renew_every_s = LEASE_RENEW_S

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self._lease = "writer"
        self.key = f"lease-node:{store.description}"

    async def try_acquire(self, claim: WriterClaim) -> WriterClaim | None:
        await self._store._ensure_lease_schema()
        [holder] = await self._store.write(
            "writer/claim",
            {
                "lease": self._lease,
                "token": claim.token,
                "task": claim.task,
                "process": claim.process,
                "ttlMs": LEASE_TTL_MS,
            },
        )
        if holder["token"] == claim.token:
            return None
        return WriterClaim(
            token=str(holder["token"]),
            task=str(holder["task"]),
            process=str(holder["process"]),
            since_ms=int(holder["since"] or 0),
        )

    async def renew(self, claim: WriterClaim) -> bool:
        params = {"lease": self._lease, "token": claim.token, "ttlMs": LEASE_TTL_MS}
        return bool(await self._store.write("writer/renew", params))

    async def release(self, claim: WriterClaim) -> None:
        await self._store.write("writer/release", {"lease": self._lease, "token": claim.token})


def ddl_statements(schema: GraphSchema) -> list[tuple[str, str]]:
    """(name, statement) pairs creating every constraint and index, idempotently."""
    statements = [
        (
            f"{key.label.lower()}_{key.property}_unique",
            f"CREATE CONSTRAINT {key.label.lower()}_{key.property}_unique IF NOT EXISTS "
            f"FOR (n:{key.label}) REQUIRE n.{key.property} IS UNIQUE",
        )
        for key in schema.keys
    ]
    statements += [
        (
            f"{index.label.lower()}_{index.property}",
            f"CREATE INDEX {index.label.lower()}_{index.property} IF NOT EXISTS "
            f"FOR (n:{index.label}) ON (n.{index.property})",
        )
        for index in schema.indexes
    ]
    statements += [
        (
            f"{fulltext.label.lower()}_fulltext",
            f"CREATE FULLTEXT INDEX {fulltext.label.lower()}_fulltext IF NOT EXISTS "
            f"FOR (n:{fulltext.label}) ON EACH ["
            + ", ".join(f"n.{p}" for p in fulltext.properties)
            + "]",
        )
        for fulltext in schema.fulltext
    ]
    return statements


def to_plain(value: Any) -> Any:
    """Turn a driver value into plain Python values."""
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, neo4j.graph.Path):
        return [to_plain(node) for node in value.nodes]
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.iso_format()
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    if isinstance(value, neo4j.spatial.Point):
        return list(value)
    if isinstance(value, Mapping):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    return value
