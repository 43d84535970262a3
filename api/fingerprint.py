"""The deployment's settings as the audit log records them at start-up: a fingerprint (SHA-256
of the canonical JSON) and the settings themselves with every secret masked, so a changed
threshold, model or disclosure shows in the log as a changed fingerprint."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from api.settings import Settings
from voc import audit as au
from voc.audit import AuditEntry, AuditKind, AuditLog, canonical_json, content_digest

MASK = "**********"  # what pydantic prints for a SecretStr


def _mask_url(value: object) -> object:
    """``scheme://user:password@host`` → ``scheme://user:**********@host``."""
    if not isinstance(value, str) or "://" not in value:
        return value
    parts = urlsplit(value)
    if parts.password is None:
        return value
    netloc = f"{parts.username or ''}:{MASK}@{parts.hostname or ''}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _masked(value: object) -> object:
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return _mask_url(value)


def masked_settings(settings: Settings) -> dict[str, object]:
    """Every setting as JSON, secrets (SecretStr values, URL passwords) masked."""
    dumped = _masked(settings.model_dump(mode="json"))
    assert isinstance(dumped, dict)
    return dumped


def fingerprint(settings: Settings) -> str:
    return content_digest(canonical_json(masked_settings(settings)))


async def record_startup(audit: AuditLog, settings: Settings) -> AuditEntry:
    """One ``config`` entry per start-up, saying whether the settings changed since the last."""
    previous = await audit.last(AuditKind.CONFIG)
    before = previous.content.get("fingerprint") if previous and previous.content else None
    now = fingerprint(settings)
    return await audit.record(
        AuditKind.CONFIG,
        actor=au.SYSTEM,
        subject="settings",
        content={
            "event": "startup",
            "fingerprint": now,
            "previous_fingerprint": before,
            "changed": before != now,
            "settings": masked_settings(settings),
        },
    )
