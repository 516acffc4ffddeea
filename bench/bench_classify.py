"""Category suggester: load time and memory (fresh process), suggestion latency, baselines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

ROUNDS = int(os.environ.get("BENCH_CLASSIFY_ROUNDS", "5"))
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


class Timing:
    """Wall-clock and thread-CPU seconds per call, kept per round."""

    def __init__(self, call: Callable[[str], object], texts: Sequence[str], rounds: int) -> None:
        self.wall: list[list[float]] = []
        self.cpu: list[float] = []
        for _ in range(rounds):
            wall = []
            for text in texts:
                start, cpu = time.perf_counter(), time.thread_time()
                call(text)
                wall.append(time.perf_counter() - start)
                self.cpu.append(time.thread_time() - cpu)
            self.wall.append(wall)

    def p99(self) -> float:
        """Median over rounds of each round's wall-clock p99, in ms (damps other processes)."""
        per_round = sorted(_percentiles(r)[1] for r in self.wall)
        return per_round[len(per_round) // 2]

    def line(self, name: str) -> str:
        """One line of figures."""
        every = [x for r in self.wall for x in r]
        p50, p99, worst = _percentiles(every)
        cpu99 = _percentiles(self.cpu)[1]
        figures = f"p50 {p50:5.2f}  p99 {p99:5.2f} (rounds {self.p99():5.2f}, CPU {cpu99:5.2f})"
        return f"{name:<30} n={len(every):>5}  {figures}  max {worst:6.2f} ms"


def load_avg() -> str:
    """The machine's load average: latency figures mean little on a busy machine."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs"


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
    print(f"{load_avg()}; latency in ms, wall clock unless marked CPU (thread time)")
    model = Timing(suggester.suggest, dev, ROUNDS)
    print(model.line("model, dev texts"))
    print(Timing(suggester.suggest, long_texts, 100).line("model, 5,000-character texts"))
    keywords = KeywordBaseline(category_keywords(), category_keys())
    print(Timing(keywords, dev, ROUNDS).line("baseline: keywords, dev texts"))
    gzip = CompressionBaseline(read_examples(train_path()), category_keys())
    print(Timing(gzip, dev[:100], 1).line("baseline: gzip 1-NN, 100 texts"))

    p99 = model.p99()
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
