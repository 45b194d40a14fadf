"""Typed settings: production fails fast naming what is missing; development has defaults."""

from __future__ import annotations

import stat

import pytest

from service.settings import Settings, SettingsError

PRODUCTION = {
    "GBA_ENV": "production",
    "DATABASE_URL": "postgresql://gba@db.internal/gba",
    "SECRET_KEY": "s3cret-from-the-vault",
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
