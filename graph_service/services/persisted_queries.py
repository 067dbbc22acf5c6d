"""Persisted queries: registering a GraphQL query under its hash (audited), and finding the
query a hash names, through a cache every process keeps.

The API registers queries its callers send with their hash (``automatic`` mode, or an admin
in ``registered`` mode); the command line registers them from files. Both come here, so a
registration is checked and audited the same way whichever way it came.
"""

from collections import OrderedDict
from collections.abc import Callable, Sequence

from graphql import GraphQLSyntaxError, parse

from graph_service.errors import InputError
from graph_service.repository import AuditRepository, PersistedQueryRepository
from graph_service.repository.persisted_queries import PersistedQuery, Registration, query_hash
from graph_service.services.audited import Actor, audited
from graph_service.store import GraphStore

# Registrations kept, beyond which none is added: in automatic mode any caller may register,
# and the graph is no place for an unbounded number of them.
MAX_PERSISTED_QUERIES = 10_000
# Registrations each process keeps in memory, the most recently used.
CACHE_SIZE = 512

# What stops a query's text from running (checked against the schema, say), one line per
# problem; only a text that parses as GraphQL is given to it.
type QueryCheck = Callable[[str], Sequence[str]]


def _no_check(text: str) -> Sequence[str]:
    return ()


class PersistedQueryService:
    """Registers queries and finds them by hash; the registrations are the graph's, shared by
    every process, and each process keeps the ones it used last (a hash names one text for
    good, so nothing kept can go stale)."""

    def __init__(
        self,
        store: GraphStore,
        *,
        capacity: int = MAX_PERSISTED_QUERIES,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.queries = PersistedQueryRepository(store)
        self.audit = AuditRepository(store)
        self._capacity = capacity
        self._cache_size = cache_size
        self._cache: OrderedDict[str, str] = OrderedDict()

    async def find(self, sha256: str) -> str | None:
        """The text registered under ``sha256``; None when there is none."""
        text = self._cache.get(sha256)
        if text is not None:
            self._cache.move_to_end(sha256)
            return text
        found = await self.queries.find(sha256)
        if found is None:
            return None  # not kept: another process may register it at any moment
        self._keep(found)
        return found.text

    async def register(
        self, actor: Actor, text: str, *, max_bytes: int, check: QueryCheck = _no_check
    ) -> Registration:
        """Register ``text`` as ``actor``, unless it is registered already. The text must be a
        GraphQL document no longer than ``max_bytes`` in UTF-8 (what a request may carry) that
        ``check`` finds nothing wrong with; otherwise an :class:`InputError` says why."""
        sha256 = query_hash(text)
        existing = await self.queries.find(sha256)
        if existing is not None:  # nothing changes, so nothing is audited
            self._keep(existing)
            return Registration(existing, created=False)
        async with audited(self.audit, actor, "queries.register", f"query {sha256}") as entry:
            problem = query_problem(text, max_bytes=max_bytes, check=check)
            if problem:
                raise InputError(problem)
            registration = await self.queries.register(
                text,
                registered_by=actor.name,
                registered_by_kind=actor.kind,
                capacity=self._capacity,
            )
            if registration is None:
                raise InputError(
                    f"the registry holds {self._capacity:,} queries, the most it keeps; "
                    "none can be added"
                )
            entry.detail = f"{len(text.encode('utf-8')):,} bytes" + (
                "" if registration.created else "; registered already"
            )
        self._keep(registration.query)
        return registration

    async def list_queries(self) -> list[PersistedQuery]:
        """Every registered query, oldest first."""
        return await self.queries.list_queries()

    def _keep(self, query: PersistedQuery) -> None:
        self._cache[query.sha256] = query.text
        self._cache.move_to_end(query.sha256)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def query_problem(text: str, *, max_bytes: int, check: QueryCheck = _no_check) -> str | None:
    """Why ``text`` cannot be registered, or None: it must be a GraphQL document no longer than
    ``max_bytes`` in UTF-8 (what a request may carry) in which ``check`` finds nothing wrong."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return (
            f"the query is {size:,} bytes, more than the {max_bytes:,} a request may carry "
            "(GRAPH_SERVICE_MAX_BODY_BYTES); shorten it and pass values as variables"
        )
    if not text.strip():
        return "the query is empty; register a GraphQL document"
    try:
        parse(text)
    except GraphQLSyntaxError as error:
        return f"the query is not GraphQL: {error.message}"
    problems = list(check(text))
    if problems:
        return "the query does not run on this service: " + "; ".join(problems)
    return None
