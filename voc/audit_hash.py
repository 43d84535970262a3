"""How the audit chain hashes: canonical JSON for content, a compact JSON array for headers.

Kept apart and dependency-free so an outside verifier can read (or copy) exactly this.
"""

from __future__ import annotations

import enum
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime
from pathlib import PurePath

GENESIS = "0" * 64  # the prev_hash of entry 1


def _plain(value: object) -> object:
    """``value`` as plain JSON data: the one form that is both stored and hashed."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    raise TypeError(f"audit content cannot hold a {type(value).__name__}")


def canonical_json(content: Mapping[str, object]) -> str:
    return json.dumps(
        _plain(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def content_digest(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def entry_digest(
    prev_hash: str, seq: int, at: str, kind: str, actor: str, subject: str, content_hash: str
) -> str:
    header = [prev_hash, seq, at, kind, actor, subject, content_hash]
    encoded = json.dumps(header, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def format_time(moment: datetime) -> str:
    """Fixed-width UTC ISO 8601 with microseconds: sorts as text and hashes the same anywhere."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
