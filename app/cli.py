"""The `zonefacts` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.extract import UnreadableText, decode_text, extract_page
from app.extract.serialize import item_to_dict


class CliError(Exception):
    """A user error: printed as one line on stderr, exit code 2."""


def read_page(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        return decode_text(data)
    except UnreadableText as exc:
        raise CliError(f"{path}: {exc}") from exc


def command_extract(args: argparse.Namespace) -> int:
    results = []
    for name in args.files:
        path = Path(name)
        text = read_page(path)
        items = extract_page(text)
        results.append({"file": str(path), "items": [item_to_dict(item) for item in items]})
    json.dump(results, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zonefacts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the facts of news pages as JSON (no database)")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--compact", action="store_true", help="one line of JSON")
    extract.set_defaults(handler=command_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except CliError as exc:
        print(f"zonefacts: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
