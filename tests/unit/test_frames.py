from __future__ import annotations

import pytest

from api.frames import parse_frame
from domain.errors import InvalidInput

KNOWN = {"hello", "message"}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{oops", "bad_json"),
        ("[]", "bad_json"),
        ('"x"', "bad_json"),
        (None, "bad_json"),
        ('{"type": "nope"}', "unknown_type"),
        ("{}", "unknown_type"),
        ('{"type": "message", "text": "' + "x" * 20000 + '"}', "too_large"),
        (b"\xff\xfe", "bad_json"),
    ],
)
def test_bad_frames_raise_with_a_stable_code(raw: str | bytes | None, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_frame(raw, max_bytes=16384, known=KNOWN)
    assert err.value.code == code


def test_good_frame_parses() -> None:
    assert parse_frame('{"type": "hello"}', max_bytes=100, known=KNOWN) == {"type": "hello"}
