"""Settings read once from the environment, every problem reported together."""

from __future__ import annotations

import pytest

from config.settings import Settings, SettingsError


def test_defaults_are_local_mode(tmp_path):
    settings = Settings.from_env({}, instance_path=tmp_path)
    assert settings.local_mode and not settings.production
    assert settings.database_url == "sqlite:///instance/rongrian.db"
    assert settings.port == 8000
    again = Settings.from_env({}, instance_path=tmp_path)
    assert again.secret_key == settings.secret_key  # generated once into instance/


def test_every_problem_is_reported_together(tmp_path):
    env = {"DATABASE_URL": "mysql://x", "LINE_CHANNEL_SECRET": "s", "PORT": "eighty",
           "LINE_API_BASE_URL": "ftp://fake"}
    with pytest.raises(SettingsError) as error:
        Settings.from_env(env, instance_path=tmp_path)
    assert len(error.value.problems) == 5  # url, token missing, port, base url, SECRET_KEY


def test_production_needs_a_secret_key(tmp_path):
    env = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t",
           "SECRET_KEY": "k" * 32, "DATABASE_URL": "postgresql://u@h/db"}
    settings = Settings.from_env(env, instance_path=tmp_path)
    assert settings.production and not settings.local_mode
    assert settings.database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(("given", "used"), [
    ("postgres://u:p@db.example:5432/sso", "postgresql+psycopg://u:p@db.example:5432/sso"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////var/lib/rongrian/r.db", "sqlite:////var/lib/rongrian/r.db"),
])
def test_database_urls_as_hosting_platforms_give_them(tmp_path, given, used):
    settings = Settings.from_env({"DATABASE_URL": given}, instance_path=tmp_path)
    assert settings.database_url == used


@pytest.mark.parametrize("given", ["postgresql+psycopg2://u@h/db", "mysql://u@h/db",
                                   "postgresqlx://u@h/db"])
def test_database_urls_of_drivers_not_installed_are_refused(tmp_path, given):
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"DATABASE_URL": given}, instance_path=tmp_path)
    assert "postgresql+psycopg://" in error.value.problems[0]
