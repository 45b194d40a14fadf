"""Opening what an import names: a folder, or a zip unpacked safely into a temporary folder."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from lca_models.errors import ImportFailed

# A zip may not unpack to more than this (USLCI's 7 MB zip unpacks to ~60 MB; ecoinvent's
# ecoSpold 2 release to ~3 GB), nor hold more members: a bound on zip bombs.
MAX_UNPACKED_BYTES = 8 * 1024**3
MAX_MEMBERS = 200_000


def _unpack(path: Path, target: Path, skip: frozenset[str]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportFailed(f"{path}: the zip holds more than {MAX_MEMBERS} files")
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise ImportFailed(f"{path}: the zip unpacks to more than {MAX_UNPACKED_BYTES} B")
            for member in members:
                name = PurePosixPath(member.filename)
                if name.is_absolute() or ".." in name.parts:
                    raise ImportFailed(f"{path}: the zip names a file outside it: {name}")
            wanted = [m for m in members if not skip & set(PurePosixPath(m.filename).parts)]
            archive.extractall(target, members=wanted)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as error:
        raise ImportFailed(f"{path}: not a readable zip archive ({error})") from None
    except (OSError, ValueError) as error:  # a truncated member fails its CRC or its read
        raise ImportFailed(f"{path}: the zip is damaged or truncated ({error})") from None


def _content_root(folder: Path) -> Path:
    """Return folder, or its only sub-folder when an archive wraps everything in one."""
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


@contextmanager
def opened(path: Path, skip: frozenset[str] = frozenset()) -> Iterator[Path]:
    """Yield a folder holding the database's files; a zip is unpacked and removed after.

    skip names folders of a zip the reader never reads (left packed, to save time).
    """
    if path.is_dir():
        yield _content_root(path)
        return
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file or folder")
    temporary = Path(tempfile.mkdtemp(prefix="gba-import-"))
    try:
        _unpack(path, temporary, skip)
        yield _content_root(temporary)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
