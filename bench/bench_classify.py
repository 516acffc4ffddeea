"""Category suggester: load time and memory (fresh process), suggestion latency, baselines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

ROUNDS = int(os.environ.get("BENCH_CLASSIFY_ROUNDS", "3"))
TARGET_P99_MS = 5.0
TARGET_LOAD_S = 1.0
TARGET_MEMORY_MB = 50.0

# Run in a fresh interpreter: the cost of importing the suggester and loading the model.
# With TRACE set, Python allocations are traced instead (tracemalloc slows the load down).
_LOAD = """
import json, sys, time, tracemalloc
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096
trace = sys.argv[1] == "trace"
before = rss()
if trace:
    tracemalloc.start()
start = time.perf_counter()
from core.classify import load_suggester
suggester = load_suggester()
loaded = time.perf_counter()
suggester.suggest("โรงพยาบาลไม่รับรักษา")
first = time.perf_counter()
traced = tracemalloc.get_traced_memory()[1] if trace else 0
print(json.dumps({"load_s": loaded - start, "first_s": first - loaded,
                  "rss_mb": (rss() - before) / 1e6, "traced_peak_mb": traced / 1e6}))
"""


def _fresh_load(mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _LOAD, mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _percentiles(samples: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return at(0.5) * 1e3, at(0.99) * 1e3, ordered[-1] * 1e3


def _time(call: Callable[[str], object], texts: Sequence[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            call(text)
            samples.append(time.perf_counter() - start)
    return samples


def _line(name: str, samples: Sequence[float]) -> str:
    p50, p99, worst = _percentiles(samples)
    figures = f"p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  max {worst:6.2f} ms"
    return f"{name:<34} n={len(samples):>5}  {figures}"


def main() -> bool:
    """Print the figures; True when a target is missed."""
    from core.classify import load_suggester
    from core.classify.baseline import CompressionBaseline, KeywordBaseline
    from core.classify.corpus import dev_path, read_examples, train_path
    from core.domain.categories import category_keys, category_keywords

    runs = sorted((_fresh_load("time") for _ in range(3)), key=lambda r: r["load_s"])
    cold = runs[1]  # the median of three fresh processes
    cold["traced_peak_mb"] = _fresh_load("trace")["traced_peak_mb"]
    print(
        f"load (fresh process, median of 3)  {cold['load_s']:.3f} s "
        f"(first suggestion +{cold['first_s'] * 1e3:.1f} ms)"
    )
    print(
        f"extra memory                       {cold['rss_mb']:.1f} MB RSS, "
        f"{cold['traced_peak_mb']:.1f} MB Python allocations (tracemalloc peak)"
    )

    suggester = load_suggester()
    dev = [e.text for e in read_examples(dev_path())]
    long_texts = ["ประกันสังคม" * 455, ("".join(dev))[:5000], "🙏" * 5000]
    suggester.suggest(dev[0])  # warm-up
    model = _time(suggester.suggest, dev, ROUNDS)
    print(_line("model, dev texts", model))
    print(_line("model, 5,000-character texts", _time(suggester.suggest, long_texts, 100)))
    keywords = KeywordBaseline(category_keywords(), category_keys())
    print(_line("baseline: keywords, dev texts", _time(keywords, dev, ROUNDS)))
    gzip = CompressionBaseline(read_examples(train_path()), category_keys())
    print(_line("baseline: gzip 1-NN, dev texts", _time(gzip, dev[:100], 1)))

    p99 = _percentiles(model)[1]
    missed = [
        name
        for name, ok in (
            (f"p99 {p99:.2f} ms > {TARGET_P99_MS} ms", p99 < TARGET_P99_MS),
            (f"load {cold['load_s']:.2f} s > {TARGET_LOAD_S} s", cold["load_s"] < TARGET_LOAD_S),
            (f"memory {cold['rss_mb']:.0f} MB > {TARGET_MEMORY_MB} MB", cold["rss_mb"] < 50),
        )
        if not ok
    ]
    print("targets: " + ("met" if not missed else "MISSED: " + "; ".join(missed)))
    return bool(missed)


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
