"""Pure extraction: page text → news items and facts. Imports neither the database nor FastAPI.

`IMPLEMENTATION` says whether the modules run compiled or as Python sources (see `native`).
"""

from app.extract.native import choose_implementation

IMPLEMENTATION = choose_implementation(__path__)

from app.extract.decoding import check_text, decode_text  # noqa: E402  (after the choice above)
from app.extract.errors import UnreadableText  # noqa: E402
from app.extract.pipeline import extract_page  # noqa: E402

__all__ = ["IMPLEMENTATION", "UnreadableText", "check_text", "decode_text", "extract_page"]
