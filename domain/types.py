"""Domain types shared by agent/, knowledge/, handoff/ and voc/.

Plain dataclasses: no I/O, no framework. Wire schemas (api/) and ORM rows (voc/) are separate
and mapped explicitly.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    BOT = "bot"
    HUMAN = "human"  # a human agent
    SYSTEM = "system"  # notices such as "a person is coming"


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved passage from the knowledge base."""

    chunk_id: str
    article_id: str
    title: str
    section: str
    text: str
    score: float
    url: str = ""
    language: str = "en"
    tags: tuple[str, ...] = ()

    def citation(self) -> Citation:
        return Citation(
            article_id=self.article_id, title=self.title, section=self.section, url=self.url
        )


@dataclass(frozen=True, slots=True)
class Citation:
    article_id: str
    title: str
    section: str
    url: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a signal fired. ``source`` is one of: words, conversation, history, profile, model."""

    source: str
    detail: str
    weight: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class IntentScore:
    intent: str
    confidence: float


@dataclass(slots=True)
class Signals:
    """What understanding read from one customer message, in context."""

    language: str = "en"
    intent: str = "out_of_scope"
    intent_confidence: float = 0.0
    top_intents: list[IntentScore] = field(default_factory=list)
    emotion: str = "neutral"
    emotion_intensity: float = 0.0
    emotion_trajectory: str = "steady"  # steady | rising | falling
    negative_emotion: float = 0.0  # calibrated P(the customer is upset), the emotion head's
    wants_human: bool = False  # wants_human_score at the engine's threshold
    wants_human_score: float = 0.0  # calibrated P(the customer asks for a person now)
    churn_risk: float = 0.0
    churn_evidence: list[Evidence] = field(default_factory=list)
    latent_intent: str | None = None  # e.g. "churn" behind a balance enquiry
    injection: float = 0.0  # 0–1: does the message try to instruct the assistant itself?
    injection_flag: bool = False  # flagged, not blocked: the policy records it as evidence
    explanations: dict[str, list[Evidence]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "intent": self.intent,
            "intent_confidence": round(self.intent_confidence, 4),
            "top_intents": [
                {"intent": s.intent, "confidence": round(s.confidence, 4)} for s in self.top_intents
            ],
            "emotion": self.emotion,
            "emotion_intensity": round(self.emotion_intensity, 4),
            "emotion_trajectory": self.emotion_trajectory,
            "negative_emotion": round(self.negative_emotion, 4),
            "wants_human": self.wants_human,
            "wants_human_score": round(self.wants_human_score, 4),
            "churn_risk": round(self.churn_risk, 4),
            "churn_evidence": [e.as_dict() for e in self.churn_evidence],
            "latent_intent": self.latent_intent,
            "injection": round(self.injection, 4),
            "injection_flag": self.injection_flag,
            "explanations": {k: [e.as_dict() for e in v] for k, v in self.explanations.items()},
        }


@dataclass(frozen=True, slots=True)
class PriorTurn:
    """A turn earlier in the same conversation, as understanding sees it."""

    role: Role
    text: str
    emotion: str | None = None
    emotion_intensity: float | None = None
    intent: str | None = None


@dataclass(slots=True)
class CustomerHistory:
    """Facts about a customer from the VOC store (last 30 days unless said otherwise)."""

    customer_id: str | None = None
    balance_checks_30d: int = 0
    payoff_checks_30d: int = 0
    complaints_30d: int = 0
    unresolved_handoffs: int = 0
    conversations_30d: int = 0
    facts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class UnderstandingContext:
    """Everything understanding may use beyond the message itself."""

    prior_turns: list[PriorTurn] = field(default_factory=list)
    history: CustomerHistory = field(default_factory=CustomerHistory)
    profile: dict[str, Any] = field(default_factory=dict)  # passed in by the widget
    now: datetime | None = None


@dataclass(slots=True)
class TurnRecord:
    """A stored turn as the rest of the system sees it."""

    conversation_id: str
    seq: int
    role: Role
    text: str
    author: str = ""
    client_id: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    signals: dict[str, Any] = field(default_factory=dict)
    hits: list[dict[str, Any]] = field(default_factory=list)
    decision: dict[str, Any] = field(default_factory=dict)
    latency_ms: float | None = None
    created_at: datetime | None = None
    # A bot answer names the customer turn (its seq) it answers, so a late answer is never
    # shown as the answer to a newer question. None for every other turn.
    reply_to: int | None = None


@dataclass(slots=True)
class ConversationRecord:
    id: str
    state: str
    customer_id: str | None = None
    owner_agent: str | None = None
    owner_name: str | None = None
    language: str = "en"
    channel: str = "web"
    profile: dict[str, Any] = field(default_factory=dict)
    priority: int = 0
    queued_at: datetime | None = None
    disposition: str | None = None
    created_at: datetime | None = None
    disclosure_text: str | None = None  # the AI disclosure as first shown to this customer
    disclosure_version: str | None = None
    disclosure_shown_at: datetime | None = None
    # The plain resume secret: only on the record returned when the conversation is created
    # (the store keeps its hash), so the creator can hand it to the client once.
    resume_token: str | None = None


@dataclass(frozen=True, slots=True)
class Disclosure:
    """The AI disclosure a customer is shown, and the version it is recorded under."""

    text: str
    version: str

    @classmethod
    def of(cls, text: str, version: str | None = None) -> Disclosure:
        """``version`` as configured, else ``sha256:`` and the first 12 hex digits of the text,
        so an edited text never shares a version with the one shown before."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        return cls(text, version or f"sha256:{digest}")


@dataclass(slots=True)
class HandoffRecord:
    id: int
    conversation_id: str
    reason: str
    priority: int
    packet: dict[str, Any]
    claimed_by: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class QueuedItem:
    """One conversation waiting for a person, with what the console lists about it (read from
    its open handoff packet)."""

    conversation_id: str
    customer_id: str | None
    priority: int
    queued_at: datetime | None
    reason: str | None = None
    reason_text: str | None = None
    summary: str = ""
    churn_risk: float | None = None
