"""Extraction speed against a reference tokenizer, measured in the same run.

    .venv/bin/python bench/extract_speed.py [--rounds N] [FILE]

Times `extract_page` on a page (the seed page by default) and `jieba.cut` segmenting the same
text, interleaved round by round so that both see the same machine load, and prints the
minimum and median of each and their ratio. jieba's dictionary is loaded before timing.

Extraction runs compiled when the build is current (`make compile`), as `make run` serves it;
`ZONEFACTS_EXTRACT=python` times the Python sources instead. The first line says which ran.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from app.extract import IMPLEMENTATION, extract_page

SEED = Path(__file__).parents[1] / "seed" / "000_172ae03964ca05be.txt"


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, default=SEED)
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    text = args.page.read_text(encoding="utf-8")

    jieba.setLogLevel(60)
    jieba.initialize()
    extract_page(text)  # load the rule tables and the gazetteer once, as a server does

    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.rounds):
        ours.append(timed(lambda: extract_page(text)))
        theirs.append(timed(lambda: list(jieba.cut(text))))

    print(
        f"page: {args.page.name}, {len(text)} characters, {args.rounds} rounds, extraction {IMPLEMENTATION}"
    )
    for name, times in (("zonefacts extract_page", ours), ("jieba.cut", theirs)):
        print(
            f"  {name:24s} min {min(times) * 1000:7.2f} ms   median {statistics.median(times) * 1000:7.2f} ms"
        )
    print(
        f"  ratio jieba / zonefacts: min {min(theirs) / min(ours):.2f}   "
        f"median {statistics.median(theirs) / statistics.median(ours):.2f}"
    )


if __name__ == "__main__":
    main()
