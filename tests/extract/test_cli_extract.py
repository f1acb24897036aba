"""`zonefacts extract FILE...`: JSON on stdout, one entry per file; bad input is a one-line error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extract.annotated import SEED_DIR

SEED = SEED_DIR / "000_172ae03964ca05be.txt"


def run_extract(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "extract", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_extract_prints_the_contract() -> None:
    result = run_extract(SEED)
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["file"] == str(SEED)
    items = entry["items"]
    assert len(items) == 7
    first = items[0]
    assert set(first) >= {
        "title",
        "subtitle",
        "authors",
        "date",
        "primary_zone",
        "zones",
        "figures",
        "initiatives",
        "organizations",
        "people",
    }
    assert first["zones"][0] == {
        "name": "佛山高新区",
        "official_name": "佛山高新技术产业开发区",
        "province": "广东省",
        "city": "佛山市",
        "aliases": first["zones"][0]["aliases"],
        "national": True,
    }
    figure = next(f for f in first["figures"] if f["text"] == "224.94亿元")
    assert (figure["value"], figure["unit"], figure["amount_yuan"], figure["currency"]) == (
        224.94,
        "亿元",
        22494000000,
        "CNY",
    )
    assert first["text"][figure["start"] : figure["end"]] == "224.94亿元"
    assert figure["sentence"] in first["text"]
    person = next(p for p in first["people"] if p["name"] == "匡东明")
    assert person["quote"] == "创新始于科技,成于金融。"
    assert all(first["text"][m["start"] : m["end"]] for i in first["initiatives"] for m in i["mentions"])


def test_gb18030_file_reads_like_utf8(tmp_path: Path) -> None:
    gbk = tmp_path / "page.txt"
    gbk.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    from_gbk = json.loads(run_extract(gbk).stdout)[0]["items"]
    from_utf8 = json.loads(run_extract(SEED).stdout)[0]["items"]
    assert from_gbk == from_utf8


def test_many_files_one_list(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(
        "合肥高新区设立10亿元基金\n本报讯 近日,合肥高新区设立规模10亿元的天使基金。", encoding="utf-8"
    )
    entries = json.loads(run_extract(SEED, other).stdout)
    assert [e["file"] for e in entries] == [str(SEED), str(other)]
    assert [f["amount_yuan"] for f in entries[1]["items"][0]["figures"]] == [1_000_000_000, 1_000_000_000]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02binary\xff\xfe", "binary"),
        (bytes(range(128, 256)) * 4, "neither UTF-8 nor GB18030"),
        (b"plain ascii text only", "no Chinese"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "no-chinese"],
)
def test_bad_input_is_a_one_line_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_extract(path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0]


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_extract(tmp_path / "nope.txt")
    assert result.returncode == 2
    assert "cannot read" in result.stderr and len(result.stderr.strip().splitlines()) == 1
