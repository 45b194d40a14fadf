"""Activity codes across library versions: "VERSION:CODE" names another version's dataset."""

from __future__ import annotations

# No library version name and no dataset code contains it (versions are checked on import).
VERSION_SEPARATOR = ":"


def split_code(code: str) -> tuple[str | None, str]:
    """Split a BOM line's activity into (library version or None, dataset code)."""
    version, sep, rest = code.partition(VERSION_SEPARATOR)
    return (version, rest) if sep and version and rest else (None, code)


def qualified_code(version: str, code: str) -> str:
    """Return the activity a BOM line names for a dataset of another library version."""
    return f"{version}{VERSION_SEPARATOR}{code}"
