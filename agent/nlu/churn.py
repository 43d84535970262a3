"""Churn risk 0..1 with evidence from several sources, combined by noisy-OR.

Sources (each Evidence names its own): ``model`` (this message: the learned, calibrated churn
head of churn_model.py, which reads the embedding, n-grams, the word cues and the intent
posterior), ``words`` (the cues this message matched: features of the head, listed so the
risk stays explainable, not counted twice), ``conversation`` (earlier turns: churn talk, a
latent-churn question followed by talk of moving money, a complaint, rising frustration),
``history`` (VOC facts: repeated balance/payoff checks, complaints, unresolved handoffs) and
``profile`` (contract end date, tenure). Without a head (an old bundle) the word cues and the
top-1 intent count directly, as before.

The profile and history raise the prior; whether that alone may change what the agent says is
the policy's call (agent/policy.py probes only on message- or conversation-level evidence).

Why noisy-OR: any one strong source must be able to catch a leaver on its own ("what's my
balance? I'm moving everything to another bank"), weak hints should add up without any of them
firing alone, and a plain balance question with no other evidence must stay near zero. Each
weight reads as "the chance this cue alone means the customer is leaving".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from agent.nlu import churn_cues as cues
from agent.nlu.churn_model import SETTLED_LABELS, ChurnHead, ChurnHeadReading, PosteriorMass
from agent.nlu.text import normalize
from domain.chinese import to_simplified
from domain.types import CustomerHistory, Evidence, PriorTurn, Role

LATENT_THRESHOLD = 0.5  # churn_risk at which a latent-churn intent is reported as latent churn
PRIOR_TURN_WEIGHT = 0.7  # an earlier turn's churn reading counts at 70% (it may be settled)
LATENT_THEN_LEAVING = 0.35  # balance/statement/payoff question, then talk of moving money
LEANING = 0.35  # the head's reading at which a message itself leans towards leaving
LOOK_ALIKE = 0.7  # counter-cue strength of a listed hard negative ("close the app")
MESSAGE_SOURCES = frozenset({"words", "model"})  # evidence read from this message
# A settled-intention counter-cue in this message ("never mind, it's sorted", 本来想换银行，现在
# 不换了): earlier turns' churn evidence then counts at 25 %.
SETTLED_WEIGHT = 0.25


@dataclass(slots=True)
class ChurnReading:
    risk: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)


def noisy_or(weights: Sequence[float]) -> float:
    keep = 1.0
    for w in weights:
        keep *= 1.0 - max(0.0, min(0.99, w))
    return 1.0 - keep


class ChurnCueMatcher:
    """Compiled word cues for both languages, plus the deployment's competitor names."""

    def __init__(self, competitors: Sequence[str] = cues.DEFAULT_COMPETITORS) -> None:
        names = sorted({c.lower() for c in competitors if c.strip()}, key=len, reverse=True)
        latin = "|".join(re.escape(n) for n in names if n.isascii())
        cjk = "|".join(re.escape(n) for n in names if not n.isascii())
        table = list(cues.EN_CUES + cues.ZH_CUES)
        if latin:
            table += [
                (
                    rf"\b(?:mov(?:e|ing)|switch(?:ing)?|transfer(?:ring)?|go(?:ing)?|join(?:ing)?"
                    rf"|tak(?:e|ing)|remortgag\w*|refinanc\w*) (?:\S+ ){{0,5}}"
                    rf"(?:to|over to|with|at) (?:my |an? )?(?:{latin})\b",
                    0.7,
                    "moving to a competitor",
                ),
                (
                    rf"\b(?:{latin}) (?:is |are )?(?:offer(?:s|ing)?|gave|gives|pays?)\b",
                    0.6,
                    "competitor offer",
                ),
                (
                    rf"\bopen(?:ed|ing)? (?:an |a new |my )?account (?:with|at) (?:{latin})\b",
                    0.7,
                    "opened an account elsewhere",
                ),
                (rf"\b(?:{latin})\b", 0.2, "competitor mentioned"),
            ]
        if cjk:
            table.append((rf"(?:转|换|搬|跳)(?:去|到)(?:{cjk})", 0.65, "moving to a competitor"))
        self._cues = [(re.compile(p), w, label) for p, w, label in table]
        self._counter = [
            (re.compile(p), w, label) for p, w, label in cues.EN_COUNTER + cues.ZH_COUNTER
        ]
        self._vetoes = [re.compile(p) for p in cues.EN_NEGATIVE + cues.ZH_NEGATIVE]

    def counter(self, text: str) -> list[tuple[str, float, str]]:
        """Counter-cues found in the text: [(phrase, strength, label)]. A listed look-alike
        ("leave a note", "close the app", "cancel the transfer") is one too: besides vetoing
        the cue it overlaps, it tells the head the intent model's exit mass may be misplaced."""
        norm = normalize(text)
        out = []
        for pattern, w, label in self._counter:
            m = pattern.search(norm)
            if m:
                out.append((m.group(0).strip(), w, label))
        for veto in self._vetoes:
            m = veto.search(norm)
            if m:
                out.append((m.group(0).strip(), LOOK_ALIKE, "a look-alike, not leaving"))
                break
        return out

    def match(self, text: str) -> list[tuple[str, float, str]]:
        """[(matched phrase, weight, label)], strongest first; vetoed spans are dropped."""
        norm = normalize(text)
        vetoes = [m.span() for v in self._vetoes for m in v.finditer(norm)]
        found: dict[str, tuple[str, float, str]] = {}
        for pattern, w, label in self._cues:
            for m in pattern.finditer(norm):
                if any(m.start() < b and a < m.end() for a, b in vetoes):
                    continue
                if label not in found or found[label][1] < w:
                    found[label] = (m.group(0).strip(), w, label)
        return sorted(found.values(), key=lambda t: -t[1])


def history_evidence(history: CustomerHistory) -> list[Evidence]:
    ev: list[Evidence] = []
    if history.balance_checks_30d >= 3:
        w = min(0.4, 0.2 + 0.05 * (history.balance_checks_30d - 3))
        ev.append(Evidence("history", f"{history.balance_checks_30d} balance checks in 30 days", w))
    if history.payoff_checks_30d >= 1:
        w = min(0.5, 0.3 + 0.1 * (history.payoff_checks_30d - 1))
        ev.append(Evidence("history", f"{history.payoff_checks_30d} payoff checks in 30 days", w))
    if history.complaints_30d >= 1:
        w = min(0.4, 0.2 + 0.1 * (history.complaints_30d - 1))
        ev.append(Evidence("history", f"{history.complaints_30d} complaint(s) in 30 days", w))
    if history.unresolved_handoffs >= 1:
        ev.append(Evidence("history", f"{history.unresolved_handoffs} unresolved handoff(s)", 0.25))
    if history.conversations_30d >= 5:
        ev.append(Evidence("history", f"{history.conversations_30d} conversations in 30 days", 0.1))
    return ev


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()[:19]).date()
        except ValueError:
            return None
    return None


def profile_evidence(profile: dict[str, Any], now: datetime | None) -> list[Evidence]:
    ev: list[Evidence] = []
    today = (now or datetime.now(UTC)).date()
    end = _as_date(profile.get("contract_end") or profile.get("contract_end_date"))
    if end is not None:
        days = (end - today).days
        if 0 <= days <= 60:
            ev.append(
                Evidence(
                    "profile",
                    f"contract ends in {days} days ({end.isoformat()})",
                    round(0.3 + 0.15 * (60 - days) / 60, 3),
                )
            )
        elif -60 <= days < 0:
            ev.append(Evidence("profile", f"out of contract since {end.isoformat()}", 0.3))
    tenure = profile.get("tenure_months")
    if tenure is None and isinstance(profile.get("tenure_years"), int | float):
        tenure = float(profile["tenure_years"]) * 12
    if isinstance(tenure, int | float) and tenure < 6:
        ev.append(Evidence("profile", f"new customer ({tenure:g} months)", 0.1))
    score = profile.get("churn_score")
    if isinstance(score, int | float) and 0 < score <= 1:
        ev.append(Evidence("profile", f"upstream churn score {score:.2f}", round(0.8 * score, 3)))
    return ev


def conversation_evidence(
    matcher: ChurnCueMatcher,
    prior: Sequence[PriorTurn],
    prior_negativity: Sequence[float],
    rising: bool,
    head: ChurnHead | None = None,
    exit_intents: frozenset[str] = frozenset(),
) -> list[Evidence]:
    """Earlier customer turns, read without embedding them again: the head on n-grams, cues and
    the turn's recorded intent (when there is a head), else the word cues alone."""
    ev: list[Evidence] = []
    customer = [t for t in prior if t.role == Role.CUSTOMER]
    for back, turn in enumerate(reversed(customer[-6:]), start=1):
        text = to_simplified(turn.text)  # as the engine reads this message: 銷戶 -> 销户
        found = matcher.match(text)
        if head is not None:
            mass = PosteriorMass(float(turn.intent in exit_intents), 0.0, turn.intent or "")
            p = head.read(text, None, found, matcher.counter(text), mass).probability
            if p >= 0.2:
                what = f"'{found[0][0]}' ({found[0][2]})" if found else repr(turn.text[:60])
                ev.append(
                    Evidence(
                        "conversation",
                        f"{back} turn(s) ago: {what}, churn head {p:.2f}",
                        round(PRIOR_TURN_WEIGHT * p, 3),
                    )
                )
            continue
        for phrase, w, label in found[:1]:
            ev.append(
                Evidence(
                    "conversation",
                    f"{back} turn(s) ago: '{phrase}' ({label})",
                    round(PRIOR_TURN_WEIGHT * w, 3),
                )
            )
    complained = [t for t in customer[-6:] if t.intent == "complaint"]
    negative = [n for n in prior_negativity[-6:] if n >= 0.45]
    if complained or negative:
        what = "a complaint" if complained else "strong negative emotion"
        ev.append(Evidence("conversation", f"{what} earlier in this conversation", 0.2))
    if rising:
        ev.append(Evidence("conversation", "frustration rising over the conversation", 0.15))
    return ev


def assess_churn(
    *,
    word_cues: list[tuple[str, float, str]],
    conversation: list[Evidence],
    history: list[Evidence],
    profile: list[Evidence],
    intent: str,
    intent_confidence: float,
    intent_flags: dict[str, Any],
    intent_churn_prior: float,
    counter_cues: Sequence[tuple[str, float, str]] = (),
    head: ChurnHeadReading | None = None,
    earlier_latent: Sequence[str] = (),
) -> ChurnReading:
    """Combine the sources. With a head: its calibrated probability is the message's evidence
    and the cues are shown as its features; an earlier latent-churn question followed by a
    message leaning towards leaving adds conversation evidence. Without: the old rules."""
    if head is not None:
        context = list(conversation)
        settled = [p for p, _, label in counter_cues if label in SETTLED_LABELS]
        if settled and context:
            context = [
                Evidence(e.source, f"{e.detail} (now settled: '{settled[0]}')",
                         round(SETTLED_WEIGHT * e.weight, 3))
                for e in context
            ]  # fmt: skip
        if earlier_latent and head.probability >= 0.2:
            context.append(
                Evidence(
                    "conversation",
                    f"'{earlier_latent[-1]}' asked earlier, now talk of leaving (latent churn)",
                    LATENT_THEN_LEAVING,
                )
            )
        context += history + profile
        if (
            intent_flags.get("latent") == "churn"
            and not intent_flags.get("exit")
            and not settled  # "never mind, it's sorted. what's my balance?" is just a balance
            and (noisy_or([e.weight for e in context]) >= 0.2 or head.probability >= LEANING)
        ):
            # As without a head: a balance/statement/payoff question asked alongside other signs
            # of leaving (earlier turns, history, profile, or this message itself leaning towards
            # leaving) is itself a sign (this message's evidence); alone it is not.
            context.append(
                Evidence("model", f"'{intent}' often precedes leaving (latent churn)", 0.2)
            )
        risk = noisy_or([head.probability] + [e.weight for e in context])
        shown = [(p, w, label) for p, w, label in word_cues]
        shown += [(p, -w, label) for p, w, label in counter_cues]
        features = [Evidence("words", f"'{p}' ({lab}), read by the head", w) for p, w, lab in shown]
        evidence = sorted(head.evidence + context, key=lambda e: -e.weight) + features
        return ChurnReading(round(risk, 4), evidence)
    evidence = [Evidence("words", f"'{p}' ({label})", w) for p, w, label in word_cues]
    evidence += conversation + history + profile
    if intent_churn_prior >= 0.5:
        # The classifier itself recognises a leaving intent (close_account, switch_away ...). With
        # no churn words it may be a look-alike ("close the chat"), so it counts only when sure.
        strength = intent_confidence if word_cues else max(0.0, intent_confidence - 0.6) * 1.5
        w = round(0.75 * strength * intent_churn_prior, 3)
        if w > 0.02:
            evidence.append(Evidence("model", f"intent '{intent}' is a churn intent", w))
    others = noisy_or([e.weight for e in evidence])
    if intent_flags.get("latent") == "churn" and intent_churn_prior < 0.5 and others >= 0.2:
        # The insight: a routine question (balance, statement, payoff) asked alongside other
        # signs of leaving is itself a sign; alone it is not.
        evidence.append(Evidence("model", f"'{intent}' often precedes leaving (latent churn)", 0.2))
    evidence.sort(key=lambda e: -e.weight)
    risk = noisy_or([e.weight for e in evidence])
    for phrase, strength, label in counter_cues:
        if risk > 0:
            risk *= 1.0 - strength
            evidence.append(Evidence("words", f"'{phrase}' ({label}) lowers the risk", -strength))
    return ChurnReading(round(risk, 4), evidence)
