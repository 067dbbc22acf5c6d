"""`make run-neo4j`: the demo on a local Neo4j Community Edition, without Docker.

Starts Neo4j from tools/neo4j-launcher (Bolt on a free loopback port, a new temporary store,
no authentication), runs `graph-service demo` on it (db init, the synthetic demo dataset,
then the API), and stops Neo4j when the service stops. The launcher stops Neo4j and deletes
its store when its standard input ends, so Neo4j also goes when this process is killed.

Ctrl+C reaches this process, which passes it on to the service once and then stops Neo4j:
both run in process groups of their own, so that Neo4j never stops under a service that is
still shutting down. Arguments are passed on to `graph-service demo` (`--port 8001`...).

    python -m tools.run_neo4j [DEMO OPTIONS]
    python -m tools.run_neo4j --check-java
"""

import ctypes
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER_JAR = ROOT / "tools" / "neo4j-launcher" / "target" / "neo4j-launcher.jar"
POM = ROOT / "tools" / "neo4j-launcher" / "pom.xml"
GRAPH_SERVICE = Path(sys.executable).parent / "graph-service"
JVM_OPTIONS = ("-Xms256m", "-Xmx1g")
JAVA_MIN = 17
PR_SET_PDEATHSIG = 1  # prctl(2)
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0
# The launcher runs Neo4j without authentication, which accepts any credentials; the
# service's settings still require a password for Neo4j, so it is given this one.
LOCAL_PASSWORD = "learning-graph-dev"  # noqa: S105 - not checked by a store without auth


class RunError(Exception):
    """A step failed; the message says which and how to put it right."""


def say(message: str) -> None:
    print(f"run-neo4j: {message}", file=sys.stderr, flush=True)


def java_command() -> str:
    """$JAVA_HOME's java when set, else the one on PATH, checked to be Java 17 or newer."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if java is None or not Path(java).exists():
        raise RunError(
            f"Neo4j needs Java {JAVA_MIN} or newer and none was found "
            f"({'JAVA_HOME=' + java_home if java_home else 'no java on PATH'}): install a "
            f"JDK {JAVA_MIN} and Maven (Debian and Ubuntu: "
            f"apt-get install openjdk-{JAVA_MIN}-jdk-headless maven), or set JAVA_HOME"
        )
    shown = subprocess.run(  # noqa: S603 - the JDK's own java
        [java, "-version"], capture_output=True, text=True, check=False
    ).stderr
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown)
    if found is None:
        raise RunError(f"cannot tell which Java {java} is: {shown.strip() or 'no output'}")
    major = int(found[2]) if found[1] == "1" and found[2] else int(found[1])  # "1.8" is 8
    if major < JAVA_MIN:
        raise RunError(
            f"Neo4j needs Java {JAVA_MIN} or newer; {java} is Java {major}: install a JDK "
            f"{JAVA_MIN} (or set JAVA_HOME to one)"
        )
    return java


def neo4j_release() -> str:
    found = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text())
    return found[1] if found else ""


class Neo4j:
    """The launcher's JVM, in a process group of its own so that Ctrl+C does not reach it."""

    def __init__(self, java: str) -> None:
        self.log_path = Path(tempfile.gettempdir()) / f"graph-service-neo4j-{os.getpid()}.log"
        self._log: IO[bytes] = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - java on the launcher jar
            [java, *JVM_OPTIONS, "-jar", str(LAUNCHER_JAR)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            cwd=ROOT,
            start_new_session=True,
        )

    def uri(self) -> str:
        """Waits for the launcher's URI line."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if ready:
                line = self.process.stdout.readline().decode().strip()
                if line.startswith(("neo4j://", "bolt://")):
                    return line
                self.process.wait(timeout=STOP_TIMEOUT_S)
                raise self.failure(f"Neo4j did not start (status {self.process.returncode})")
            if self.process.poll() is not None:
                raise self.failure(f"Neo4j did not start (status {self.process.returncode})")
        raise self.failure(f"Neo4j did not start within {START_TIMEOUT_S:g} s")

    def failure(self, what: str) -> RunError:
        self._log.flush()
        tail = self.log_path.read_text(errors="replace").splitlines()[-40:]
        return RunError(f"{what}; the end of its log ({self.log_path}):\n" + "\n".join(tail))

    def stop(self) -> bool:
        """Closes the launcher's input: it stops Neo4j and deletes the store. True if clean."""
        assert self.process.stdin is not None
        self.process.stdin.close()  # nothing was written to it: closing cannot fail
        try:
            status = self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            say(f"Neo4j did not stop within {STOP_TIMEOUT_S:g} s; killing it")
            self.process.kill()
            status = self.process.wait()
        self._log.close()
        if status == 0:
            self.log_path.unlink(missing_ok=True)
            return True
        say(f"the Neo4j launcher ended with status {status}; its log: {self.log_path}")
        return False


def _child_setup() -> None:
    """In the service's process: Ctrl+C stops it even if this process was started with
    SIGINT ignored, and on Linux it is sent SIGTERM if this process dies."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def serve(uri: str, neo4j: Neo4j, demo_args: list[str]) -> int:
    """Runs `graph-service demo` on Neo4j until it ends; returns its exit status."""
    env = {
        **os.environ,
        "GRAPH_SERVICE_BACKEND": "neo4j",
        "GRAPH_SERVICE_NEO4J_URI": uri,
        "GRAPH_SERVICE_NEO4J_USER": "neo4j",
        "GRAPH_SERVICE_NEO4J_PASSWORD": LOCAL_PASSWORD,
        "GRAPH_SERVICE_NEO4J_DATABASE": "neo4j",
    }
    service = subprocess.Popen(  # noqa: S603 - this venv's graph-service
        [str(GRAPH_SERVICE), "demo", *demo_args],
        env=env,
        process_group=0,
        preexec_fn=_child_setup,  # noqa: PLW1509 - no threads in this process
    )
    signals_seen: list[int] = []

    def pass_on(signum: int, _frame: FrameType | None) -> None:
        # The API stops gracefully on the first SIGINT or SIGTERM and at once on the second;
        # a load in progress may not stop on SIGINT, so a second Ctrl+C sends SIGTERM.
        signals_seen.append(signum)
        if service.poll() is None:
            first = len(signals_seen) == 1 and signum == signal.SIGINT
            service.send_signal(signal.SIGINT if first else signal.SIGTERM)
            if first:
                say("stopping the service (Ctrl+C again stops it at once), then Neo4j")

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, pass_on)
    while service.poll() is None:
        if neo4j.process.poll() is not None:
            say("Neo4j stopped under the service; stopping the service")
            service.terminate()
            service.wait()
            raise neo4j.failure(f"Neo4j ended with status {neo4j.process.returncode}")
        time.sleep(0.5)
    if signals_seen and service.returncode in (0, -signal.SIGINT, -signal.SIGTERM):
        return 0
    return service.returncode


def main(argv: list[str]) -> int:
    if argv == ["--check-java"]:
        try:
            java_command()
        except RunError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    try:
        java = java_command()
        if not LAUNCHER_JAR.exists():
            raise RunError(f"{LAUNCHER_JAR} is missing: `make neo4j-launcher` builds it")
        release = neo4j_release()
        say(
            f"starting Neo4j Community {release} over a new temporary store, Bolt on a free "
            "loopback port, no authentication (takes 10-30 s)"
        )
        started = time.monotonic()
        neo4j = Neo4j(java)
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    clean = False
    try:
        uri = neo4j.uri()
        say(f"Neo4j is up at {uri} ({time.monotonic() - started:.0f} s; its log: {neo4j.log_path})")
        say(
            "running `graph-service demo` on it: constraints and reference data, the "
            "synthetic demo dataset, then the API. Ctrl+C stops the service, then Neo4j; "
            "the demo data goes with Neo4j's temporary store"
        )
        status = serve(uri, neo4j, argv)
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:  # before the service started
        status = 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not skip the stop
        say("stopping Neo4j and deleting its temporary store")
        stopping = time.monotonic()
        clean = neo4j.stop()
        if clean:
            say(f"Neo4j stopped ({time.monotonic() - stopping:.0f} s)")
    return status if clean else status or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
