"""Typed settings: production fails fast naming what is missing or unsafe; development has
defaults."""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys

import pytest

from service.settings import Settings, SettingsError

PRODUCTION = {
    "GBA_ENV": "production",
    "DATABASE_URL": "postgresql://gba@db.internal/gba",
    "SECRET_KEY": "s3cret-from-the-vault-0123456789abcdef",
    "BRIGHTWAY_DIR": "/srv/gba/brightway",
    "SERVICE_URL": "https://gba.example",
    "KEY_PASSPHRASE": "a-long-passphrase-from-the-vault",
}


@pytest.mark.parametrize(
    "missing", ["DATABASE_URL", "SECRET_KEY", "BRIGHTWAY_DIR", "SERVICE_URL", "KEY_PASSPHRASE"]
)
def test_production_without_a_variable_names_it(missing, tmp_path):
    environ = {k: v for k, v in PRODUCTION.items() if k != missing}
    environ["GBA_INSTANCE_DIR"] = str(tmp_path)
    with pytest.raises(SettingsError, match=missing):
        Settings.from_env(environ)


def test_production_treats_an_empty_variable_as_missing(tmp_path):
    environ = PRODUCTION | {"DATABASE_URL": "", "GBA_INSTANCE_DIR": str(tmp_path)}
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        Settings.from_env(environ)


def test_production_with_everything(tmp_path):
    settings = Settings.from_env(PRODUCTION | {"GBA_INSTANCE_DIR": str(tmp_path)})
    assert settings.environment == "production"
    assert settings.database_url == PRODUCTION["DATABASE_URL"]
    assert settings.secret_key == PRODUCTION["SECRET_KEY"]
    assert str(settings.brightway_dir) == "/srv/gba/brightway"
    assert settings.service_url == "https://gba.example"
    assert settings.allow_http_did is False
    # No development secret is made in production.
    assert not (tmp_path / "development-secret-key").exists()


def test_development_defaults_to_sqlite_under_the_instance_dir(tmp_path):
    settings = Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path)})
    instance = tmp_path.resolve()
    assert settings.environment == "development"
    assert settings.instance_dir == instance
    assert settings.database_url == f"sqlite:///{instance / 'gba.sqlite3'}"
    assert settings.brightway_dir == instance / "brightway"
    assert settings.log_level == "INFO"


def test_development_secret_is_made_once_and_kept_private(tmp_path):
    first = Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path)})
    second = Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path)})
    assert len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key
    path = tmp_path / "development-secret-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_development_takes_what_is_given(tmp_path):
    settings = Settings.from_env(
        {
            "GBA_INSTANCE_DIR": str(tmp_path),
            "DATABASE_URL": "sqlite:///elsewhere.sqlite3",
            "SECRET_KEY": "k",
            "BRIGHTWAY_DIR": str(tmp_path / "bw"),
            "LOG_LEVEL": "DEBUG",
        }
    )
    assert settings.database_url == "sqlite:///elsewhere.sqlite3"
    assert settings.secret_key == "k"
    assert settings.brightway_dir == (tmp_path / "bw").resolve()
    assert settings.log_level == "DEBUG"


def test_an_unknown_environment_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="GBA_ENV"):
        Settings.from_env({"GBA_ENV": "staging", "GBA_INSTANCE_DIR": str(tmp_path)})


def test_from_env_reads_only_the_mapping_it_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv("GBA_ENV", "production")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # An explicit mapping wins over the process environment ...
    assert Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path)}).environment == "development"
    # ... and without one the process environment is read.
    monkeypatch.setenv("GBA_INSTANCE_DIR", str(tmp_path))
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        Settings.from_env()


def test_settings_are_immutable(tmp_path):
    settings = Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path)})
    with pytest.raises(AttributeError):
        settings.database_url = "sqlite://"  # type: ignore[misc]


def test_production_names_every_unsafe_setting_in_one_message(tmp_path):
    environ = PRODUCTION | {
        "GBA_INSTANCE_DIR": str(tmp_path),
        "SECRET_KEY": "change-me",
        "KEY_PASSPHRASE": "short",
        "DATABASE_URL": "sqlite:///gba.sqlite3",
        "SERVICE_URL": "http://gba.example",
        "TEST_DATABASE_URL": "postgresql://postgres@127.0.0.1/test",
    }
    del environ["BRIGHTWAY_DIR"]
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(environ)
    message = str(refused.value)
    assert "\n" not in message
    for phrase in (
        "BRIGHTWAY_DIR is not set",
        "SECRET_KEY is a placeholder",
        "KEY_PASSPHRASE is shorter than 16 characters",
        "DATABASE_URL is SQLite",
        "SERVICE_URL is http://",
        "GBA_ALLOW_HTTP_SERVICE_URL=1",
        "TEST_DATABASE_URL is set",
    ):
        assert phrase in message


def test_a_short_secret_key_is_refused_and_http_needs_the_trial_flag(tmp_path):
    environ = PRODUCTION | {"GBA_INSTANCE_DIR": str(tmp_path)}
    with pytest.raises(SettingsError, match="SECRET_KEY is shorter than 32 characters"):
        Settings.from_env(environ | {"SECRET_KEY": "s3cret-from-the-vault"})
    trial = environ | {"SERVICE_URL": "http://127.0.0.1:8000", "GBA_ALLOW_HTTP_SERVICE_URL": "1"}
    assert Settings.from_env(trial).service_url == "http://127.0.0.1:8000"
    with pytest.raises(SettingsError, match="SERVICE_URL is not an https:// URL"):
        Settings.from_env(environ | {"SERVICE_URL": "gba.example"})


def test_the_command_line_refuses_in_one_line_without_a_traceback(tmp_path):
    environ = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)} | PRODUCTION
    environ |= {"SECRET_KEY": "change-me", "GBA_INSTANCE_DIR": str(tmp_path)}
    environ["PYTHONPATH"] = os.getcwd()
    for command in (
        [sys.executable, "-m", "service.preflight"],
        [sys.executable, "-m", "flask", "--app", "service", "jobs", "list"],
    ):
        done = subprocess.run(  # noqa: S603  (our own fixed command line)
            command, env=environ, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 3, done.stderr
        assert done.stdout == ""
        assert done.stderr.splitlines() == [
            "gba: GBA_ENV=production refuses to start: SECRET_KEY is a placeholder (take it "
            "from the secret store) (deploy/README.md, Configuration)"
        ]


def test_production_records_its_service_url_and_refuses_another(settings, session_factory):
    from service.preflight import check_deployment

    production = dataclasses.replace(
        settings, environment="production", service_url="https://gba.example"
    )
    check_deployment(production, session_factory)  # the first start records it
    check_deployment(production, session_factory)
    moved = dataclasses.replace(production, service_url="https://labels.example")
    with pytest.raises(SystemExit) as refused:
        check_deployment(moved, session_factory)
    assert refused.value.code == 3
    # Development never records nor refuses (its URL is a loopback address that varies).
    check_deployment(dataclasses.replace(moved, environment="development"), session_factory)


def test_demo_seed_refuses_to_run_in_production(settings, session_factory, scored_project):
    from service import create_app

    app = create_app(dataclasses.replace(settings, environment="production"), session_factory)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: demo seed makes accounts with printed passwords")


def test_secrets_come_from_systemd_credentials_unless_set(tmp_path):
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "secret-key").write_text("k" * 40 + "\n", encoding="utf-8")
    (credentials / "redis-url").write_text("redis://:pw@redis.internal:6379/0", encoding="utf-8")
    (credentials / "metrics-token").write_text("scrape-token", encoding="utf-8")
    environ = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    environ |= {"GBA_INSTANCE_DIR": str(tmp_path), "CREDENTIALS_DIRECTORY": str(credentials)}
    settings = Settings.from_env(environ | {"METRICS_TOKEN": "from-the-environment"})
    assert settings.secret_key == "k" * 40  # the file's, without its newline
    assert settings.redis_url == "redis://:pw@redis.internal:6379/0"
    assert settings.metrics_token == "from-the-environment"  # a set variable wins
    assert "SECRET_KEY" not in environ  # nothing is written back to the environment


def test_the_connection_pool_is_sized_per_host(tmp_path):
    from service.persistence.database import make_engine

    environ = {"GBA_INSTANCE_DIR": str(tmp_path), "DATABASE_POOL_SIZE": "3"}
    settings = Settings.from_env(environ | {"DATABASE_MAX_OVERFLOW": "0"})
    assert (settings.database_pool_size, settings.database_max_overflow) == (3, 0)
    defaults = Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path)})
    assert (defaults.database_pool_size, defaults.database_max_overflow) == (5, 10)
    with pytest.raises(SettingsError, match="DATABASE_MAX_OVERFLOW"):
        Settings.from_env(environ | {"DATABASE_MAX_OVERFLOW": "-1"})
    engine = make_engine("postgresql://gba@127.0.0.1:1/gba", 3, 2)  # connects lazily
    assert (engine.pool.size(), engine.pool._max_overflow) == (3, 2)  # type: ignore[attr-defined]
    engine.dispose()
