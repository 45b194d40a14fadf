"""Typed settings, read from the environment in this one module."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from service.credentials import with_credentials
from service.settings_safety import production_problems

MAX_BODY_BYTES = 2 * 1024 * 1024  # API.md: request bodies over 2 MB get 413


class SettingsError(RuntimeError):
    """A required variable is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Everything the service is configured with."""

    environment: str
    database_url: str
    brightway_dir: Path
    secret_key: str
    instance_dir: Path
    log_level: str = "INFO"
    # Log lines: "json" (one object per line; production's default) or "text" (development's).
    log_format: str = "text"
    # Bearer token GET /metrics requires when set (empty: metrics are open, e.g. on a private net).
    metrics_token: str = ""
    # Public base URL of this service: verification URLs, status lists, DIDs derive from it.
    service_url: str = "http://127.0.0.1:5000"
    # Passphrase that encrypts signing keys at rest.
    key_passphrase: str = ""
    # Label validity (national rules of 17 March 2025 and Carbon Trust: 2 years by default).
    label_validity_days: int = 730
    # Resolve did:web over plain HTTP for loopback hosts (development and tests only).
    allow_http_did: bool = True
    # Long work (service/jobs): "inprocess" threads (make run, no broker) or "celery" workers
    # over Redis (production). "inline" runs a job inside the call that starts it (tests only).
    jobs_backend: str = "inprocess"
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Seconds after which Redis hands an unacknowledged job of a lost worker to another one.
    jobs_visibility_timeout: int = 3600
    # Connections each process keeps to PostgreSQL, and how many more it may open under load
    # (deploy/README.md, "Database connections": count them per host).
    database_pool_size: int = 5
    database_max_overflow: int = 10
    # Seconds a running job part's lease lasts; its worker renews it every third of that, and
    # a lapsed one (a lost worker) is sent again to a live worker (operations/leases.py).
    jobs_lease_seconds: int = 30
    # How many workers may share one re-scoring job (one part each; a part that is done helps
    # the others): the Celery workers' total concurrency. In-process jobs share one
    # interpreter (and, by default, one SQLite file), so they run in one part.
    job_parts: int = 1
    # Keep answers of the public verification API per process, invalidated by PostgreSQL
    # notifications on every change they depend on (service/persistence/change_feed.py).
    # Without PostgreSQL there are no notifications and nothing is kept.
    verification_cache: bool = False
    # Rate limits (service/rate_limits.py): the counters' store, memory:// (one process) or
    # redis://... (shared by every worker and host: production), and the limits themselves.
    rate_limit_storage: str = "memory://"
    rate_limit_sign_in_account: str = "5 per 15 minutes"  # failures, then locked out
    rate_limit_sign_in_address: str = "20 per 15 minutes"  # failures from one address
    rate_limit_bad_token: str = "20 per minute"  # noqa: S105  (a limit: bad tokens per address)
    rate_limit_public: str = "600 per minute"  # verifications and downloads per address
    # Proxies (load balancers) in front whose X-Forwarded-For is trusted: 0 (none, the peer is
    # the client) or the number of hops, so that limits count clients, not the balancer.
    trusted_proxies: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings; development has embedded defaults, production needs every variable."""
        env = with_credentials(os.environ if environ is None else environ)
        environment = env.get("GBA_ENV", "development")
        if environment not in ("development", "production"):
            raise SettingsError("GBA_ENV must be 'development' or 'production'")
        instance = Path(env.get("GBA_INSTANCE_DIR", "instance")).resolve()
        if environment == "production" and (problems := production_problems(env)):
            raise SettingsError(
                f"GBA_ENV=production refuses to start: {'; '.join(problems)} "
                "(deploy/README.md, Configuration)"
            )
        return cls(
            environment=environment,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{instance / 'gba.sqlite3'}",
            brightway_dir=Path(env.get("BRIGHTWAY_DIR") or instance / "brightway").resolve(),
            secret_key=env.get("SECRET_KEY") or _development_secret(instance),
            instance_dir=instance,
            log_level=env.get("LOG_LEVEL", "INFO"),
            log_format=_log_format(env, environment),
            metrics_token=env.get("METRICS_TOKEN", ""),
            service_url=env.get("SERVICE_URL", "http://127.0.0.1:5000").rstrip("/"),
            key_passphrase=env.get("KEY_PASSPHRASE") or _development_secret(instance, "passphrase"),
            label_validity_days=_positive_int(env, "LABEL_VALIDITY_DAYS", 730),
            allow_http_did=environment == "development",
            jobs_backend=(backend := _choice(env, "JOBS_BACKEND", ("inprocess", "celery"))),
            redis_url=env.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            jobs_visibility_timeout=_positive_int(env, "JOBS_VISIBILITY_TIMEOUT", 3600),
            jobs_lease_seconds=_positive_int(env, "JOBS_LEASE_SECONDS", 30),
            database_pool_size=_positive_int(env, "DATABASE_POOL_SIZE", 5),
            database_max_overflow=_whole(env, "DATABASE_MAX_OVERFLOW", 10),
            job_parts=_positive_int(env, "JOB_PARTS", 2 if backend == "celery" else 1),
            verification_cache=_choice(env, "VERIFICATION_CACHE", ("on", "off")) == "on",
            trusted_proxies=int(env.get("TRUSTED_PROXIES") or 0)
            if (env.get("TRUSTED_PROXIES") or "0").isdigit()
            else _positive_int(env, "TRUSTED_PROXIES", 0),
            **_rate_limits(env),
        )


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = env.get(name) or choices[0]
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}")
    return value


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name)
    if not text:
        return default
    if not text.isdigit() or int(text) <= 0:
        raise SettingsError(f"{name} must be a positive whole number")
    return int(text)


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name)
    if not text:
        return default
    if not text.isdigit():
        raise SettingsError(f"{name} must be a whole number (0 or more)")
    return int(text)


def _log_format(env: Mapping[str, str], environment: str) -> str:
    value = env.get("LOG_FORMAT") or ("json" if environment == "production" else "text")
    if value not in ("json", "text"):
        raise SettingsError("LOG_FORMAT must be 'json' or 'text'")
    return value


def _development_secret(instance: Path, purpose: str = "secret") -> str:
    """Return a per-checkout secret kept under instance/, made on first use."""
    path = instance / f"development-{purpose}-key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _rate_limits(env: Mapping[str, str]) -> dict[str, str]:
    """Read RATE_LIMIT_* (a limit in the `limits` notation, checked here, or a store URI)."""
    from limits import parse

    found = {}
    for name in ("sign_in_account", "sign_in_address", "bad_token", "public"):
        value = env.get(f"RATE_LIMIT_{name.upper()}")
        if value:
            try:
                parse(value)
            except ValueError:
                message = f"RATE_LIMIT_{name.upper()} must read like '5 per minute'"
                raise SettingsError(message) from None
            found[f"rate_limit_{name}"] = value
    if env.get("RATE_LIMIT_STORAGE"):
        found["rate_limit_storage"] = env["RATE_LIMIT_STORAGE"]
    return found
