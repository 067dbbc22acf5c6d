"""The installed package carries its statement catalogue and reference data."""

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
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
    assert "graph_service/loaders/reference/forces.yaml" in names
    # The synthetic-data generator's word lists, templates and weights.
    assert {
        "graph_service/" + p.relative_to(REPO / "graph_service").as_posix()
        for p in (REPO / "graph_service" / "loaders" / "synthetic").glob("*.yaml")
    } | {"graph_service/loaders/synthetic/findings.yaml"} <= names
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


def _imported_modules(package: Path) -> set[str]:
    """The top-level names of every module the package's code imports."""
    names: set[str] = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_every_library_the_code_imports_is_declared() -> None:
    """A library used only through another's dependencies breaks when that one drops it."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        re.split(r"[\[<>=~!; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in project["dependencies"]
    }
    imported = _imported_modules(REPO / "graph_service") | _imported_modules(REPO / "loaders")
    distributions = importlib.metadata.packages_distributions()
    third_party = imported - set(sys.stdlib_module_names) - {"graph_service", "loaders"}

    undeclared = {
        module: distributions.get(module, ["(not installed)"])
        for module in sorted(third_party)
        if not {d.lower().replace("_", "-") for d in distributions.get(module, [])} & declared
    }

    assert not undeclared, f"imported but not in pyproject.toml's dependencies: {undeclared}"
