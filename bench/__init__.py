"""Benchmarks and their data generators (never run as tests). See `bench/run.py` and RESULTS.md."""
