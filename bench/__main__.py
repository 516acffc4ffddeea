"""Run every bench/bench_*.py module's main(), or only those named in argv."""

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    """Names of the benchmark modules, without the bench_ prefix, sorted."""
    here = Path(__file__).parent
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all when none are named); exit 2 on an unknown name.

    A benchmark's main() may return a true value to report that it missed its target;
    the run then exits 1 after running the rest.
    """
    names = available()
    wanted = [a.removeprefix("bench_") for a in argv] or names
    unknown = [w for w in wanted if w not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(names)}")
        return 2
    status = 0
    for name in wanted:
        print(f"== bench_{name} ==", flush=True)
        if importlib.import_module(f"bench.bench_{name}").main():
            status = 1
        print(flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
