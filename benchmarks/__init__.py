"""Benchmarks: each `bench_*.py` module has `run() -> None` that prints a table."""
