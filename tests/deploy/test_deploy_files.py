"""Deployment files: scripts parse, gunicorn takes its config, the docs list every variable."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from service.observability.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SCRIPTS = ["common.sh", "run-web.sh", "run-worker.sh", "migrate.sh", "reload-web.sh"]


def _gunicorn_conf(monkeypatch: pytest.MonkeyPatch, **environ: str) -> ModuleType:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", DEPLOY / "gunicorn.conf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _env_example(name: str = ".env.development.example") -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)


def _env_values(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_parse(name):
    subprocess.run(["bash", "-n", str(DEPLOY / name)], check=True)  # noqa: S603, S607


@pytest.mark.parametrize("name", ["run-web.sh", "run-worker.sh", "migrate.sh", "reload-web.sh"])
def test_entry_points_are_executable_and_strict(name):
    path = DEPLOY / name
    assert os.access(path, os.X_OK)
    assert "set -euo pipefail" in path.read_text(encoding="utf-8")


def test_gunicorn_accepts_the_config(tmp_path):
    env = os.environ | {
        "GBA_ENV": "development",
        "GBA_INSTANCE_DIR": str(tmp_path),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run(  # noqa: S603
        [
            str(gunicorn),
            "--check-config",
            "-c",
            str(DEPLOY / "gunicorn.conf.py"),
            "service:create_app()",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    conf = _gunicorn_conf(
        monkeypatch, GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:9000", GUNICORN_THREADS="2"
    )
    assert conf.preload_app is False
    assert (conf.workers, conf.threads, conf.bind) == (3, 2, "127.0.0.1:9000")
    assert conf.worker_class == "gthread"


def test_child_exit_releases_a_dead_workers_metrics(monkeypatch, tmp_path):
    conf = _gunicorn_conf(monkeypatch, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    stale = tmp_path / "counter_1.db"
    stale.write_bytes(b"")
    conf.on_starting(None)
    assert not stale.exists()  # a previous run's values are not counted again
    live = tmp_path / "gauge_livesum_4242.db"
    live.write_bytes(b"")
    conf.child_exit(None, SimpleNamespace(pid=4242))
    assert not live.exists()


def test_gunicorn_lines_have_the_apps_shape(monkeypatch):
    conf = _gunicorn_conf(monkeypatch)
    atoms = {"m": "GET", "U": "/healthz", "s": "200", "D": 1500, "{x-request-id}o": "r-1"}
    access = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(m)s", (atoms,), None)
    theirs = json.loads(conf.JsonFormatter().format(access))
    request = logging.LogRecord(
        "service.requests", logging.INFO, "", 0, "GET /healthz 200", (), None
    )
    for name, value in {"request_id": "r-1", "method": "GET", "path": "/healthz"}.items():
        setattr(request, name, value)
    request.status, request.duration_ms = 200, 1.5
    ours = json.loads(JsonFormatter().format(request))
    assert set(theirs) == set(ours)
    assert theirs | {"logger": "x", "timestamp": "t"} == ours | {"logger": "x", "timestamp": "t"}


def test_every_setting_is_in_env_example_and_the_deploy_readme():
    read = set(re.findall(r'env\.get\("([A-Z0-9_]+)"', (ROOT / "service/settings.py").read_text()))
    read |= set(re.findall(r'env, "([A-Z0-9_]+)"', (ROOT / "service/settings.py").read_text()))
    listed = set(_env_example())
    assert read <= listed, f"missing from .env.development.example: {sorted(read - listed)}"
    deploy_vars = set(
        re.findall(r'environ.get\("([A-Z0-9_]+)"', (DEPLOY / "gunicorn.conf.py").read_text())
    )
    assert deploy_vars <= listed
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert [name for name in listed if f"`{name}`" not in readme] == []


def _unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """Parse a systemd unit: section -> key -> values (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        elif "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            current.setdefault(key, []).append(value)
    return sections


@pytest.mark.parametrize("unit", ["gba-web.service", "gba-worker.service"])
def test_systemd_units_start_the_scripts(unit):
    parsed = _unit(DEPLOY / "systemd" / unit)
    service = parsed["Service"]
    (start,) = service["ExecStart"]
    assert (ROOT / start.removeprefix("/srv/gba/app/")).is_file()
    assert service["EnvironmentFile"] == ["/etc/gba/gba.env"]
    credentials = {value.partition(":")[0] for value in service["LoadCredential"]}
    assert {"key-passphrase", "secret-key", "database-url", "redis-url"} <= credentials
    if unit == "gba-web.service":
        assert "metrics-token" in credentials
    metrics_dir = [v for v in service["Environment"] if v.startswith("PROMETHEUS_MULTIPROC_DIR=")]
    assert metrics_dir and metrics_dir[0].endswith("/metrics")
    assert service["ReadOnlyPaths"] == ["/srv/gba/brightway"]
    assert parsed["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_production_example_sets_nothing_unsafe_and_no_secret():
    from service.settings_safety import production_problems

    values = _env_values(".env.production.example")
    secrets = {"SECRET_KEY", "KEY_PASSPHRASE", "DATABASE_URL", "REDIS_URL", "METRICS_TOKEN"}
    assert not secrets & set(values)  # they come from the secret store
    assert "TEST_DATABASE_URL" not in values and "GBA_ALLOW_HTTP_SERVICE_URL" not in values
    text = (ROOT / ".env.production.example").read_text(encoding="utf-8")
    for secret in secrets:
        assert f"-> {secret}" in text  # says which credential delivers it
    # With the secret store's values added, production accepts it.
    store = {
        "SECRET_KEY": "x" * 48,
        "KEY_PASSPHRASE": "y" * 24,
        "DATABASE_URL": "postgresql://gba:pw@db.internal:5432/gba",
    }
    assert production_problems(values | store) == []
    assert values["GBA_ENV"] == "production" and values["SERVICE_URL"].startswith("https://")


def test_request_lines_are_written_once(monkeypatch):
    monkeypatch.delenv("GUNICORN_ACCESS_LOG", raising=False)
    access = _gunicorn_conf(monkeypatch).logconfig_dict["loggers"]["gunicorn.access"]
    assert access["handlers"] == [] and access["level"] == "CRITICAL"  # the app logs requests
    both = _gunicorn_conf(monkeypatch, GUNICORN_ACCESS_LOG="-").logconfig_dict["loggers"]
    assert both["gunicorn.access"]["handlers"] == ["stderr"]


def test_migrate_reports_one_parseable_line_per_step(tmp_path):
    path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"  # the venv's python and flask
    environ = {"PATH": path, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    environ |= {"GBA_ENV": "production", "SECRET_KEY": "change-me"}  # refused at preflight
    done = subprocess.run(  # noqa: S603
        ["bash", str(DEPLOY / "migrate.sh")],  # noqa: S607
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert re.fullmatch(r"step=preflight status=failed exit=3 seconds=\d+\n", done.stdout)
    assert "refuses to start" in done.stderr and "Traceback" not in done.stderr


def test_no_script_exports_a_secret():
    from service.credentials import CREDENTIALS

    for name in SCRIPTS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        assert "CREDENTIALS_DIRECTORY" not in text.replace("$CREDENTIALS_DIRECTORY", "")
        assert not [variable for variable in CREDENTIALS if f"export {variable}" in text]
        assert 'export "$name=' not in text


def test_workers_mark_themselves_ready_for_the_staggered_reload(monkeypatch, tmp_path):
    ready = tmp_path / "ready"
    conf = _gunicorn_conf(monkeypatch, GUNICORN_READY_DIR=str(ready))
    conf.post_worker_init(SimpleNamespace(pid=101))
    conf.post_worker_init(SimpleNamespace(pid=102))
    assert sorted(p.name for p in ready.iterdir()) == ["101", "102"]
    conf.child_exit(None, SimpleNamespace(pid=101))
    assert [p.name for p in ready.iterdir()] == ["102"]
    conf.on_starting(None)  # a new master: no stale marks
    assert list(ready.iterdir()) == []
    web = _unit(DEPLOY / "systemd" / "gba-web.service")["Service"]
    assert web["ExecReload"] == ["/srv/gba/app/deploy/reload-web.sh $MAINPID"]
    assert "GUNICORN_READY_DIR=/run/gba-web/ready" in web["Environment"]


def test_gunicorn_lines_are_scrubbed_like_the_apps(monkeypatch):
    conf = _gunicorn_conf(monkeypatch)
    record = logging.LogRecord(
        "gunicorn.error",
        logging.ERROR,
        "",
        0,
        "bad header Authorization: Bearer gba_abcdef12345",
        (),
        None,
    )
    line = json.loads(conf.JsonFormatter().format(record))
    assert "gba_abcdef12345" not in line["message"]
    # One formatter, not a copy: gunicorn's is a subclass of the app's, loaded from its file.
    base = conf.JsonFormatter.__mro__[1]
    assert Path(base.format.__code__.co_filename) == ROOT / "service/observability/log_lines.py"
    assert base.__qualname__ == JsonFormatter.__qualname__
