"""Settings read once from the environment, every problem reported together."""

from __future__ import annotations

import json

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


def test_the_sla_policy_is_the_sso_one_unless_another_is_named(tmp_path):
    assert Settings.from_env({}, instance_path=tmp_path).sla_policy.name == "sso"
    bma = Settings.from_env({"SLA_POLICY": " bma "}, instance_path=tmp_path).sla_policy
    assert bma.name == "bma"
    assert bma.label("contact") == "ตอบรับเรื่อง"
    own = tmp_path / "agency.json"
    own.write_text(json.dumps({"name": "agency", "milestones": [
        {"kind": "contact", "hours": 24}, {"kind": "final", "working_days": 20}]}))
    agency = Settings.from_env({"SLA_POLICY": str(own)}, instance_path=tmp_path).sla_policy
    assert (agency.name, [r.kind for r in agency.rules]) == ("agency", ["contact", "final"])


@pytest.mark.parametrize(("value", "says"), [
    ("thai", "SLA_POLICY must be sso or bma, or a .json file, not 'thai'"),
    ("missing.json", "cannot be read"),
    ("broken.json", "is not a valid policy"),
    ("no_final.json", "needs a 'final' milestone"),
])
def test_a_bad_sla_policy_is_one_clear_problem(tmp_path, monkeypatch, value, says):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "no_final.json").write_text(json.dumps(
        {"name": "x", "milestones": [{"kind": "contact", "hours": 36}]}))
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"SLA_POLICY": value}, instance_path=tmp_path)
    assert len(error.value.problems) == 1
    assert says in error.value.problems[0]


def test_the_runtime_puts_the_named_policy_in_force(tmp_path, monkeypatch):
    from core.domain import sla
    from rongrian.runtime import Runtime

    monkeypatch.setattr(sla, "_selected", None)  # restored after the test
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "RONGRIAN_INSTANCE": str(tmp_path)}
    for value, name in (("bma", "bma"), ("", "sso")):
        runtime = Runtime.from_env(dict(env, SLA_POLICY=value))
        runtime.close()
        assert sla.load_policy().name == name
    sla.select_policy(sla.load_policy("sla_policy_bma"))
    labels = sla.milestone_labels()
    assert labels["contact"] == "ตอบรับเรื่อง"  # the policy in force wins
    assert labels["simple_done"] == "ดำเนินการเรื่องไม่ซับซ้อนแล้วเสร็จ"  # older cases' kinds


@pytest.mark.parametrize(("given", "hops"), [("", 0), ("0", 0), ("1", 1), (" 2 ", 2)])
def test_trusted_proxies_default_to_none(tmp_path, given, hops):
    assert Settings.from_env({"TRUSTED_PROXIES": given}, instance_path=tmp_path
                             ).trusted_proxies == hops


@pytest.mark.parametrize("given", ["yes", "-1", "9"])
def test_a_bad_trusted_proxies_is_one_problem(tmp_path, given):
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"TRUSTED_PROXIES": given}, instance_path=tmp_path)
    assert error.value.problems == [f"TRUSTED_PROXIES must be a number from 0 to 5, not {given!r}"]
