"""The handoff packet: everything a person needs so the customer never repeats themselves."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.types import ConversationRecord, Role, TurnRecord

_INTENT_WORDS = {
    "out_of_scope": "something outside the help centre",
}


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def summarise(turns: list[TurnRecord], signals: dict[str, Any], reason_text: str) -> str:
    """A short extractive summary: what the customer asked, what they said last, and why."""
    customer = [t for t in turns if t.role == Role.CUSTOMER]
    if not customer:
        return "No customer messages yet."
    intents = []
    for t in customer:
        intent = t.signals.get("intent")
        if intent and intent not in intents:
            intents.append(_INTENT_WORDS.get(intent, intent.replace("_", " ")))
    parts = [f"Customer wrote {len(customer)} message(s)"]
    if intents:
        parts[0] += " about " + ", ".join(intents[:4])
    parts.append(f'first: "{_clip(customer[0].text, 120)}"')
    if len(customer) > 1:
        parts.append(f'last: "{_clip(customer[-1].text, 120)}"')
    if signals.get("latent_intent"):
        parts.append(f"latent intent: {signals['latent_intent']}")
    parts.append(f"handed over because {reason_text}")
    return "; ".join(parts) + "."


def trajectory(signal_log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"emotion": e.get("emotion"), "intensity": e.get("emotion_intensity")} for e in signal_log
    ]


def build_packet(
    conv: ConversationRecord,
    turns: list[TurnRecord],
    *,
    signals: dict[str, Any],
    decision: dict[str, Any],
    articles_tried: list[dict[str, Any]],
    signal_log: list[dict[str, Any]],
) -> dict[str, Any]:
    reason = decision.get("reason") or "customer_asked"
    reason_text = decision.get("reason_text") or reason.replace("_", " ")
    return {
        "conversation_id": conv.id,
        "customer_id": conv.customer_id,
        "reason": reason,
        "reason_text": reason_text,
        "priority": int(decision.get("priority", 0)),
        "triggers": decision.get("triggers", []),
        "summary": summarise(turns, signals, reason_text),
        "intents": signals.get("top_intents")
        or [{"intent": signals.get("intent"), "confidence": signals.get("intent_confidence")}],
        "latent_intent": signals.get("latent_intent"),
        "emotion": {
            "current": signals.get("emotion", "neutral"),
            "intensity": signals.get("emotion_intensity", 0.0),
            "trajectory": signals.get("emotion_trajectory", "steady"),
            "history": trajectory(signal_log),
        },
        "churn": {
            "risk": signals.get("churn_risk", 0.0),
            "evidence": signals.get("churn_evidence", []),
        },
        "wants_human": bool(signals.get("wants_human")),
        "wants_human_score": float(signals.get("wants_human_score", 0.0)),
        "explanations": signals.get("explanations", {}),
        "articles_tried": articles_tried,
        "profile": conv.profile,
        "language": signals.get("language", conv.language),
        "transcript": [
            {"seq": t.seq, "role": t.role.value, "author": t.author, "text": t.text} for t in turns
        ],
        "created_at": datetime.now(UTC).isoformat(),
    }
