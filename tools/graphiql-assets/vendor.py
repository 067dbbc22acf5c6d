"""Vendors the files the GraphiQL page loads, from npm, into graph_service/api/static/vendor.

Run from the repository root, with Node.js's npm on the path:

    python tools/graphiql-assets/vendor.py

Every file is fetched with ``npm pack`` at a pinned version and checked against the SHA-384
digest (Subresource Integrity) that GraphiQL's usual CDN page pins for it, so the vendored
scripts are the very bytes that page loads. GraphiQL's stylesheet embeds its fonts and images
as ``data:`` URLs; they are written out as files beside it, so the page's
Content-Security-Policy can allow the service's own origin and nothing else.
"""

import base64
import hashlib
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "graph_service" / "api" / "static" / "vendor"
LICENCES = Path(__file__).resolve().parent / "licences"


@dataclass(frozen=True)
class Package:
    """An npm package at a pinned version and the files taken from it."""

    name: str
    version: str
    folder: str  # under VENDOR
    files: dict[str, str] = field(default_factory=dict)  # path in the package -> SHA-384
    licence: str | None = "LICENSE"  # the package's own licence file, if it ships one


REACT = "18.2.0"
GRAPHIQL = "3.8.3"
EXPLORER = "1.0.2"

PACKAGES = [
    Package(
        "react",
        REACT,
        f"react-{REACT}",
        {
            "umd/react.production.min.js": (
                "tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"
            ),
        },
    ),
    Package(
        "react-dom",
        REACT,
        f"react-dom-{REACT}",
        {
            "umd/react-dom.production.min.js": (
                "bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"
            ),
        },
    ),
    Package(
        "graphiql",
        GRAPHIQL,
        f"graphiql-{GRAPHIQL}",
        {
            "graphiql.min.js": "HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
            "graphiql.min.css": "Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
        },
    ),
    # Ships no licence file; it is MIT like graphiql, from the same repository.
    Package(
        "@graphiql/plugin-explorer",
        EXPLORER,
        f"plugin-explorer-{EXPLORER}",
        {
            "dist/index.umd.js": "2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
            "dist/style.css": "5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
        },
        licence=None,
    ),
]
# Licence texts of code and fonts bundled inside the files above: (package, file, vendored as).
BUNDLED_LICENCES = [
    ("graphiql-explorer@0.9.0", "LICENSE", f"plugin-explorer-{EXPLORER}/LICENSE.graphiql-explorer"),
    ("@fontsource/fira-code@5.3.0", "LICENSE", f"graphiql-{GRAPHIQL}/LICENSE.FiraCode"),
]

_DATA_URL = re.compile(r"url\(data:(?P<mime>[a-z0-9/+.-]+);base64,(?P<data>[A-Za-z0-9+/=]+)\)")
_EXTENSIONS = {"font/woff2": "woff2", "font/woff": "woff", "image/png": "png"}
_SOURCE_MAP = re.compile(r"\n*/\*# sourceMappingURL=[^*]*\*/\s*$")


def main() -> None:
    shutil.rmtree(VENDOR, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        for package in PACKAGES:
            unpacked = _unpack(f"{package.name}@{package.version}", Path(scratch))
            target = VENDOR / package.folder
            target.mkdir(parents=True)
            for inside, digest in package.files.items():
                content = (unpacked / inside).read_bytes()
                _check(f"{package.name}@{package.version}/{inside}", content, digest)
                name = Path(inside).name
                if name.endswith(".css"):
                    content = _with_files_for_data_urls(content.decode(), target).encode()
                (target / name).write_bytes(content)
            if package.licence:
                shutil.copyfile(unpacked / package.licence, target / "LICENSE")
        for spec, inside, destination in BUNDLED_LICENCES:
            shutil.copyfile(_unpack(spec, Path(scratch)) / inside, VENDOR / destination)
    shutil.copyfile(LICENCES / "graphiql.LICENSE", VENDOR / f"plugin-explorer-{EXPLORER}/LICENSE")
    shutil.copyfile(LICENCES / "Roboto.LICENSE", VENDOR / f"graphiql-{GRAPHIQL}/LICENSE.Roboto")
    shutil.copyfile(LICENCES / "README.md", VENDOR / "README.md")


def _unpack(spec: str, scratch: Path) -> Path:
    """``npm pack`` of ``spec`` unpacked into its own folder of ``scratch``; its package folder."""
    folder = scratch / re.sub(r"[^A-Za-z0-9.-]", "_", spec)
    folder.mkdir()
    tarball = subprocess.run(  # noqa: S603  (npm from the path, with pinned package names)
        ["npm", "pack", "--silent", spec],  # noqa: S607
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    with tarfile.open(folder / tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def _check(what: str, content: bytes, sha384: str) -> None:
    found = base64.b64encode(hashlib.sha384(content).digest()).decode()
    if found != sha384:
        raise SystemExit(f"{what}: SHA-384 {found}, expected {sha384}")


def _with_files_for_data_urls(css: str, target: Path) -> str:
    """``css`` with each ``data:`` URL written to media/<digest>.<ext> and linked from there."""
    media = target / "media"
    media.mkdir(exist_ok=True)

    def to_file(found: re.Match[str]) -> str:
        content = base64.b64decode(found["data"])
        name = f"{hashlib.sha256(content).hexdigest()[:16]}.{_EXTENSIONS[found['mime']]}"
        (media / name).write_bytes(content)
        return f"url(media/{name})"

    return _SOURCE_MAP.sub("\n", _DATA_URL.sub(to_file, css))


if __name__ == "__main__":
    main()
