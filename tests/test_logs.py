"""`app.logs.LineWriter`: lines formatted where they are logged, written whole by a thread."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator

import pytest

from app.logs import PIPE_BUF, REQUEST_ID, JsonFormatter, LineWriter


class Recorder:
    """A stream that keeps each write apart, as the pipe would see them."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in "".join(self.writes).splitlines()]


@pytest.fixture
def writer() -> Iterator[tuple[logging.Logger, LineWriter, Recorder]]:
    stream = Recorder()
    handler = LineWriter(stream, interval=0.05, batched=["zonefacts.test.lines"])
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("zonefacts.test.lines")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield logger, handler, stream
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_lines_come_in_order_whole_and_in_writes_a_pipe_keeps_together(
    writer: tuple[logging.Logger, LineWriter, Recorder],
) -> None:
    logger, handler, stream = writer
    for number in range(500):
        logger.info("line %d", number, extra={"text": "佛山高新区" * (number % 7)})
    logger.info("long", extra={"text": "x" * 3 * PIPE_BUF})
    handler.flush()

    assert [line["msg"] for line in stream.lines()] == [f"line {n}" for n in range(500)] + ["long"]
    assert all(write.endswith("\n") for write in stream.writes)
    assert stream.writes[-1].count("\n") == 1  # a line longer than PIPE_BUF goes alone
    assert all(len(write.encode()) <= PIPE_BUF for write in stream.writes[:-1])
    assert len(stream.writes) < 100  # many lines a write, not one each


def test_the_thread_writes_without_being_asked(writer: tuple[logging.Logger, LineWriter, Recorder]) -> None:
    logger, _handler, stream = writer
    logger.info("soon")
    deadline = time.monotonic() + 5
    while not stream.writes and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [line["msg"] for line in stream.lines()] == ["soon"]


def test_a_line_carries_the_request_id_of_where_it_was_logged(
    writer: tuple[logging.Logger, LineWriter, Recorder],
) -> None:
    logger, handler, stream = writer
    token = REQUEST_ID.set("req-7")
    try:
        logger.info("inside")
    finally:
        REQUEST_ID.reset(token)
    logger.info("outside")
    handler.flush()
    inside, outside = stream.lines()
    assert inside["request_id"] == "req-7"
    assert "request_id" not in outside


def test_other_records_are_written_at_once_after_the_waiting_lines(
    writer: tuple[logging.Logger, LineWriter, Recorder],
) -> None:
    # uvicorn ends a worker by re-raising SIGTERM, which runs no exit handler: its last lines
    # ("Application shutdown complete.") must be out before that.
    logger, handler, stream = writer
    handler.interval = 60
    logger.info("request 1")
    logger.info("request 2")
    assert stream.writes == []
    handler.handle(logging.makeLogRecord({"name": "uvicorn.error", "msg": "Shutting down", "levelno": 20}))
    assert [line["msg"] for line in stream.lines()] == ["request 1", "request 2", "Shutting down"]
    logger.warning("a warning of a busy logger")
    assert stream.lines()[-1]["msg"] == "a warning of a busy logger"


def test_close_writes_what_is_left() -> None:
    stream = Recorder()
    handler = LineWriter(stream, interval=60, batched=["busy"])
    handler.setFormatter(JsonFormatter())
    handler.handle(logging.makeLogRecord({"name": "busy", "msg": "last words", "levelno": logging.INFO}))
    assert stream.writes == []
    handler.close()
    assert [line["msg"] for line in stream.lines()] == ["last words"]
