"""A logging filter that redacts personal data (and session tokens) from every record before
any handler writes it: message, arguments, traceback and stack."""

from __future__ import annotations

import logging
import re

from voc.privacy.redact import redact_text

# Session tokens travel in the console socket's query string, which access logs print.
_TOKEN = re.compile(r"(\btoken=)[^&\s\"']+", re.I)


def scrub(text: str) -> str:
    return _TOKEN.sub(r"\1[redacted]", redact_text(text))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def install_log_redaction() -> None:
    """Add the filter to every handler configured so far (root, uvicorn's, …). Call it again
    after something (re)configures logging."""
    loggers: list[logging.Logger] = [logging.getLogger()]
    loggers += [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for lg in loggers:
        for handler in lg.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
