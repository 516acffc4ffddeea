"""`rongrian classify`: category suggestions, their evaluation, and retraining."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rongrian.errors import CommandError, UsageError

if TYPE_CHECKING:
    from core.classify import Suggester, Suggestion


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `classify` command."""
    parser = subparsers.add_parser(
        "classify",
        help="suggest a complaint category",
        description=(
            "Print the twelve categories for TEXT, best first. With - as TEXT, read one text "
            "per line from standard input and print one result per line."
        ),
    )
    parser.add_argument("text", nargs="?", metavar="TEXT", help="complaint text, or -")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--evaluate",
        nargs="?",
        const="",
        metavar="FILE",
        help="print quality figures on a JSONL file of {text, category} (default: the dev set)",
    )
    parser.add_argument(
        "--retrain", action="store_true", help="train on the shipped set plus corrections"
    )
    parser.add_argument(
        "--corrections", type=Path, metavar="FILE.jsonl", help="staff corrections (--retrain)"
    )
    parser.add_argument(
        "--output", type=Path, metavar="PATH", help="where --retrain writes the model"
    )
    parser.add_argument("--model", type=Path, metavar="PATH", help="use this model file")
    parser.add_argument(
        "--export-corrections", type=Path, metavar="FILE.jsonl",
        help="write the staff category corrections recorded in the database as JSONL",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Dispatch to suggest, evaluate or retrain."""
    modes = [args.text is not None, args.evaluate is not None, args.retrain,
             args.export_corrections is not None]
    if sum(modes) != 1:
        raise UsageError(
            "classify: give TEXT, or --evaluate [FILE], or --retrain, or --export-corrections F")
    if args.export_corrections is not None:
        return _export_corrections(args.export_corrections)
    if (args.corrections or args.output) and not args.retrain:
        raise UsageError("classify: --corrections and --output go with --retrain")
    if args.retrain:
        if args.model:
            raise UsageError("classify: --retrain writes to --output, not --model")
        return _retrain(args.corrections, args.output)
    if args.evaluate is not None:
        return _evaluate(_model(args.model), args.evaluate or None, args.json)
    suggester = _model(args.model)
    if args.text == "-":
        return _batch(suggester, args.json)
    _print_one(suggester, args.text, args.json)
    return 0


def _export_corrections(target: Path) -> int:
    from core.classify.corpus import write_jsonl
    from core.services.corrections import export_corrections
    from rongrian.runtime import Runtime

    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        rows = list(export_corrections(uow))
    write_jsonl(target, rows)
    print(f"wrote {len(rows)} correction(s) to {target}; retrain with "
          f"`rongrian classify --retrain --corrections {target}`")
    return 0


def _model(path: Path | None) -> Suggester:
    from core.classify import load_suggester

    try:
        return load_suggester(path)
    except FileNotFoundError:
        raise CommandError(f"no model file at {path}") from None
    except (ValueError, KeyError) as exc:
        raise CommandError(f"cannot use the model file {path}: {exc}") from None


def _as_json(suggester: Suggester, suggestions: list[Suggestion]) -> str:
    data = {
        "suggestions": [
            {"category": s.category, "label": s.label, "score": round(s.score, 4)}
            for s in suggestions
        ],
        "confident": suggester.is_confident(suggestions),
    }
    return json.dumps(data, ensure_ascii=False)


def _print_one(suggester: Suggester, text: str, as_json: bool) -> None:
    suggestions = suggester.suggest(text)
    if as_json:
        print(_as_json(suggester, suggestions))
        return
    for s in suggestions:
        print(f"{s.category}\t{s.score:.4f}\t{s.label}")
    if not suggester.is_confident(suggestions):
        sys.stderr.write(
            f"ไม่แน่ใจ: คะแนนสูงสุด {suggestions[0].score:.2f} ต่ำกว่าเกณฑ์ "
            f"{suggester.threshold:.2f} ควรให้เลือกจากทุกหมวด\n"
        )


def _batch(suggester: Suggester, as_json: bool) -> int:
    for raw in sys.stdin.buffer:
        text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        suggestions = suggester.suggest(text)
        if as_json:
            print(_as_json(suggester, suggestions), flush=False)
        else:
            print(" ".join(f"{s.category}:{s.score:.4f}" for s in suggestions))
    sys.stdout.flush()
    return 0


def _evaluate(suggester: Suggester, file: str | None, as_json: bool) -> int:
    from dataclasses import asdict

    from core.classify.calibration import confidence, outcomes
    from core.classify.corpus import dev_path, read_examples
    from core.classify.evaluation import format_report, format_summary
    from core.classify.service import evaluate_all

    path = Path(file) if file else dev_path()
    try:
        examples = read_examples(path)
    except FileNotFoundError:
        raise CommandError(f"no such file: {path}") from None
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if not examples:
        raise CommandError(f"{path} has no examples")
    model = suggester.model
    reports = evaluate_all(model, examples)
    results = outcomes(model.probabilities, model.categories, examples)
    conf = confidence(results, suggester.threshold)
    if as_json:
        data = {"file": str(path), "threshold": suggester.threshold, "confidence": asdict(conf)}
        data["reports"] = [asdict(r) for r in reports]
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"{path}: {len(examples)} texts\n")
    print(format_summary(reports))
    print(
        f"\nthreshold {suggester.threshold:.4f}: three guesses for {conf.coverage:.1%} of the "
        f"texts; right one among them {conf.top3_confident:.1%}, first {conf.top1_confident:.1%}"
        f"; first suggestion right for {conf.top1_rest:.1%} of the others\n"
    )
    print("\n\n".join(format_report(r) for r in reports))
    return 0


def _retrain(corrections: Path | None, output: Path | None) -> int:
    from core.classify.corpus import model_path
    from core.classify.service import build_model

    target = output or model_path()
    try:
        result = build_model(corrections)
    except FileNotFoundError as exc:
        raise CommandError(f"cannot read {exc.filename}") from None
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    try:
        result.model.save(target)
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror}") from None
    dev = result.calibration.dev
    print(
        f"trained on {result.examples} texts ({result.corrections} staff corrections, "
        f"{result.skipped_held_out} skipped because they are in the dev set)"
    )
    print(
        f"threshold {result.calibration.threshold:.4f}: three guesses for "
        f"{dev.coverage:.1%} of the dev set, right one among them in {dev.top3_confident:.1%}"
    )
    print(f"model written to {target}")
    return 0
