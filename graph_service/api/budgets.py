"""The API's two budgets per caller, and where their buckets are kept.

``requests`` is each caller's request budget (off when the limit is 0); ``failures`` counts the
failed authentications of each address. Both are kept on a Redis-protocol server when there is
one, so that every worker and replica of a deployment spends from the same buckets: the server
``GRAPH_SERVICE_RATE_LIMIT_STORAGE_URL`` names, else the graph's own server when the store runs
on one. Otherwise (Neo4j without that setting) they are kept in each process.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from graph_service.api.ratelimit import Budget, ProcessBudget, RateLimiter
from graph_service.api.shared_budget import BudgetServer, SharedBudget
from graph_service.config import Settings, redact_url
from graph_service.store.port import KeySpace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Budgets:
    """What the gate spends: ``requests`` is None when the request budget is off."""

    requests: Budget | None
    failures: Budget
    close: Callable[[], Awaitable[None]]


def storage_url(settings: Settings, key_space: KeySpace) -> str | None:
    """The server that keeps the buckets, or None when each process keeps its own."""
    if settings.rate_limit_storage_url is not None:
        return settings.rate_limit_storage_url.get_secret_value()
    return key_space.url


async def open_budgets(settings: Settings, key_space: KeySpace) -> Budgets:
    """The budgets for this process, shared with every other one where a server allows."""
    url = storage_url(settings, key_space)
    if url is None:
        log.info(
            "request budgets are kept in this process: behind several processes or replicas, "
            "each grants the whole budget (GRAPH_SERVICE_RATE_LIMIT_STORAGE_URL shares them)"
        )
        return Budgets(
            requests=_in_process(settings.rate_limit_per_minute),
            failures=ProcessBudget(RateLimiter(settings.failed_auth_per_minute)),
            close=_nothing,
        )
    server = BudgetServer.at(url, where=redact_url(url))
    prefix = f"{key_space.prefix}:budget"
    requests = (
        SharedBudget(server, prefix=f"{prefix}:requests", per_minute=settings.rate_limit_per_minute)
        if settings.rate_limit_per_minute
        else None
    )
    failures = SharedBudget(
        server,
        prefix=f"{prefix}:failures",
        per_minute=settings.failed_auth_per_minute,
        floor=RateLimiter(settings.failed_auth_per_minute),
    )
    if await server.answers():
        log.info("request budgets are shared through %s", server.where)
    return Budgets(requests=requests, failures=failures, close=server.close)


def _in_process(per_minute: int) -> Budget | None:
    return ProcessBudget(RateLimiter(per_minute)) if per_minute else None


async def _nothing() -> None:
    return None
