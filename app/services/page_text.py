"""A page sent over HTTP → the text the extractor reads: charset, HTML, control characters.

The decisions, documented in the README ("Ingesting pages"):
- Charset: the one the Content-Type names (UTF-8, GB18030 and its subsets GBK/GB2312); without
  one, UTF-8 (BOM or not) and then GB18030, the same as `zonefacts load`. A text that decodes
  as GB18030 only by accident (mixed or mislabelled bytes) is refused, see `looks_like_gb_text`.
- NUL bytes (and text made mostly of control characters) mean binary: refused. A few stray
  control characters in real text are dropped. Lone surrogates (possible in JSON) are refused.
- HTML (declared as text/html, or a text that is a whole HTML document) is reduced to its
  visible text: scripts, styles and comments dropped, block elements end lines, entities
  decoded. Offsets then index into that text, which is what is stored.
"""

from __future__ import annotations

import codecs
import re
from html import unescape
from html.parser import HTMLParser

from app.errors import InvalidInput, UnsupportedMediaType
from app.extract import UnreadableText, check_text, decode_text

# Charsets a page may declare, by their canonical codec name; GBK and GB2312 are subsets of GB18030.
_CODECS = {"utf-8": "utf-8-sig", "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030"}

_GB_LEVEL_ONE = range(0xB0, 0xD8)  # lead bytes of GB2312's 3,755 most common characters
_HAN = re.compile(r"[\u4e00-\u9fff]")


def codec_for(charset: str) -> str:
    """The codec for a declared charset, or 415 for one this service does not read.

    >>> codec_for("GBK"), codec_for("utf8")
    ('gb18030', 'utf-8-sig')
    """
    try:
        name = codecs.lookup(charset.strip().strip('"')).name
    except LookupError:
        name = charset
    if name in ("ascii", "us-ascii"):
        name = "utf-8"
    codec = _CODECS.get(name)
    if codec is None:
        raise UnsupportedMediaType(
            f"charset {charset!r} is not supported: send UTF-8, GB18030, GBK or GB2312", charset=charset
        )
    return codec


def looks_like_gb_text(text: str) -> bool:
    """Whether GB18030-decoded text reads as Chinese: real text draws most of its characters from
    the common set; UTF-8 bytes read as GB18030 give rare ones.

    >>> looks_like_gb_text("高新区设立科技金融专项基金")
    True
    >>> looks_like_gb_text("科技金融".encode("utf-8").decode("gb18030"))  # '绉戞妧閲戣瀺'
    False
    """
    han = _HAN.findall(text)
    if not han:
        return True
    common = 0
    for char in han:
        try:
            encoded = char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += encoded[0] in _GB_LEVEL_ONE
    return common >= 0.8 * len(han)


def decode_body(data: bytes, charset: str | None) -> str:
    """Bytes as sent → text, by the declared charset or by detection; 422 when unreadable."""
    try:
        if charset is None:
            text = decode_text(data)
            if not _is_utf8(data) and not looks_like_gb_text(text):
                raise UnreadableText("the input mixes encodings or is in one that is not supported")
            return text
        codec = codec_for(charset)  # first: UTF-16 has NUL bytes, but its answer is 415, not 422
        if b"\x00" in data:
            raise UnreadableText("the input is binary (it contains NUL bytes)")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise UnreadableText(f"the input is not valid {charset} (byte {exc.start})") from exc
        if codec == "gb18030" and _is_utf8(data) and not looks_like_gb_text(text):
            # UTF-8 labelled GBK: a short text decodes, into characters nobody writes (科技 → 绉戞妧)
            raise UnreadableText(f"the input is UTF-8, not {charset}: send charset=utf-8, or none")
        return check_text(text)
    except UnreadableText as exc:
        raise InvalidInput(str(exc)) from exc


def check_sent_text(text: str) -> str:
    """Text that came as a JSON string: the same checks as bytes, plus no lone surrogates."""
    if "\x00" in text:
        raise InvalidInput("the text is binary (it contains NUL characters)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(f"the text holds a lone surrogate at character {exc.start}") from exc
    try:
        return check_text(text)
    except UnreadableText as exc:
        raise InvalidInput(str(exc)) from exc


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_HTML_DOCUMENT = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


def is_html_document(text: str) -> bool:
    """A text that is an HTML document rather than a page of text with a stray `<` in it.

    >>> is_html_document("<!DOCTYPE html><html><body>高新区</body></html>")
    True
    >>> is_html_document("营收<5亿元的企业")
    False
    """
    return _HTML_DOCUMENT.match(text) is not None


class _VisibleText(HTMLParser):
    BLOCKS = frozenset(
        {
            "address",
            "article",
            "aside",
            "blockquote",
            "br",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "td",
            "th",
            "tr",
            "ul",
            "title",
        }
    )
    HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one line per block element.

    >>> html_to_text("<html><head><title>t</title></head><body><p>高新区&amp;基金</p>"
    ...              "<script>x=1</script><p>第二段</p></body></html>")
    '高新区&基金\\n第二段'
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def page_text(text: str, html: bool) -> str:
    """The text to ingest: HTML reduced to text when declared or evident; re-checked after."""
    if html or is_html_document(text):
        text = html_to_text(text)
        try:
            return check_text(text)
        except UnreadableText as exc:
            raise InvalidInput(f"the HTML page holds no usable text: {exc}") from exc
    return text
