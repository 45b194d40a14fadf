"""Gunicorn settings for a web host, all from the environment (deploy/README.md, .env.example).

Kept free of `service` imports: the master only forks and supervises; each worker builds the
app itself (preload_app = False) and memory-maps the score tables on first use. The log line
formatter is the app's own (service/observability/log_lines.py, secrets scrubbed), loaded by
file path so the master imports nothing else of the service.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from types import ModuleType
from typing import Any


def _int(name: str, default: int) -> int:
    text = os.environ.get(name, "")
    return int(text) if text.strip() else default


# Every interface: web hosts are reached through the load balancer on a private network.
bind = os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000"
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# Longer than the load balancer's idle timeout, so it never reuses a connection gunicorn closed.
keepalive = 75
preload_app = False  # each worker maps the score tables itself, after the fork
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
control_socket_disable = True  # gunicorn 27's control socket: not used, and $HOME is read-only
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108 (heartbeat)
# The app logs every request (with its request ID); gunicorn's own access log is optional.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = (os.environ.get("LOG_LEVEL") or "info").lower()
ACCESS_FIELDS = {"method": "m", "path": "U", "status": "s", "request_id": "{x-request-id}o"}


def _log_lines() -> ModuleType:
    """Load service/observability/log_lines.py by path (no service package import)."""
    found = importlib.util.find_spec("service")  # locates the package without importing it
    assert found is not None and found.origin is not None, "the service package is not installed"
    path = Path(found.origin).parent / "observability" / "log_lines.py"
    spec = importlib.util.spec_from_file_location("gba_log_lines", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class JsonFormatter(_log_lines().JsonFormatter):  # type: ignore[misc]
    """The app's JSON line (scrubbed) for gunicorn's loggers; access records carry the
    request's method, path, status, ID and duration."""

    def message_and_fields(self, record: logging.LogRecord) -> tuple[str, dict[str, Any]]:
        """Read gunicorn's access atoms into the app's request fields."""
        atoms = record.args if isinstance(record.args, dict) else None
        if record.name != "gunicorn.access" or atoms is None:
            return record.getMessage(), {}
        fields: dict[str, Any] = {}
        for field, atom in ACCESS_FIELDS.items():
            value = atoms.get(atom)
            if value not in (None, "-"):
                fields[field] = int(value) if field == "status" else value
        fields["duration_ms"] = round(int(atoms.get("D", 0)) / 1000, 3)
        return f"{atoms.get('m')} {atoms.get('U')} {atoms.get('s')}", fields


_formatter = (
    {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    if os.environ.get("LOG_FORMAT") == "text"
    else {"()": JsonFormatter}
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"gba": _formatter},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "gba",
            "stream": "ext://sys.stderr",
        }
    },
    # The app installs the root logger's handler in each worker (create_app).
    "root": {"level": loglevel.upper(), "handlers": []},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        # Gunicorn writes access lines whenever a logging config is given: without
        # GUNICORN_ACCESS_LOG they go nowhere (the app's service.requests line is the one).
        "gunicorn.access": {
            "handlers": ["stderr"] if accesslog else [],
            "level": "INFO" if accesslog else "CRITICAL",
            "propagate": False,
        },
    },
}


def _metrics_dir() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(value) if value else None


def on_starting(server: Any) -> None:
    """Start with an empty metrics directory: files of a previous run would be counted again."""
    ready = _ready_dir()
    if ready is not None and ready.is_dir():
        for stale in ready.iterdir():
            stale.unlink()
    directory = _metrics_dir()
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()


def _ready_dir() -> Path | None:
    value = os.environ.get("GUNICORN_READY_DIR")
    return Path(value) if value else None


def post_worker_init(worker: Any) -> None:
    """Mark this worker ready (app built): deploy/reload-web.sh waits for it before retiring
    an old worker, so a reload never leaves the host without ready workers."""
    directory = _ready_dir()
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / str(worker.pid)).touch()


def child_exit(server: Any, worker: Any) -> None:
    """Drop an exited worker's ready mark; let prometheus_client drop its live gauges."""
    directory = _ready_dir()
    if directory is not None:
        (directory / str(worker.pid)).unlink(missing_ok=True)
    if _metrics_dir() is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
