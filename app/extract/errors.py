"""Errors the pure extractor raises; the web and CLI layers map them to their own shapes."""


class UnreadableText(ValueError):
    """The input is empty, binary, or in no encoding we read."""
