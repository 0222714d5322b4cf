"""Runs every benchmark module (`bench_*.py`), or the ones named on the command line."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def discover() -> list[str]:
    return sorted(
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if info.name.startswith("bench_")
    )


def main(argv: list[str]) -> int:
    available = discover()
    wanted = argv or available
    unknown = [name for name in wanted if name not in available]
    if unknown:
        print(f"Unbekannte Benchmarks: {', '.join(unknown)}. Vorhanden: {', '.join(available)}")
        return 2
    if not wanted:
        print("Noch keine Benchmarks vorhanden.")
        return 0
    for name in wanted:
        print(f"\n## Benchmark: {name}\n")
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.bench_{name}")
        module.run()
        print(f"\n({name}: {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
