"""FalkorDB backend: a FalkorDB server reached by URL or by the embedded server's socket.

falkordb-py sends parameters as a text header in front of the query (``CYPHER k=v ...``), so
this module encodes parameter values itself, strictly: anything that is not a plain value is
refused rather than turned into text with ``str()``.
"""

import asyncio
import copy
import math
import queue
import re
import threading
from collections import OrderedDict
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from typing import Any, ClassVar

import redis.exceptions
from falkordb.asyncio import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as GraphPath

from graph_service.config import redact_url
from graph_service.errors import (
    ConfigError,
    ConstraintViolationError,
    ParameterError,
    SchemaError,
    StoreQueryError,
    StoreUnavailableError,
)
from graph_service.store import code_index
from graph_service.store.catalogue import Statement, StatementCatalogue
from graph_service.store.port import GraphStore, KeySpace, Params, Row
from graph_service.store.schema import GraphSchema
from graph_service.store.writer import (
    LEASE_RENEW_S,
    LEASE_TTL_MS,
    UNKNOWN_HOLDER,
    WriterClaim,
    WriterLock,
)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UNAVAILABLE = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
    ConnectionError,
    OSError,
)
_CONSTRAINT_WAIT_S = 60.0
_EMPTY_KEY = "empty key"
_UNIQUE_VIOLATION = "unique constraint violation"  # how FalkorDB words a clash of keys
_PIPELINE_DEPTH = 4  # statements encoded ahead of the one the engine is running
_VECTORS = "derived/review_code_vectors"


class FalkorDBStore(GraphStore):
    """Runs catalogue statements on one FalkorDB graph."""

    # The statements this adapter runs itself (repositories run the rest): those building the
    # review code vectors that relatedReviews compares.
    own_statements: ClassVar[frozenset[str]] = frozenset(
        {
            code_index.BEGIN,
            code_index.SPACE,
            _VECTORS,
            code_index.DONE,
        }
    )

    def __init__(
        self,
        catalogue: StatementCatalogue,
        *,
        graph_name: str,
        timeout_ms: int,
        url: str | None = None,
        unix_socket_path: str | None = None,
    ) -> None:
        super().__init__(catalogue)
        self._graph_name = graph_name
        self._timeout_ms = timeout_ms
        self._url = url
        self._client = self._connect(url, unix_socket_path)
        self._graph = self._client.select_graph(graph_name)

    @property
    def description(self) -> str:
        where = redact_url(self._url) if self._url else "local socket"
        return f"FalkorDB graph {self._graph_name!r} at {where}"

    def key_space(self) -> KeySpace:
        """The server itself: every process serving this graph reaches it already."""
        url = self._url
        if url is not None:  # the client's own spelling of a Redis URL
            for own, plain in (("falkor://", "redis://"), ("falkors://", "rediss://")):
                if url.startswith(own):
                    url = plain + url[len(own) :]
        return KeySpace(prefix=f"graph-service:{self._graph_name}", url=url)

    @staticmethod
    def _connect(url: str | None, unix_socket_path: str | None) -> FalkorDB:
        # The client asks the server about itself when it is built: errors surface here.
        where = redact_url(url) if url else "the local socket"
        try:
            if unix_socket_path is not None:
                return FalkorDB(unix_socket_path=unix_socket_path)
            if url is None:
                raise ValueError("a FalkorDB store needs a URL or a socket path")
            return FalkorDB.from_url(url)
        except ValueError:
            raise ConfigError(
                f"GRAPH_SERVICE_FALKORDB_URL={where!r} is invalid: use redis://host:port"
            ) from None
        except (redis.exceptions.RedisError, OSError) as exc:
            raise StoreUnavailableError(
                f"cannot reach FalkorDB at {where}: {type(exc).__name__}"
            ) from exc

    def _reconnect(self, unix_socket_path: str) -> None:
        """Point at a (restarted) server on a new socket."""
        self._client = self._connect(None, unix_socket_path)
        self._graph = self._client.select_graph(self._graph_name)

    def with_timeout(self, timeout_ms: int) -> "FalkorDBStore":
        patient = copy.copy(self)
        patient._timeout_ms = timeout_ms
        return patient

    async def begin_related_review_index_rebuild(
        self,
    ) -> Callable[[Sequence[str]], Awaitable[None]]:
        """The index is each review's raised codes as a 0/1 vector over the code space, which
        relatedReviews compares by Euclidean distance (see ``code_index``)."""
        self.catalogue.require(FalkorDBStore.own_statements)
        return await code_index.begin_rebuild(self, _VECTORS, lambda space: {})

    def _writer_lock(self) -> WriterLock:
        return WriterLeaseKey(self._client.connection, f"graph-service:writer:{self._graph_name}")

    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        query = encode_parameters(statement.name, params) + statement.text
        return await self._send(statement, query, read_only=read_only)

    async def write_each(
        self, statements: Iterable[tuple[str, Params]]
    ) -> AsyncIterator[tuple[str, list[Row]]]:
        """Pipelined: a worker thread draws and encodes the next statements while the
        engine runs the current one (the engine is another process, so both cores work)."""
        ready: queue.Queue[tuple[Statement, str] | BaseException | None] = queue.Queue(
            maxsize=_PIPELINE_DEPTH
        )
        stop = threading.Event()

        def hand_over(item: tuple[Statement, str] | BaseException | None) -> bool:
            """Queue an item unless the consumer has stopped; never blocks for good."""
            while not stop.is_set():
                try:
                    ready.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        def produce() -> None:
            try:
                for name, params in statements:
                    statement = self._prepare(name, params)
                    encoded = encode_parameters(name, params) + statement.text
                    if not hand_over((statement, encoded)):
                        return
                hand_over(None)
            except BaseException as exc:  # handed over to the consumer, which raises it
                hand_over(exc)

        def take() -> tuple[Statement, str] | BaseException | None:
            while True:
                try:
                    return ready.get(timeout=0.1)
                except queue.Empty:
                    if not producer.is_alive() and ready.empty():
                        return RuntimeError("the statement encoder stopped unexpectedly")

        producer = threading.Thread(target=produce, name="falkordb-encoder", daemon=True)
        producer.start()
        try:
            while True:
                item = await asyncio.to_thread(take)
                if item is None:
                    break
                if isinstance(item, BaseException):
                    raise item
                statement, query = item
                yield statement.name, await self._send(statement, query, read_only=False)
        finally:
            stop.set()
            await asyncio.to_thread(producer.join)

    async def _send(self, statement: Statement, query: str, *, read_only: bool) -> list[Row]:
        try:
            try:
                if read_only:
                    result = await self._graph.ro_query(query, timeout=self._timeout_ms)
                else:
                    result = await self._graph.query(query, timeout=self._timeout_ms)
            except redis.exceptions.ResponseError as exc:
                # A graph that was never written does not exist yet, and FalkorDB refuses
                # read-only queries on it; the ordinary command answers them (over no data).
                if not (read_only and _EMPTY_KEY in str(exc)):
                    raise
                result = await self._graph.query(query, timeout=self._timeout_ms)
        except _UNAVAILABLE as exc:
            await self._on_unavailable()
            raise StoreUnavailableError(f"the graph store is unavailable: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            if _UNIQUE_VIOLATION in str(exc):
                raise ConstraintViolationError(
                    f"statement {statement.name!r} failed: {exc}"
                ) from exc
            raise StoreQueryError(f"statement {statement.name!r} failed: {exc}") from exc
        columns = [column[1] for column in result.header]
        return [dict(zip(columns, map(to_plain, row), strict=True)) for row in result.result_set]

    async def _on_unavailable(self) -> None:
        """Hook for the embedded backend, which restarts its own server."""

    async def ping(self) -> None:
        try:
            await self._client.connection.ping()
        except _UNAVAILABLE as exc:
            await self._on_unavailable()
            raise StoreUnavailableError(f"the graph store is unavailable: {exc}") from exc

    async def close(self) -> None:
        await self._client.aclose()

    async def apply_schema(self, schema: GraphSchema) -> list[str]:
        created: list[str] = []
        try:
            indexed = await self._indexed()
            wanted = [(key.label, key.property) for key in schema.keys]
            wanted += [(index.label, index.property) for index in schema.indexes]
            for label, prop in wanted:
                if (label, prop, "RANGE") not in indexed:
                    _check_identifiers(label, prop)
                    await self._graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                    indexed.add((label, prop, "RANGE"))
                    created.append(f"range index {label}.{prop}")
            for fulltext in schema.fulltext:
                missing = [
                    p for p in fulltext.properties if (fulltext.label, p, "FULLTEXT") not in indexed
                ]
                if missing:
                    _check_identifiers(fulltext.label, *missing)
                    await self._graph.query(
                        "CALL db.idx.fulltext.createNodeIndex("
                        + ", ".join(f"'{name}'" for name in (fulltext.label, *missing))
                        + ")"
                    )
                    created.append(f"full-text index {fulltext.label}({', '.join(missing)})")
            created.extend(await self._create_constraints(schema))
        except _UNAVAILABLE as exc:
            raise StoreUnavailableError(f"the graph store is unavailable: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise SchemaError(f"creating indexes and constraints failed: {exc}") from exc
        return created

    async def _indexed(self) -> set[tuple[str, str, str]]:
        result = await self._graph.query("CALL db.indexes() YIELD label, types RETURN label, types")
        return {
            (label, prop, kind)
            for label, types in result.result_set
            for prop, kinds in types.items()
            for kind in kinds
        }

    async def _constraints(self) -> dict[tuple[str, str], str]:
        result = await self._graph.query(
            "CALL db.constraints() YIELD type, label, properties, status "
            "RETURN type, label, properties, status"
        )
        return {
            (label, props[0]): status
            for kind, label, props, status in result.result_set
            if kind == "UNIQUE" and len(props) == 1
        }

    async def _create_constraints(self, schema: GraphSchema) -> list[str]:
        existing = await self._constraints()
        created = []
        for key in schema.keys:
            if (key.label, key.property) in existing:
                continue
            await self._client.connection.execute_command(
                "GRAPH.CONSTRAINT", "CREATE", self._graph_name, "UNIQUE", "NODE",
                key.label, "PROPERTIES", 1, key.property,
            )  # fmt: skip
            created.append(f"unique constraint {key.label}.{key.property}")
        if created:
            await self._wait_for_constraints(schema)
        return created

    async def _wait_for_constraints(self, schema: GraphSchema) -> None:
        """Constraints are built in the background; loads must not start before they hold."""
        deadline = asyncio.get_running_loop().time() + _CONSTRAINT_WAIT_S
        wanted = {(key.label, key.property) for key in schema.keys}
        while True:
            statuses = await self._constraints()
            failed = sorted(
                f"{label}.{prop}" for (label, prop), s in statuses.items() if s == "FAILED"
            )
            if failed:
                raise SchemaError(
                    "unique constraints could not be built on "
                    + ", ".join(failed)
                    + ": the graph already holds duplicate keys there; remove them and retry"
                )
            if all(statuses.get(key) == "OPERATIONAL" for key in wanted):
                return
            if asyncio.get_running_loop().time() > deadline:
                raise SchemaError("unique constraints were still being built after 60 s")
            await asyncio.sleep(0.05)


class WriterLeaseKey(WriterLock):
    """A key on the server holding the writer's claim: set only if absent, with an expiry.

    ``SET NX PX`` is one atomic command, and the server's own clock ends the lease, so two
    claims cannot both win and a writer that stopped frees the graph once its lease runs out.
    The key is served while a long graph write runs, so renewing never waits behind the work
    it protects (a lease node in the graph would). Renewing and releasing compare the whole
    claim first, in one script, so they never touch another writer's lease.
    """

    _RENEW = (
        "if redis.call('GET', KEYS[1]) == ARGV[1] then "
        "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end"
    )
    _RELEASE = (
        "if redis.call('GET', KEYS[1]) == ARGV[1] then "
        "return redis.call('DEL', KEYS[1]) else return 0 end"
    )

    def __init__(
        self,
        connection: Any,
        key: str,
        *,
        ttl_ms: int = LEASE_TTL_MS,
        renew_every_s: float = LEASE_RENEW_S,
    ) -> None:
        self._connection = connection
        self.key = f"lease:{key}"
        self._name = key
        self._ttl_ms = ttl_ms
        self.renew_every_s = renew_every_s

    async def try_acquire(self, claim: WriterClaim) -> WriterClaim | None:
        for _ in range(3):  # the holder may release between the two commands
            acquired = await self._command(
                "SET", self._name, claim.to_json(), "NX", "PX", self._ttl_ms
            )
            if acquired:
                return None
            recorded = await self._command("GET", self._name)
            if recorded is not None:
                return WriterClaim.from_json(recorded) or UNKNOWN_HOLDER
        return UNKNOWN_HOLDER

    async def renew(self, claim: WriterClaim) -> bool:
        renewed = await self._command(
            "EVAL", self._RENEW, 1, self._name, claim.to_json(), self._ttl_ms
        )
        return bool(renewed)

    async def release(self, claim: WriterClaim) -> None:
        await self._command("EVAL", self._RELEASE, 1, self._name, claim.to_json())

    async def _command(self, *args: Any) -> Any:
        try:
            return await self._connection.execute_command(*args)
        except _UNAVAILABLE as exc:
            raise StoreUnavailableError(f"the graph store is unavailable: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise StoreQueryError(f"the writer lease {self._name!r} failed: {exc}") from exc


def encode_parameters(statement_name: str, params: Mapping[str, Any]) -> str:
    """The ``CYPHER name=value ...`` header that carries parameters to FalkorDB."""
    if not params:
        return ""
    parts = []
    for name, value in params.items():
        if not _IDENTIFIER.match(name):
            raise ParameterError(f"statement {statement_name!r}: bad parameter name {name!r}")
        try:
            parts.append(f"{name}={_encode(value)}")
        except _UnencodableError:
            raise ParameterError(
                f"statement {statement_name!r}: {_describe_unencodable(value, f'${name}')}"
            ) from None
    return "CYPHER " + " ".join(parts) + " "


class _UnencodableError(Exception):
    """Raised deep inside encoding; the caller walks the value again to say where."""


# Batches repeat the same few map keys thousands of times: check each one once.
_CHECKED_KEYS: set[str] = set()


def _encode(value: Any) -> str:
    """Cypher literal text for a plain value (hot path of every write: keep it lean)."""
    kind = type(value)
    if kind is str:
        text: str = value
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        if not math.isfinite(value):
            raise _UnencodableError
        return repr(value)
    if kind is list or kind is tuple:
        return "[" + ",".join(map(_encode, value)) + "]"
    if kind is dict:
        return "{" + ",".join(_key(key) + ":" + _encode(item) for key, item in value.items()) + "}"
    # Subclasses (str enums, OrderedDict, ...) take the slower, general route.
    if isinstance(value, str):
        return _encode(str(value))
    if isinstance(value, int):  # IntEnum and friends; bool cannot be subclassed
        return _encode(int(value))
    if isinstance(value, float):
        return _encode(float(value))
    if isinstance(value, Mapping):
        return _encode(dict(value))
    raise _UnencodableError


def _key(key: Any) -> str:
    if key in _CHECKED_KEYS:
        return str(key)
    if not isinstance(key, str) or not _IDENTIFIER.match(key):
        raise _UnencodableError
    _CHECKED_KEYS.add(key)
    return key


def _describe_unencodable(value: Any, where: str) -> str:
    """Find the first part of ``value`` that cannot be encoded and say what and where."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{where} is {value}, not finite"
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            try:
                _encode(item)
            except _UnencodableError:
                return _describe_unencodable(item, f"{where}[{index}]")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str) or not _IDENTIFIER.match(key):
                return f"map key {key!r} in {where} must be a plain identifier"
            try:
                _encode(item)
            except _UnencodableError:
                return _describe_unencodable(item, f"{where}.{key}")
    return (
        f"{where} has type {type(value).__name__}; pass str, int, float, bool, None, list or dict"
    )


_SCALARS = (str, int, float, bool, type(None))


def to_plain(value: Any) -> Any:
    """Turn a FalkorDB result value into plain Python values."""
    if type(value) in _SCALARS:  # the common case, checked first: rows are mostly scalars
        return value
    if isinstance(value, Node | Edge):
        return {key: to_plain(item) for key, item in value.properties.items()}
    if isinstance(value, GraphPath):
        return [to_plain(node) for node in value.nodes()]
    if isinstance(value, OrderedDict | dict):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


def _check_identifiers(*names: str) -> None:
    for name in names:
        if not _IDENTIFIER.match(name):
            raise SchemaError(f"{name!r} is not a valid label or property name")
