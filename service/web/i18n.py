"""Which language a page is in: ?lang=, the language cookie, then the Accept-Language header."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale

LOCALES = ("zh_Hans", "zh_Hant", "en")
# The public pages (the QR code's target) are also in Portuguese, for readers in Macao.
PUBLIC_LOCALES = (*LOCALES, "pt")
PUBLIC_ENDPOINTS = frozenset({"web.public_label", "web.label_lookup", "web.label_directory"})
DEFAULT_LOCALE = "en"
COOKIE = "lang"
# What the language switcher shows: each language named in itself.
SWITCHER = (("zh_Hans", "简体中文"), ("zh_Hant", "繁體中文"), ("en", "English"))
PUBLIC_SWITCHER = (*SWITCHER, ("pt", "Português"))
# BCP 47 tags for <html lang> and the product-name keys of API.md.
TAGS = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "en", "pt": "pt"}
# The order product names fall back in, after the reader's own language.
_FALLBACK = ("en", "zh-Hant", "zh-Hans", "pt")
_TRADITIONAL_MARKS = ("hant", "tw", "hk", "mo")


def locale_for(tag: str) -> str | None:
    """Map a language tag (zh-CN, zh-HK, zh-Hant-TW, en-GB, ...) to a supported locale."""
    parts = tag.strip().lower().replace("_", "-").split("-")
    if parts[0] == "zh":
        return "zh_Hant" if any(p in _TRADITIONAL_MARKS for p in parts[1:]) else "zh_Hans"
    if parts[0] in ("en", "pt"):
        return parts[0]
    return None


def select_locale() -> str:
    """Return the locale of this request (Flask-Babel's locale selector)."""
    offered = PUBLIC_LOCALES if request.endpoint in PUBLIC_ENDPOINTS else LOCALES
    for chosen in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if chosen is None:
            continue
        # Our own codes (zh_Hant) or any BCP 47 tag (zh-Hant, zh-HK, zh-TW, zh-CN, pt-MO).
        found = chosen if chosen in offered else locale_for(chosen[:35])
        if found is not None and found in offered:
            return found
    for tag, _quality in request.accept_languages:
        found = locale_for(tag)
        if found is not None and found in offered:
            return found
    return DEFAULT_LOCALE


def current_tag() -> str:
    """Return the BCP 47 tag of the page's language."""
    return TAGS.get(str(get_locale()), "en")


def localised(names: dict[str, str]) -> str:
    """Return a product name in the page's language, else in the nearest one given."""
    tag = current_tag()
    nearest = ("zh-Hans", "zh-Hant", "en") if tag.startswith("zh") else _FALLBACK
    order = [tag] + [t for t in nearest if t != tag]
    for key in [*order, *names]:
        if names.get(key):
            return names[key]
    return ""
