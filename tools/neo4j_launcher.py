"""Neo4j Community Edition for the test run and the benchmarks, from tools/neo4j-launcher.

The launcher prints its Bolt URI once Neo4j accepts connections and stops Neo4j when its
standard input ends, so Neo4j goes away with the test run however that run ends. Everything
it says about itself and Neo4j goes to a log file, shown in full when it does not start.
"""

import os
import select
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

LAUNCHER_DIR = Path(__file__).resolve().parents[1] / "tools" / "neo4j-launcher"
LAUNCHER_JAR = LAUNCHER_DIR / "target" / "neo4j-launcher.jar"
# Enough for the test data; the rest of the test run shares the machine.
JVM_OPTIONS = ("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC")
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0


class Neo4jLaunchError(Exception):
    """Neo4j did not start; the message carries the launcher's log."""


def java_command() -> str:
    """The JDK's java: $JAVA_HOME's when set, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise Neo4jLaunchError("no java on PATH and JAVA_HOME is not set: install a JDK 17")
    return found


class Neo4jLauncher:
    """One Neo4j; by default the test run's, over a temporary store.

    The benchmarks give it more memory: ``jvm_options`` (the heap), ``page_cache`` (a size
    such as ``"2g"``) and ``store_dir``, a store kept when Neo4j stops and used again by the
    next launcher given the same directory; and more time, as a large store takes longer to
    open, and to write its last changes out when Neo4j stops.
    """

    def __init__(
        self,
        log_path: Path,
        *,
        jvm_options: Sequence[str] = JVM_OPTIONS,
        page_cache: str | None = None,
        store_dir: Path | None = None,
        start_timeout_s: float = START_TIMEOUT_S,
        stop_timeout_s: float = STOP_TIMEOUT_S,
    ) -> None:
        self.log_path = log_path
        self._start_timeout_s = start_timeout_s
        self._stop_timeout_s = stop_timeout_s
        self._jvm_options = tuple(jvm_options)
        self._launcher_options: list[str] = []
        if page_cache is not None:
            self._launcher_options += ["--page-cache", page_cache]
        if store_dir is not None:
            self._launcher_options += ["--store-dir", str(store_dir)]
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> str:
        """Starts Neo4j and returns its Bolt URI; raises Neo4jLaunchError with the log."""
        if not LAUNCHER_JAR.exists():
            raise Neo4jLaunchError(
                f"{LAUNCHER_JAR} is missing: `make test` builds it (or run `make neo4j-launcher`)"
            )
        command = [
            java_command(),
            *self._jvm_options,
            "-jar",
            str(LAUNCHER_JAR),
            *self._launcher_options,
        ]
        self._log = self.log_path.open("wb")
        try:
            self._process = subprocess.Popen(  # noqa: S603 - the JDK and the jar the project built
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log
            )
        except OSError as exc:
            self.stop()
            raise Neo4jLaunchError(f"cannot run {command[0]}: {exc}") from exc
        try:
            return self._read_uri()
        except Neo4jLaunchError:
            self.stop()
            raise

    def _read_uri(self) -> str:
        assert self._process is not None
        assert self._process.stdout is not None
        deadline = time.monotonic() + self._start_timeout_s
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self._process.stdout], [], [], 0.5)
            if ready:
                line = self._process.stdout.readline().decode().strip()
                if line.startswith(("neo4j://", "bolt://")):
                    return line
                break  # the launcher ended (an empty line) or printed something unexpected
            if self._process.poll() is not None:
                break
        else:
            raise self._failure(f"Neo4j did not start within {self._start_timeout_s:g} s")
        self._process.wait(timeout=self._stop_timeout_s)
        raise self._failure(f"the Neo4j launcher exited with status {self._process.returncode}")

    def _failure(self, what: str) -> Neo4jLaunchError:
        assert self._log is not None
        self._log.flush()
        log = self.log_path.read_text(errors="replace")
        return Neo4jLaunchError(f"{what}; its log ({self.log_path}):\n{log}")

    def stop(self) -> None:
        """Closes the launcher's input, which stops Neo4j and deletes a temporary store."""
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=self._stop_timeout_s)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
