"""Bytes to text: UTF-8 or GB18030, refusing what is empty or binary."""

from __future__ import annotations

import re
from functools import cache

from app.extract.errors import UnreadableText
from app.extract.numbers import CHINESE_NUMERAL_CHARS, digits_or_more

# C0 controls other than tab/newline/carriage return, DEL, and C1 controls: never part of news text.
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Reading numbers takes time that grows with the square of the digits in a run of digits, numerals
# and separators; news has a dozen at most ("1,234,567.89", "一千二百三十四万"), a hostile page
# millions. Runs of dots alone (a table of contents) are fine.
MAX_NUMBER_RUN = 100
_NUMBER_CHAR = rf"[\d,.{CHINESE_NUMERAL_CHARS}]"
# The look-behind lets a match start only at the start of a run: one pass over the text. It
# follows the first character, so that the regex engine skips in C to where one stands.
_LONG_RUN = re.compile(rf"{_NUMBER_CHAR}(?<!{_NUMBER_CHAR}.){_NUMBER_CHAR}{{{MAX_NUMBER_RUN},}}")


def decode_text(data: bytes) -> str:
    """Decode a page's bytes: UTF-8 (with or without BOM) first, then GB18030.

    >>> decode_text("高新区".encode("gb18030"))
    '高新区'
    >>> decode_text(b"\\xef\\xbb\\xbf\\xe9\\xab\\x98")
    '高'
    """
    if not data.strip():
        raise UnreadableText("the input is empty")
    if b"\x00" in data:
        raise UnreadableText("the input is binary (it contains NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return check_text(text)
    raise UnreadableText("the input is neither UTF-8 nor GB18030 text")


@cache
def _number_char_or_more() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A character `_LONG_RUN` reads, and a run of more than MAX_NUMBER_RUN of them, with digits
    listed (and more: see numbers.digits_or_more), so they find what `_LONG_RUN` finds, and rarely
    more, at a fraction of the cost."""
    char = f"[{digits_or_more()},.{CHINESE_NUMERAL_CHARS}]"
    return re.compile(char), re.compile(f"{char}{{{MAX_NUMBER_RUN + 1}}}")


def may_hold_long_run(text: str) -> bool:
    """Whether `text` may hold a run of over MAX_NUMBER_RUN digits: true where it does (and
    rarely elsewhere, see `_number_char_or_more`).

    Such a run covers one of every (MAX_NUMBER_RUN + 1)th character of the text: the text is
    read only around those of them that are number characters, a few of a page.

    >>> may_hold_long_run("年" * 500 + "1" * 101), may_hold_long_run(("1" * 100 + "年") * 5)
    (True, False)
    """
    char, long_run = _number_char_or_more()
    every = MAX_NUMBER_RUN + 1
    for sampled in char.finditer(text[::every]):
        at = sampled.start() * every  # a run of MAX_NUMBER_RUN + 1 around it lies within reach
        if long_run.search(text, max(0, at - MAX_NUMBER_RUN), at + MAX_NUMBER_RUN + 1) is not None:
            return True
    return False


def check_text(text: str) -> str:
    """Refuse text that is blank, mostly control characters or a long run of digits; drop stray
    controls otherwise.

    >>> check_text("高\\x07新")
    '高新'
    """
    if not text.strip():
        raise UnreadableText("the input is empty")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 50):
        raise UnreadableText("the input looks binary (too many control characters)")
    # a cheap look finds every long run (and rarely more): only then are the runs read exactly
    if may_hold_long_run(text):
        for run in _LONG_RUN.findall(text):
            if len(run) - run.count(",") - run.count(".") > MAX_NUMBER_RUN:
                raise UnreadableText(
                    f"the input holds a run of over {MAX_NUMBER_RUN} digits: not a page of text"
                )
    cleaned = (_CONTROL.sub("", text) if controls else text).replace("\ufeff", "")
    if not _HAN.search(cleaned):
        raise UnreadableText("the input holds no Chinese text")
    return cleaned
