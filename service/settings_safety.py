"""What production refuses to start with: missing, placeholder or unsafe settings.

Every offending variable is named in one message, so an operator fixes them all at once.
"""

from __future__ import annotations

from collections.abc import Mapping

REQUIRED = ("DATABASE_URL", "SECRET_KEY", "BRIGHTWAY_DIR", "SERVICE_URL", "KEY_PASSPHRASE")
# Values that example files and tutorials use: never secret.
PLACEHOLDERS = frozenset(
    {
        "change-me",
        "changeme",
        "change_me",
        "secret",
        "password",
        "passphrase",
        "dev",
        "test",
        "development",
        "example",
        "xxx",
        "todo",
        "please-change",
    }
)
# Flask signs sessions with SECRET_KEY: 32 characters of a random token carry 192 bits
# (secrets.token_urlsafe(24)); the passphrase seals the signing keys (scrypt), 16 at least.
MIN_LENGTH = {"SECRET_KEY": 32, "KEY_PASSPHRASE": 16}
# For a trial on one machine without TLS: lets SERVICE_URL be http:// (deploy/README.md).
ALLOW_HTTP_FLAG = "GBA_ALLOW_HTTP_SERVICE_URL"


def production_problems(env: Mapping[str, str]) -> list[str]:
    """Return one phrase per variable production refuses (empty: all safe)."""
    problems = [f"{name} is not set" for name in REQUIRED if not env.get(name)]
    for name, length in MIN_LENGTH.items():
        value = env.get(name, "")
        if not value:
            continue
        if value.strip().lower() in PLACEHOLDERS:
            problems.append(f"{name} is a placeholder (take it from the secret store)")
        elif len(value) < length:
            problems.append(f"{name} is shorter than {length} characters")
    if env.get("DATABASE_URL", "").startswith("sqlite"):
        problems.append("DATABASE_URL is SQLite (production needs PostgreSQL)")
    url = env.get("SERVICE_URL", "")
    if url.startswith("http://"):
        if env.get(ALLOW_HTTP_FLAG) != "1":
            problems.append(
                f"SERVICE_URL is http:// (did:web needs https://; {ALLOW_HTTP_FLAG}=1 allows "
                "it for a local trial)"
            )
    elif url and not url.startswith("https://"):
        problems.append("SERVICE_URL is not an https:// URL")
    if env.get("TEST_DATABASE_URL"):
        problems.append("TEST_DATABASE_URL is set (tests only: unset it)")
    return problems
