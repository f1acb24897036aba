"""Bytes to text: UTF-8 or GB18030, refusing what is empty or binary."""

from __future__ import annotations

import re

from app.extract.errors import UnreadableText

# C0 controls other than tab/newline/carriage return, DEL, and C1 controls: never part of news text.
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


def check_text(text: str) -> str:
    """Refuse text that is blank or mostly control characters; drop stray controls otherwise.

    >>> check_text("高\\x07新")
    '高新'
    """
    if not text.strip():
        raise UnreadableText("the input is empty")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 50):
        raise UnreadableText("the input looks binary (too many control characters)")
    cleaned = _CONTROL.sub("", text).replace("\ufeff", "")
    if not _HAN.search(cleaned):
        raise UnreadableText("the input holds no Chinese text")
    return cleaned
