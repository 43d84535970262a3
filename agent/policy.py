"""Escalation triggers return data (what fired, with evidence); one policy decides.

Actions: ``answer`` (cited self-service), ``answer_and_probe`` (answer, then ask gently about a
moderate churn signal), ``clarify`` (nothing relevant found, first time), ``smalltalk``
(greetings/thanks) and ``escalate`` (a person would serve the customer better).

Evidence-only triggers fire and are recorded but never hand over by themselves. Three exist:
``frustration_repeated`` (the customer is still frustrated on the turn after the bot answered:
the answer offers a person; a further frustrated turn fires ``high_anger`` and hands over),
``shared_secret`` (the customer typed a PIN, password or CVV, hidden before storing: whatever
the reply, it starts with a warning never to share it) and ``injection_suspected`` (the
message tries to instruct the assistant). Flag, don't block: the
customer is still answered from the knowledge base, or handed over if another trigger fires,
but the answer is composed extractively (``answer_path = "extractive"``): quoted help-centre
sentences cannot be steered by the message, so a real attack gets nothing from the model and a
false alarm costs only fluency, never the answer itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from agent.empathy import is_frustrated, negative_level
from agent.settings import PolicySettings

SMALLTALK = {"greeting", "thanks_goodbye"}

# Churn evidence read from this message ("words": matched cues, "model": the churn head) or
# from earlier turns of this conversation. Profile and history evidence raise the risk but are
# about the customer, not about what they are saying now.
MESSAGE_SOURCES = frozenset({"words", "model"})
SAID_SOURCES = MESSAGE_SOURCES | {"conversation"}
MIN_SAID = 0.15  # the strongest such item must reach this to count as "something was said"

# Which reason names the handoff when several fire: the most useful for routing first (a churn
# signal goes to retention even when the customer also asked for a person).
REASON_ORDER = ["churn_risk", "customer_asked", "sensitive_intent", "high_anger", "cannot_answer"]

# Queue priority (0–100) per reason; the handoff takes the highest of those that fired.
REASON_PRIORITY = {
    "customer_asked": 60,
    "sensitive_intent": 70,
    "churn_risk": 80,
    "high_anger": 75,
    "cannot_answer": 40,
}


def said_level(evidence: list[dict[str, Any]], sources: frozenset[str]) -> float:
    """The strongest churn evidence from these sources (0 when there is none)."""
    return max(
        (float(e.get("weight", 0.0)) for e in evidence if e.get("source") in sources), default=0.0
    )


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    fired: bool
    detail: str
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Decision:
    action: str
    reason: str | None = None
    reason_text: str = ""
    priority: int = 0
    triggers: list[Trigger] = field(default_factory=list)
    answer_path: str = "default"  # default | extractive (no language model for this turn)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["triggers"] = [asdict(t) for t in self.triggers if t.fired]
        return d


@dataclass(frozen=True, slots=True)
class TurnFacts:
    """What the policy looks at for one turn."""

    signals: dict[str, Any]
    nothing_found: bool = False
    unanswered_streak: int = 0  # turns in a row without a confident answer, before this one
    intent_flags: dict[str, Any] = field(default_factory=dict)
    handed_back: bool = False  # a person handed this conversation back to the bot
    # Secrets (pin, password, cvv) the customer typed into this message; already hidden.
    shared_secrets: tuple[str, ...] = ()
    # Earlier customer turns in a row that read frustrated and that the bot answered
    # (agent/empathy.py::frustrated_streak).
    frustrated_turns: int = 0


def evaluate_triggers(facts: TurnFacts, settings: PolicySettings) -> list[Trigger]:
    signals, nothing_found = facts.signals, facts.nothing_found
    unanswered_streak, intent_flags = facts.unanswered_streak, facts.intent_flags
    handed_back = facts.handed_back
    churn = float(signals.get("churn_risk", 0.0))
    evidence = list(signals.get("churn_evidence", []))
    emotion = signals.get("emotion", "neutral")
    intensity = float(signals.get("emotion_intensity", 0.0))
    intent = signals.get("intent", "out_of_scope")
    # After a person handed the chat back, they have dealt with the churn risk they saw; only
    # new words from the customer re-open it (history alone would bounce the chat straight back).
    # Conversation evidence is rebuilt from words said before the person took over, so it does
    # not count as new either.
    said_now = said_level(evidence, MESSAGE_SOURCES) >= MIN_SAID
    # As for the probe: profile and history alone (a contract ending, past balance checks) never
    # hand a routine question to retention; something said in this conversation must point at it.
    said = said_level(evidence, SAID_SOURCES) >= MIN_SAID
    churn_fires = churn >= settings.churn_escalate and (said_now if handed_back else said)
    angry = emotion in {"angry", "frustrated"} and intensity >= settings.anger_escalate
    rising = signals.get("emotion_trajectory") == "rising" and emotion in {"angry", "frustrated"}
    injection = float(signals.get("injection", 0.0))
    upset = float(signals.get("negative_emotion", 0.0))
    # Distress (sad, anxious) on a sensitive matter goes to a person; anger and frustration have
    # their own triggers (high_anger, the frustration streak), which keep their own wording.
    distressed = (
        bool(intent_flags.get("sensitive"))
        and upset >= settings.distress_escalate
        and emotion not in {"angry", "frustrated"}
    )
    # Still frustrated after an answer: offer a person; frustrated turn after turn: hand over.
    frustrated_now = is_frustrated(signals, min_level=settings.frustration_level)
    streak = facts.frustrated_turns + 1 if frustrated_now else 0
    worn_out = streak >= settings.frustration_handover_turns
    return [
        Trigger(
            "customer_asked",
            bool(signals.get("wants_human")),
            f"customer asked for a person ({float(signals.get('wants_human_score', 0.0)):.2f})",
            list(signals.get("explanations", {}).get("wants_human", [])),
        ),
        Trigger(
            "sensitive_intent",
            bool(intent_flags.get("escalate")) or distressed,
            f"intent {intent} is handled by people"
            if intent_flags.get("escalate")
            else f"intent {intent} is sensitive and the customer is upset ({upset:.2f})",
        ),
        Trigger(
            "churn_risk",
            churn_fires,
            f"churn risk {churn:.2f} ≥ {settings.churn_escalate:.2f}",
            evidence,
        ),
        Trigger(
            "high_anger",
            angry or (rising and intensity >= settings.anger_escalate - 0.15) or worn_out,
            f"{emotion} at intensity {intensity:.2f}"
            + (" and rising" if rising else "")
            + (f"; frustrated {streak} turns in a row after answers" if worn_out else ""),
        ),
        Trigger(
            "cannot_answer",
            nothing_found and unanswered_streak + 1 >= settings.unanswered_limit,
            f"no confident answer {unanswered_streak + 1} times in a row",
        ),
        Trigger(
            "frustration_repeated",
            streak >= 2,
            f"still frustrated after {streak - 1} answer(s): offer a person",
            [
                {
                    "source": "conversation",
                    "detail": f"{streak} frustrated turns in a row, the earlier ones answered",
                    "weight": round(negative_level(signals), 3),
                }
            ]
            if streak >= 2
            else [],
        ),
        Trigger(
            "injection_suspected",
            bool(signals.get("injection_flag")),
            f"message tries to instruct the assistant (score {injection:.2f})",
            list(signals.get("explanations", {}).get("injection", [])),
        ),
        Trigger(
            "shared_secret",
            bool(facts.shared_secrets),
            "customer typed a secret into the chat (hidden before storing); warn them",
            [{"source": "words", "kind": k} for k in facts.shared_secrets],
        ),
    ]


def decide(facts: TurnFacts, settings: PolicySettings) -> Decision:
    signals, nothing_found = facts.signals, facts.nothing_found
    triggers = evaluate_triggers(facts, settings)
    fired = [t for t in triggers if t.fired and t.name in REASON_PRIORITY]
    path = "extractive" if signals.get("injection_flag") else "default"
    if fired:
        top = min(fired, key=lambda t: REASON_ORDER.index(t.name))
        priority = max(REASON_PRIORITY[t.name] for t in fired)
        churn = float(signals.get("churn_risk", 0.0))
        priority = min(100, priority + int(10 * churn) + 5 * (len(fired) - 1))
        return Decision(
            "escalate", top.name, "; ".join(t.detail for t in fired), priority, triggers, path
        )
    intent = signals.get("intent")
    if intent in SMALLTALK and float(signals.get("intent_confidence", 0)) >= 0.5:
        return Decision("smalltalk", triggers=triggers, answer_path=path)
    if nothing_found:
        return Decision(
            "clarify",
            "nothing_found",
            "no relevant article found",
            triggers=triggers,
            answer_path=path,
        )
    # Probe only when the customer said something that points at leaving, in this message or
    # earlier in the conversation: a contract ending soon (profile) or past balance checks
    # (history) alone never add a retention question to "how do I freeze my card?".
    said = said_level(list(signals.get("churn_evidence", [])), SAID_SOURCES) >= MIN_SAID
    if float(signals.get("churn_risk", 0.0)) >= settings.churn_probe and said:
        return Decision(
            "answer_and_probe",
            "churn_probe",
            f"churn risk {float(signals['churn_risk']):.2f} ≥ probe level",
            triggers=triggers,
            answer_path=path,
        )
    return Decision("answer", triggers=triggers, answer_path=path)
