"""Staff category changes become labelled data that `classify --retrain` accepts."""

from __future__ import annotations

import json

import pytest

from core.classify.corpus import read_corrections
from core.services import cases as svc
from rongrian.cli import main
from tests.integration.helpers import file, load


def test_corrections_are_exported_latest_first_and_feed_retraining(
        make_uow, now, database_url, tmp_path, monkeypatch, capsys):
    case_id = file(make_uow, now, category="other",
                   description="ขอเปลี่ยนโรงพยาบาลตามสิทธิ แต่ระบบไม่ยอมให้เปลี่ยน")
    with make_uow() as uow:
        case = load(uow, case_id)
        svc.change_category(uow, case, "online_services", now=now, actor="officer")
        svc.change_category(uow, case, "medical", now=now, actor="officer")
        uow.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("RONGRIAN_INSTANCE", str(tmp_path))
    target = tmp_path / "corrections.jsonl"
    assert main(["classify", "--export-corrections", str(target)]) == 0
    rows = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [(r["category"], r["from_category"]) for r in rows] == [
        ("medical", "online_services")]
    assert "wrote 1 correction" in capsys.readouterr().out
    loaded = read_corrections(target)
    assert [c.category for c in loaded] == ["medical"]


def test_export_needs_a_migrated_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    monkeypatch.setenv("RONGRIAN_INSTANCE", str(tmp_path))
    assert main(["classify", "--export-corrections", str(tmp_path / "x.jsonl")]) == 1
    assert "db upgrade" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["classify", "--export-corrections", "f", "--retrain"],
                                  ["classify", "text", "--export-corrections", "f"]])
def test_export_is_its_own_mode(argv, capsys):
    assert main(argv) == 2
    assert "--export-corrections" in capsys.readouterr().err
