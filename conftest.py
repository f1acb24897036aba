"""Loaded before anything is collected: the suite reads the extraction modules as Python sources,
so that their doctests run and what is tested is the code as written. The compiled build is
checked against them by tests/extract/test_native.py, and `make test` runs tests/extract once
more on it (ZONEFACTS_EXTRACT=compiled)."""

import os

os.environ.setdefault("ZONEFACTS_EXTRACT", "python")
