"""The pages' catalogues: every text translated, the .mo files compiled from the .po files."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "service" / "web" / "translations"
LOCALES = ("zh_Hans", "zh_Hant")
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None}
PUBLIC_MODULES = ("public.py", "public_register.py")


def _source_texts() -> set[str]:
    """Every text the pages' Python and templates mark for translation."""
    found: set[str] = set()
    methods = [("**.py", "python"), ("**.html", "jinja2")]
    for folder in (ROOT / "service" / "web", ROOT / "templates" / "web"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            folder, methods, keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _public_texts() -> set[str]:
    """The texts of the public verification page, the only pages also in Portuguese."""
    files = [(ROOT / "service" / "web" / name, "python") for name in PUBLIC_MODULES]
    files += [(path, "jinja2") for path in (ROOT / "templates" / "web" / "public").glob("*.html")]
    found: set[str] = set()
    for path, method in files:
        for _line, message, _comments, _context in extract_from_file(
            method, path, keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_portuguese_catalogue_translates_the_public_pages():
    folder = TRANSLATIONS / "pt" / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as po_file:
        po = {m.id: m for m in read_po(po_file) if m.id}
    with (folder / "messages.mo").open("rb") as mo_file:
        mo = {m.id: m.string for m in read_mo(mo_file) if m.id}
    public = _public_texts()
    assert "Valid" in public and len(public) > 40
    untranslated = sorted(i for i in public if i not in po or not po[i].string or po[i].fuzzy)
    assert not untranslated, f"translate in pt/LC_MESSAGES/messages.po: {untranslated}"
    translated = {i: m.string for i, m in po.items() if m.string and not m.fuzzy}
    assert mo == translated, "run `make translations` to compile"
    assert mo["Valid"] == "Válido" and mo["Revoked"] == "Revogado"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_translates_every_text_and_is_compiled(locale: str):
    folder = TRANSLATIONS / locale / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as po_file:
        po = {m.id: m for m in read_po(po_file) if m.id}
    with (folder / "messages.mo").open("rb") as mo_file:
        mo = {m.id: m.string for m in read_mo(mo_file) if m.id}
    missing = _source_texts() - set(po)
    assert not missing, f"run `make translations`: {sorted(missing)}"
    untranslated = [i for i, m in po.items() if not m.string or m.fuzzy]
    assert not untranslated, untranslated
    assert mo == {i: m.string for i, m in po.items()}, "run `make translations` to compile"
