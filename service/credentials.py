"""Secrets delivered as systemd credentials, read by the service itself.

The units load each secret with `LoadCredential=NAME:PATH`; systemd puts it in a file under
`$CREDENTIALS_DIRECTORY`, readable by the service alone. Reading the files here, rather than
exporting their values from the start script, keeps them out of the environment of every
process the service starts (gunicorn's workers, Celery's pool, WeasyPrint, a shell). A
variable that is set wins over its credential.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

# Variable -> credential name (`LoadCredential=secret-key:/etc/gba/credentials/secret-key`).
CREDENTIALS = {
    "SECRET_KEY": "secret-key",
    "KEY_PASSPHRASE": "key-passphrase",
    "DATABASE_URL": "database-url",
    "REDIS_URL": "redis-url",
    "METRICS_TOKEN": "metrics-token",
}


def with_credentials(env: Mapping[str, str]) -> dict[str, str]:
    """Return env plus the value of each secret it lacks that a credential file holds."""
    merged = dict(env)
    directory = env.get("CREDENTIALS_DIRECTORY")
    if not directory:
        return merged
    for variable, name in CREDENTIALS.items():
        path = Path(directory) / name
        if not merged.get(variable) and path.is_file():
            merged[variable] = path.read_text(encoding="utf-8").strip()
    return merged
