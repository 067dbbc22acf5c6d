"""One writer at a time per graph: loads, refreshes and reference loads hold the writer lock.

Each backend supplies the :class:`WriterLock` that is sound for it (see the adapters). What is
the same for all of them is here: waiting for the lock, renewing a lease while the work runs,
stopping the work if the lease is lost, and letting a writer that already holds the lock (a
load running its refresh) go on without taking it again. Readers never take it.
"""

import asyncio
import json
import logging
import os
import socket
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, replace

from graph_service.errors import StoreError, WriterBusyError, WriterLostError

log = logging.getLogger(__name__)

# A lease that is not renewed (its process stopped) frees the graph after this long.
LEASE_TTL_MS = 60_000
LEASE_RENEW_S = 15.0
_POLL_S = 0.5

# The locks the current unit of work holds (by key): a nested hold of one of them is re-entry.
_held: ContextVar[frozenset[str]] = ContextVar("held_writer_locks", default=frozenset())


@dataclass(frozen=True)
class WriterClaim:
    """Who writes: a token unique to this hold, what it does, where it runs and since when."""

    token: str
    task: str
    process: str
    since_ms: int

    @classmethod
    def new(cls, task: str) -> "WriterClaim":
        return cls(
            token=uuid.uuid4().hex,
            task=task,
            process=f"process {os.getpid()} on {socket.gethostname()}",
            since_ms=_now_ms(),
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes | None) -> "WriterClaim | None":
        """The claim a lock recorded, or None if there is none (or it cannot be read)."""
        try:
            fields = json.loads(text or "")
            return cls(**{name: fields[name] for name in ("token", "task", "process", "since_ms")})
        except (ValueError, TypeError, KeyError):
            return None

    def describe(self) -> str:
        if not self.since_ms:
            return f"{self.task} ({self.process})"
        since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.since_ms / 1000))
        return f"{self.task} ({self.process}, since {since})"


# A holder that recorded nothing readable (it is still writing its claim, say).
UNKNOWN_HOLDER = WriterClaim(token="", task="other writer", process="process unknown", since_ms=0)


class WriterLock(ABC):
    """One backend's way of making sure that only one writer works on a graph."""

    # Identifies the lock across store objects, so that a holder's nested hold is re-entry.
    key: str
    # Leases that expire unless renewed are renewed this often while their holder works.
    renew_every_s: float | None = None

    @abstractmethod
    async def try_acquire(self, claim: WriterClaim) -> WriterClaim | None:
        """Take the lock for ``claim`` (None) or return who holds it; never waits."""

    async def renew(self, claim: WriterClaim) -> bool:
        """Extend ``claim``'s lease; False if the lock is no longer ``claim``'s."""
        return True

    @abstractmethod
    async def release(self, claim: WriterClaim) -> None:
        """Give the lock up, if ``claim`` still holds it."""


@asynccontextmanager
async def hold(lock: WriterLock, task: str, *, wait_s: float = 0.0) -> AsyncIterator[None]:
    """Hold ``lock`` for the block as ``task``; see :meth:`GraphStore.writer`."""
    if lock.key in _held.get():
        yield  # this unit of work already is the writer (a refresh within a load)
        return
    claim = await _acquire(lock, task, wait_s)
    entered = _held.set(_held.get() | {lock.key})
    lost = asyncio.Event()
    owner = asyncio.current_task()
    renewing = (
        asyncio.create_task(_keep_renewed(lock, claim, owner, lost))
        if lock.renew_every_s is not None and owner is not None
        else None
    )
    try:
        yield
    except asyncio.CancelledError:
        if not lost.is_set() or owner is None:
            raise
        owner.uncancel()
        raise WriterLostError(
            f"{task} stopped: its writer lease expired and another writer took the graph; "
            "run it again when that one has finished"
        ) from None
    finally:
        _held.reset(entered)
        if renewing is not None:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)
        if not lost.is_set():
            await lock.release(claim)


async def _acquire(lock: WriterLock, task: str, wait_s: float) -> WriterClaim:
    claim = WriterClaim.new(task)
    deadline = time.monotonic() + wait_s
    while True:
        claim = replace(claim, since_ms=_now_ms())
        holder = await lock.try_acquire(claim)
        if holder is None:
            return claim
        left = deadline - time.monotonic()
        if left <= 0:
            waited = f" after waiting {wait_s:g} s" if wait_s > 0 else ""
            raise WriterBusyError(
                f"cannot start the {task}: the {holder.describe()} is writing to the graph"
                f"{waited}; only one load, refresh or reference load writes at a time, "
                "so wait until it finishes and retry"
            )
        await asyncio.sleep(min(_POLL_S, left))


async def _keep_renewed(
    lock: WriterLock, claim: WriterClaim, owner: asyncio.Task[object], lost: asyncio.Event
) -> None:
    assert lock.renew_every_s is not None
    while True:
        await asyncio.sleep(lock.renew_every_s)
        try:
            still_held = await lock.renew(claim)
        except StoreError as exc:  # tried again at the next interval, before the lease ends
            log.warning("renewing the writer lease of the %s failed: %s", claim.task, exc.message)
            continue
        if not still_held:
            log.error("the %s lost its writer lease; stopping it", claim.task)
            lost.set()
            owner.cancel()
            return


def _now_ms() -> int:
    return int(time.time() * 1000)
