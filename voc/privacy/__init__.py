"""Privacy at write time: personal data is replaced before it is stored, broadcast or logged.

``redact(text)`` returns the text with typed placeholders (``[card •••• 4821]``, ``[email]``,
``[PIN]``) and the findings (kind and span, never the value).
"""

from voc.privacy.findings import (
    SECRET_KINDS,
    Finding,
    PiiKind,
    Redaction,
    placeholder,
    secrets_in,
    without_placeholders,
)
from voc.privacy.redact import find, redact, redact_fields, redact_text, redact_value

__all__ = [
    "SECRET_KINDS",
    "Finding",
    "PiiKind",
    "Redaction",
    "find",
    "placeholder",
    "redact",
    "redact_fields",
    "redact_text",
    "redact_value",
    "secrets_in",
    "without_placeholders",
]
