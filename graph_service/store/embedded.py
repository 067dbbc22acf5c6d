"""Embedded backend: a FalkorDB server this process starts, or attaches to, on its data directory.

The server process itself (start, attach, stop when the last user leaves) is
:mod:`graph_service.store.embedded_server`; this module is the store on top of it, plus the
writer lock that only local processes need.
"""

import asyncio
import fcntl
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from graph_service.errors import StoreUnavailableError
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb import FalkorDBStore
from graph_service.store.port import KeySpace
from graph_service.store.writer import UNKNOWN_HOLDER, WriterClaim, WriterLock

log = logging.getLogger(__name__)

__all__ = ["EmbeddedServer", "EmbeddedStore", "WriterFileLock"]

_RESTART_INTERVAL_S = 2.0


class WriterFileLock(WriterLock):
    """An OS lock (``flock``) on a file beside the graph's data, holding the holder's claim.

    Only processes on this machine can reach an embedded graph, and they all see its data
    directory; the kernel releases the lock when its process ends, however it ends, so a
    killed writer never blocks the next one and no lease needs renewing.
    """

    def __init__(self, path: Path, after_release: Callable[[], None] | None = None) -> None:
        self.path = path
        self.key = f"file:{path}"
        self._held: dict[str, int] = {}  # claim token -> the open file holding the lock
        self._after_release = after_release

    async def try_acquire(self, claim: WriterClaim) -> WriterClaim | None:
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot open the writer lock {self.path}: {exc.strerror}; "
                "the data directory must be writable"
            ) from exc
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return await self._holder()
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, claim.to_json().encode(), 0)
        self._held[claim.token] = descriptor
        return None

    async def release(self, claim: WriterClaim) -> None:
        descriptor = self._held.pop(claim.token, None)
        if descriptor is None:
            return
        try:
            os.ftruncate(descriptor, 0)
        finally:
            os.close(descriptor)  # closing the file releases the lock
        if self._after_release is not None:
            await asyncio.to_thread(self._after_release)

    async def _holder(self) -> WriterClaim:
        """The holder's claim; it writes it just after taking the lock, so look twice."""
        for _ in range(10):
            try:
                recorded = WriterClaim.from_json(self.path.read_bytes())
            except OSError:
                recorded = None
            if recorded is not None:
                return recorded
            await asyncio.sleep(0.05)
        return UNKNOWN_HOLDER


class EmbeddedStore(FalkorDBStore):
    """A FalkorDB store whose server this process starts, or attaches to, on first use."""

    def __init__(
        self,
        catalogue: StatementCatalogue,
        server: EmbeddedServer,
        *,
        graph_name: str,
        timeout_ms: int,
        owns_server: bool = False,
    ) -> None:
        self._server = server
        self._owns_server = owns_server
        self._last_restart = 0.0
        super().__init__(
            catalogue,
            graph_name=graph_name,
            timeout_ms=timeout_ms,
            unix_socket_path=server.socket_path,
        )

    @classmethod
    async def open(
        cls, catalogue: StatementCatalogue, data_dir: Path, *, graph_name: str, timeout_ms: int
    ) -> "EmbeddedStore":
        server = EmbeddedServer(data_dir)
        await asyncio.to_thread(server.start)
        return cls(
            catalogue, server, graph_name=graph_name, timeout_ms=timeout_ms, owns_server=True
        )

    @property
    def description(self) -> str:
        return f"embedded FalkorDB graph {self._graph_name!r} in {self._server.data_file.parent}"

    def key_space(self) -> KeySpace:
        """The embedded server's socket, which every process on this data directory reaches."""
        return KeySpace(
            prefix=f"graph-service:{self._graph_name}",
            url=f"unix://{quote(self._server.socket_path)}",
        )

    def _writer_lock(self) -> WriterLock:
        data_dir = self._server.data_file.parent
        # A writer's statements are logged for replay at start-up: once it is done, the log
        # is rewritten as a snapshot, which loads far faster.
        return WriterFileLock(
            data_dir / f"{self._graph_name}.writer.lock", after_release=self._server.compact
        )

    async def _on_unavailable(self) -> None:
        """The server process died: start it again, at most once per interval.

        The request that found it dead still fails; the next one is served by the restarted
        server, which reloads its data from the append-only file.
        """
        now = time.monotonic()
        if now - self._last_restart < _RESTART_INTERVAL_S:
            return
        self._last_restart = now
        log.warning("embedded graph server is not answering; starting it again")
        try:
            await self._client.aclose()
        except Exception:
            log.debug("closing connections to the stopped server failed", exc_info=True)
        try:
            await asyncio.to_thread(self._restart_server)
        except StoreUnavailableError:
            log.exception("restarting the embedded graph server failed")

    def _restart_server(self) -> None:
        if self._server.is_running():
            return  # a passing hiccup (time-out, busy loading), not a dead server
        self._server.stop()
        self._server.start()
        self._reconnect(self._server.socket_path)

    async def close(self) -> None:
        await super().close()
        if self._owns_server:
            await asyncio.to_thread(self._server.stop)
