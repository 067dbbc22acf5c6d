"""Files written a chunk at a time, into a folder or a zip archive streamed as it is made."""

import os
import shutil
import tempfile
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO

from graph_service.errors import InputError

# (file name inside the export, a chunk of its bytes). A format writes each file's chunks one
# after another, never two files at once, so a zip can be streamed as it goes.
Members = AsyncIterator[tuple[str, bytes]]


class _Drain:
    """A write-only sink that hands back what was written since it was last drained."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


async def only_file(members: Members) -> AsyncIterator[bytes]:
    """The chunks of a single-file format's one file."""
    async for _, chunk in members:
        yield chunk


async def zip_stream(members: Members) -> AsyncIterator[bytes]:
    """The members as a zip archive, yielded as it is compressed: memory holds one chunk."""
    sink = _Drain()
    # An unseekable sink: zipfile writes each member's sizes after its data.
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        name: str | None = None
        member: IO[bytes] | None = None
        async for file_name, chunk in members:
            if file_name != name:
                if member is not None:
                    member.close()
                name = file_name
                info = zipfile.ZipInfo(file_name, _EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                member = archive.open(info, mode="w")
            assert member is not None
            member.write(chunk)
            if data := sink.drain():
                yield data
        if member is not None:
            member.close()
    yield sink.drain()


# Fixed member times: the same graph exports to the same bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)


async def write_folder(members: Members, folder: Path) -> list[Path]:
    """Write the members into ``folder``, which must not exist or be empty.

    Files are written into a temporary folder beside it, which takes the folder's place only
    once everything is written: a failure leaves nothing half-written.
    """
    staging = _Staging(folder)
    try:
        async for file_name, chunk in members:
            staging.write(file_name, chunk)
        return staging.commit()
    except BaseException:
        staging.abort()
        raise


async def write_file(chunks: AsyncIterator[bytes], path: Path) -> None:
    """Write a stream to ``path`` through a temporary file beside it (never half-written)."""
    staging = _Staging(path, single_file=True)
    try:
        async for chunk in chunks:
            staging.write(path.name, chunk)
        staging.commit()
    except BaseException:
        staging.abort()
        raise


class _Staging:
    """A folder (or one file) written beside its destination, moved into place at the end."""

    def __init__(self, destination: Path, *, single_file: bool = False) -> None:
        if single_file:
            if destination.exists():
                raise InputError(f"{destination} exists; give a new file name")
        else:
            _check_empty(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        self._destination = destination
        self._single_file = single_file
        self._root = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
        self._name: str | None = None
        self._handle: IO[bytes] | None = None
        self._written: list[Path] = []

    def write(self, name: str, chunk: bytes) -> None:
        if name != self._name:
            self._close()
            self._name = name
            path = self._root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = path.open("wb")
            self._written.append(self._destination / name)
        assert self._handle is not None
        self._handle.write(chunk)

    def commit(self) -> list[Path]:
        self._close()
        if self._single_file:
            source = self._root / self._destination.name
            if not source.exists():
                source.touch()
            os.replace(source, self._destination)
            self._root.rmdir()
            return [self._destination]
        if self._destination.exists():
            self._destination.rmdir()
        os.replace(self._root, self._destination)
        return self._written

    def abort(self) -> None:
        self._close()
        shutil.rmtree(self._root, ignore_errors=True)

    def _close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _check_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} exists and is not a folder; give a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(f"{folder} is not empty; give a new or empty folder")
