"""Logging for `zonefacts serve`: every record as one JSON object per line, with the request id.

`configure_logging(level, log_format)` sends every record of the process (uvicorn's, Alembic's,
warnings) to stdout, as JSON (LOG_FORMAT=json, the default) or as text to read in a terminal
(LOG_FORMAT=text). While a request is served, `REQUEST_ID` holds its id (the request middleware in
`app.api.observability` sets it), and both formatters add it to every record written meanwhile.

A line per request must cost next to nothing: the JSON is written by orjson, the timestamp's
seconds are formatted once a second, and `LineWriter` hands the request lines to a thread that
writes what has gathered ten times a second, so a slow reader of stdout never stalls the event
loop.
"""

from __future__ import annotations

import collections
import json
import logging
import logging.config
import os
import sys
import threading
import time
from collections.abc import Collection
from contextvars import ContextVar
from typing import Any, TextIO

import orjson

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served in this context, None outside a request."""
    return REQUEST_ID.get()


# The attributes every LogRecord has; any other attribute came in `extra=` and is a field to show.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_HIDDEN = frozenset({"color_message"})  # uvicorn's copy of its message with terminal colours
LEVELS = {"critical": 50, "error": 40, "warning": 30, "info": 20, "debug": 10, "trace": 5}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The request id (the record's, else the current request's) and the record's extra fields."""
    fields: dict[str, Any] = {}
    request_id = record.__dict__.get("request_id") or REQUEST_ID.get()
    if request_id is not None:
        fields["request_id"] = request_id
    for name, value in record.__dict__.items():
        if name not in _RECORD_ATTRIBUTES and name not in _HIDDEN:
            fields.setdefault(name, value)
    return fields


_last_second: tuple[int, str] = (-1, "")  # formatted once a second: strftime costs more than the rest


def _timestamp(record: logging.LogRecord) -> str:
    """UTC to the millisecond.

    >>> _timestamp(logging.makeLogRecord({"created": 86400.25}))
    '1970-01-02T00:00:00.250Z'
    """
    global _last_second
    second = int(record.created)
    last = _last_second  # one read: another thread may replace it meanwhile
    if last[0] != second:
        last = _last_second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
    return f"{last[1]}.{int((record.created - second) * 1000):03d}Z"


_FALLBACK = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",", ":"))


def _json(entry: dict[str, Any]) -> str:
    """One line of JSON, Chinese as it is; what orjson cannot write (an integer over 64 bits)
    falls back to the standard library.

    >>> _json({"msg": "佛山", "big": 2**70})
    '{"msg":"佛山","big":1180591620717411303424}'
    """
    try:
        return orjson.dumps(entry, default=str).decode()
    except TypeError:
        return _FALLBACK.encode(entry)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, request_id, the extra fields, exc.

    >>> record = logging.makeLogRecord({"name": "app", "levelname": "INFO", "msg": "hi %s",
    ...     "args": ("你",), "created": 0.0, "status": 200})
    >>> JsonFormatter().format(record)
    '{"ts":"1970-01-01T00:00:00.000Z","level":"INFO","logger":"app","msg":"hi 你","status":200}'
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": _timestamp(record), "level": record.levelname, "logger": record.name}
        entry["msg"] = record.getMessage()
        entry.update(_fields(record))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return _json(entry)


class TextFormatter(logging.Formatter):
    """For reading in a terminal: `ts LEVEL logger msg key=value ...`.

    >>> record = logging.makeLogRecord({"name": "zonefacts.access", "levelname": "INFO",
    ...     "msg": "request", "created": 0.0, "request_id": "abc", "status": 404})
    >>> TextFormatter().format(record)
    '1970-01-01T00:00:00.000Z INFO zonefacts.access request request_id=abc status=404'
    """

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{name}={value}" for name, value in _fields(record).items())
        line = f"{_timestamp(record)} {record.levelname} {record.name} {record.getMessage()} {fields}"
        line = line.rstrip()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


PIPE_BUF = 4096  # a write to a pipe of at most this many bytes is never interleaved with another's


class LineWriter(logging.Handler):
    """Writes each record as a line; the lines of the busy loggers (`batched`: the line per
    request) are left to a thread that writes what has gathered every `interval` seconds.

    So the event loop only formats and appends a request's line; stdout's writes, which can block
    when whoever reads it is slow, happen in the thread. Any other record (uvicorn's, a warning,
    an error) is written at once, after the lines still waiting: it may be the process's last, as
    uvicorn ends a worker on SIGTERM by the signal itself, which runs no exit handler. Lines are
    written whole, in writes of at most PIPE_BUF bytes (a longer line alone), so the lines of
    several worker processes sharing one pipe never mix. `flush()` writes everything left.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        interval: float = 0.1,
        batched: Collection[str] = ("zonefacts.access",),
    ) -> None:
        super().__init__()
        self.stream = stream if stream is not None else sys.stdout
        self.interval = interval
        self.batched = frozenset(batched)
        self._lines: collections.deque[str] = collections.deque()
        self._wake = threading.Event()
        self._writing = threading.Lock()  # the thread and flush() take turns: lines stay in order
        self._closed = False
        self._writer_pid = 0  # the process whose thread writes (a forked child starts its own)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        if self._writer_pid != os.getpid():
            self._lines.clear()  # forked: the lines before are the parent's to write
            self._writer_pid = os.getpid()
            threading.Thread(target=self._run, name="zonefacts-log-writer", daemon=True).start()
        self._lines.append(line)
        if self._closed or record.name not in self.batched or record.levelno >= logging.WARNING:
            self.flush()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(self.interval)
            self._wake.clear()
            self.flush()

    def flush(self) -> None:
        with self._writing:
            chunk: list[str] = []
            size = 0
            while self._lines:
                line = self._lines.popleft() + "\n"
                length = len(line) if line.isascii() else len(line.encode("utf-8", "replace"))
                if chunk and size + length > PIPE_BUF:
                    self._write("".join(chunk))
                    chunk, size = [], 0
                chunk.append(line)
                size += length
            if chunk:
                self._write("".join(chunk))

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # stdout closed or gone: nothing else can be told
            pass

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        self.flush()
        super().close()


def logging_config(level: str, log_format: str) -> dict[str, Any]:
    """The `logging.config.dictConfig` of `serve`; see `configure_logging`."""
    if level.lower() not in LEVELS:
        raise ValueError(f"LOG_LEVEL: unknown level {level!r} (choose from {', '.join(LEVELS)})")
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,  # the modules' loggers exist already
        "formatters": {"zonefacts": {"()": formatter}},
        "handlers": {"stdout": {"()": LineWriter, "stream": "ext://sys.stdout", "formatter": "zonefacts"}},
        "root": {"level": LEVELS[level.lower()], "handlers": ["stdout"]},
        # uvicorn's loggers hand their records to the root's handler, except its access log:
        # RequestMiddleware writes a richer line.
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


def configure_logging(level: str, log_format: str) -> None:
    """Every log record of the process, uvicorn's included, to stdout as JSON (`log_format="json"`)
    or text, at `level` (a uvicorn level name: `warning` leaves out the request lines).
    Each worker process of `serve` calls it again for itself."""
    logging.config.dictConfig(logging_config(level, log_format))
    # No formatter here shows a record's thread or process name: not looking them up saves a
    # few microseconds on every record, the request lines included.
    logging.logThreads = logging.logMultiprocessing = False
    logging.captureWarnings(True)  # a warning is a log line too, not a stray line on stderr
