"""The files the GraphiQL page and the workbench pages load, served by the service from the
installed package.

Each address carries a digest of the file's content (``?v=...``), so browsers may keep a file
for a year: a changed file gets a new address.
"""

import hashlib
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

from fastapi import HTTPException
from starlette.responses import Response

# What the page loads, by file name ending; nothing else in the folder is served.
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
CACHE_CONTROL = "public, max-age=31536000, immutable"
# An address without the file's current digest (typed by hand, or from an older page) may
# name other content tomorrow: it is checked again on every use.
REVALIDATE = "no-cache"


@dataclass(frozen=True)
class _Asset:
    content: bytes
    media_type: str
    digest: str


class Assets:
    """The servable files under a folder, read once, answered from memory under ``prefix``."""

    def __init__(self, folder: Traversable, prefix: str) -> None:
        self.prefix = prefix
        self._assets: dict[str, _Asset] = {}
        pending = [(folder, "")]
        while pending:
            directory, under = pending.pop()
            for entry in directory.iterdir():
                name = f"{under}{entry.name}"
                if entry.is_dir():
                    pending.append((entry, f"{name}/"))
                elif media_type := MEDIA_TYPES.get(_suffix(entry.name)):
                    content = entry.read_bytes()
                    digest = hashlib.sha256(content).hexdigest()[:16]
                    self._assets[name] = _Asset(content, media_type, digest)

    @classmethod
    def of_package(cls, prefix: str, package: str = "graph_service.api") -> "Assets":
        """The files of the package's ``static`` folder (graph_service/api's by default), as
        installed."""
        return cls(files(package) / "static", prefix)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._assets)

    def url(self, name: str) -> str:
        """The address of ``name``; a missing file keeps a plain address (and answers 404)."""
        found = self._assets.get(name)
        return f"{self.prefix}/{name}?v={found.digest}" if found else f"{self.prefix}/{name}"

    async def serve(self, name: str, v: str | None = None) -> Response:
        """The route answering ``GET {prefix}/{name}``, cached for good only when asked for by
        the address :meth:`url` gives (``?v=`` the content's digest)."""
        found = self._assets.get(name)
        if found is None:
            raise HTTPException(404, "no such file")
        return Response(
            found.content,
            media_type=found.media_type,
            headers={"Cache-Control": CACHE_CONTROL if v == found.digest else REVALIDATE},
        )


def _suffix(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""
