"""The installed package carries its statement catalogue and reference data."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_cypher_and_reference_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_cypher = {n for n in names if n.startswith("graph_service/cypher/")}
    source_cypher = {
        "graph_service/cypher/" + p.relative_to(REPO / "cypher").as_posix()
        for p in (REPO / "cypher").rglob("*")
        if p.is_file()
    }
    assert source_cypher
    assert source_cypher <= shipped_cypher
    assert "loaders/reference/forces.yaml" in names
    # GraphiQL's page and every file it loads, with the vendored files' licences.
    static = REPO / "graph_service" / "api" / "static"
    assert {
        "graph_service/" + p.relative_to(REPO / "graph_service").as_posix()
        for p in static.rglob("*")
        if p.is_file()
    } <= names
    assert "graph_service/api/graphiql.html" in names
    assert "graph_service/api/static/vendor/react-18.2.0/LICENSE" in names
    assert not any(n.startswith("tests/") for n in names)
