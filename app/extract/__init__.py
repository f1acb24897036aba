"""Pure extraction: page text → news items and facts. Imports neither the database nor FastAPI."""

from app.extract.decoding import check_text, decode_text
from app.extract.errors import UnreadableText
from app.extract.pipeline import extract_page

__all__ = ["UnreadableText", "check_text", "decode_text", "extract_page"]
