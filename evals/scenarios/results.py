"""What one scripted conversation did, turn by turn, as read back from the store."""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.scenarios.schema import Conversation, TurnExpect


@dataclass(frozen=True, slots=True)
class TriggerTrace:
    name: str
    detail: str
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HitTrace:
    article_id: str
    section: str
    score: float


@dataclass(frozen=True, slots=True)
class CitedArticle:
    article_id: str
    title: str
    section: str


@dataclass(slots=True)
class TurnResult:
    n: int  # 1-based customer turn number
    text: str
    expect: TurnExpect
    reached: bool = False  # False: a person owned the chat by then, the bot stayed silent
    reply: str | None = None
    action: str | None = None
    reason: str | None = None
    intent: str | None = None
    intent_confidence: float = 0.0
    emotion: str | None = None
    emotion_intensity: float = 0.0
    language: str | None = None
    churn_risk: float = 0.0
    wants_human: bool = False
    wants_human_score: float = 0.0
    churn_evidence: list[str] = field(default_factory=list)
    triggers: list[TriggerTrace] = field(default_factory=list)
    hits: list[HitTrace] = field(default_factory=list)
    citations: list[CitedArticle] = field(default_factory=list)
    latency_ms: float | None = None
    citation_valid: bool | None = None  # None: nothing cited
    citation_problems: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def escalated(self) -> bool:
        return self.action == "escalate"

    @property
    def said_idk(self) -> bool:
        """The bot said it does not know: nothing found, or handed over for cannot_answer."""
        return self.action == "clarify" or (
            self.action == "escalate" and self.reason == "cannot_answer"
        )

    @property
    def churn_flagged(self) -> bool:
        """The agent acted on a churn signal: probed, or a churn trigger fired."""
        return self.action == "answer_and_probe" or any(
            t.name == "churn_risk" for t in self.triggers
        )


@dataclass(slots=True)
class CaseResult:
    suite: str
    conversation: Conversation
    turns: list[TurnResult]
    error: str | None = None  # the run itself failed (exception name)
    failures: list[str] = field(default_factory=list)  # conversation-level

    @property
    def id(self) -> str:
        return self.conversation.id

    @property
    def language(self) -> str:
        return self.conversation.language

    @property
    def escalation_turn(self) -> int | None:
        return next((t.n for t in self.turns if t.escalated), None)

    @property
    def escalation_reason(self) -> str | None:
        return next((t.reason for t in self.turns if t.escalated), None)

    @property
    def escalated(self) -> bool:
        return self.escalation_turn is not None

    @property
    def churn_flagged(self) -> bool:
        return any(t.churn_flagged for t in self.turns)

    @property
    def all_failures(self) -> list[str]:
        out = list(self.failures)
        for t in self.turns:
            out += [f"turn {t.n}: {f}" for f in t.failures]
        return out

    @property
    def passed(self) -> bool:
        return self.error is None and not self.all_failures
