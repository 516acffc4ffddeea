"""`rongrian classify`: the contract's JSON, batch mode, evaluation and retraining."""

import io
import json

import pytest

from core.classify import corpus
from core.domain.categories import category_keys
from rongrian.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(["classify", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_category_once_best_first(capsys) -> None:  # noqa: ANN001
    code, out, _ = run(capsys, "--json", "เงินว่างงานไม่เข้า")
    assert code == 0
    data = json.loads(out)
    keys = [s["category"] for s in data["suggestions"]]
    assert sorted(keys) == sorted(category_keys())
    assert keys[0] == "unemployment"
    assert data["suggestions"][0]["label"] == "ว่างงาน"
    scores = [s["score"] for s in data["suggestions"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert data["confident"] is True


def test_text_output_and_cannot_tell(capsys) -> None:  # noqa: ANN001
    code, out, err = run(capsys, "สวัสดีครับ")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 12 and all(len(line.split("\t")) == 3 for line in lines)
    assert "ไม่แน่ใจ" in err


def test_batch_reads_one_text_per_line(capsys, monkeypatch) -> None:  # noqa: ANN001
    stdin = "รพ.ไม่รับรักษา\n\nเข้าแอปไม่ได้\n".encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code, out, _ = run(capsys, "--json", "-")
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["suggestions"][0]["category"] for r in (results[0], results[2])] == [
        "medical",
        "online_services",
    ]
    assert len(results) == 3 and results[1]["confident"] is False


@pytest.mark.parametrize(
    "argv",
    [(), ("ข้อความ", "--retrain"), ("--evaluate", "--retrain"), ("x", "--output", "m.json")],
)
def test_bad_arguments_exit_2(capsys, argv) -> None:  # noqa: ANN001
    code, _, err = run(capsys, *argv)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_evaluate_prints_model_and_baselines(capsys, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "few.jsonl"
    rows = [{"text": "เงินว่างงานไม่เข้า", "category": "unemployment"}]
    rows.append({"text": "บำนาญชราภาพยังไม่ได้", "category": "old_age"})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    code, out, _ = run(capsys, "--evaluate", str(path))
    assert code == 0
    for needle in ("model", "baseline: gzip", "baseline: keywords", "top-3", "macro-F1"):
        assert needle in out
    assert "confusion" in out and "precision" in out and "recall" in out
    code, out, _ = run(capsys, "--evaluate", str(path), "--json")
    assert json.loads(out)["reports"][0]["accuracy"] == 1.0


def test_evaluate_missing_file_is_one_line(capsys, tmp_path) -> None:  # noqa: ANN001
    code, _, err = run(capsys, "--evaluate", str(tmp_path / "none.jsonl"))
    assert code == 1 and err.startswith("rongrian: ") and len(err.splitlines()) == 1


def test_retrain_with_corrections_writes_a_model(capsys, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    train = corpus.read_examples(corpus.train_path())
    few = [e for i, e in enumerate(train) if i % 12 == 0]
    small = tmp_path / "train.jsonl"
    corpus.write_jsonl(small, ({"text": e.text, "category": e.category} for e in few))
    monkeypatch.setattr(corpus, "train_path", lambda: small)
    fixes = tmp_path / "fixes.jsonl"
    fix = {"text": "ไม่มีใครรับสาย 1506 เลย", "category": "staff_service"}
    fix |= {"from_category": "other", "corrected_at": "2026-03-02T10:00:00+07:00"}
    fixes.write_text(json.dumps(fix, ensure_ascii=False) + "\n", "utf-8")
    output = tmp_path / "model.json"
    code, out, _ = run(capsys, "--retrain", "--corrections", str(fixes), "--output", str(output))
    assert code == 0, out
    assert "1 staff corrections" in out and str(output) in out
    code, out, _ = run(capsys, "--model", str(output), "--json", "ไม่มีใครรับสาย 1506 เลย")
    assert json.loads(out)["suggestions"][0]["category"] == "staff_service"


def test_retrain_bad_corrections_file(capsys, tmp_path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "category": "nope", "corrected_at": "2026-01-01"}\n', "utf-8")
    code, _, err = run(capsys, "--retrain", "--corrections", str(bad), "--output", "x.json")
    assert code == 1 and "unknown category" in err
