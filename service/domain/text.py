"""Which characters display text (names, SKUs, references) may hold."""

from __future__ import annotations

import unicodedata

# Unicode general categories refused in display text: controls (Cc: NUL, ESC, CR, LF, BEL),
# format characters (Cf: the bidirectional overrides and isolates U+202A-202E and U+2066-2069
# that make "txt.exe" read "exe.txt" (CVE-2021-42574, "Trojan Source"), zero-width joiners and
# marks that make two different SKUs look alike), line and paragraph separators (Zl, Zp),
# surrogates (Cs) and unassigned code points (Cn). Letters, digits, punctuation, symbols and
# spaces of every script stay allowed.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})


def display_text_problem(text: str) -> str | None:
    """Return why text is unfit to display (its first refused character), or None."""
    for position, char in enumerate(text):
        if unicodedata.category(char) in REFUSED_CATEGORIES:
            return (
                f"must not contain control or bidirectional formatting characters "
                f"(U+{ord(char):04X} at position {position})"
            )
    return None
