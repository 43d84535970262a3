"""How the customer feels, turned into one short acknowledgement before the help.

The policy decides *whether* a person should take over; this module only shapes the words of
an answer the bot gives anyway:

- :func:`read_feeling`: is this message frustrated, anxious or sad enough to acknowledge? The
  level is the calibrated ``negative_emotion`` score (0–1) when understanding provides one,
  else the emotion label's intensity; which words fit always comes from the label.
- :func:`choose_tone`: the one sentence to open with. Several phrasings per feeling, picked by
  a hash of the conversation and turn (a replay says the same; the next turn something else);
  an "again" phrasing when the previous answer already acknowledged; the problem named in our
  own words from the intent, never from the customer's text (which may hold anything: a card
  number, an instruction to the assistant).
- :func:`frustrated_streak`: how many earlier customer turns in a row were frustrated and were
  answered by the bot (the policy offers a person on the next one, and hands over after that).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agent.phrases import ACKNOWLEDGEMENTS, OFFER_PERSON, TOPICS
from domain.types import PriorTurn, Role

# Which acknowledgement words fit each emotion label (anger is acknowledged as frustration:
# naming someone's anger back to them rarely calms it).
KINDS = {"frustrated": "frustrated", "angry": "frustrated", "anxious": "anxious", "sad": "sad"}
FRUSTRATION = frozenset({"frustrated", "angry"})


@dataclass(frozen=True, slots=True)
class Feeling:
    kind: str  # frustrated | anxious | sad | upset
    level: float  # 0–1: how negative the message reads


@dataclass(frozen=True, slots=True)
class Tone:
    """How an answer opens; handed to the responder with the question."""

    feeling: Feeling
    opening: str  # the acknowledgement (the offline answer says it; a model writes its own)
    key: str  # which phrasing, e.g. "frustrated.topic/1", so the next turn can avoid it
    topic: str | None = None  # our words for the problem; None when unsure what it is
    again: bool = False  # the previous answer acknowledged already: say it differently


def negative_level(signals: Mapping[str, Any]) -> float:
    """How negative a message reads, 0–1: the calibrated score when understanding gives one,
    else the intensity of a negative emotion label (0 for neutral, satisfied, confused)."""
    score = signals.get("negative_emotion")
    if isinstance(score, int | float):
        return float(score)
    if signals.get("emotion") in KINDS:
        return float(signals.get("emotion_intensity") or 0.0)
    return 0.0


def read_feeling(signals: Mapping[str, Any], *, min_level: float) -> Feeling | None:
    """The feeling to acknowledge, if any. A negative score without a negative label (the
    label reader missed it) gets the words for a general "upset"."""
    level = negative_level(signals)
    if level < min_level:
        return None
    return Feeling(KINDS.get(str(signals.get("emotion")), "upset"), round(level, 3))


def is_frustrated(signals: Mapping[str, Any], *, min_level: float) -> bool:
    return signals.get("emotion") in FRUSTRATION and negative_level(signals) >= min_level


def _pick(options: list[str], seed: str, avoid: str | None, prefix: str) -> tuple[int, str]:
    n = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") % len(options)
    if f"{prefix}/{n}" == avoid and len(options) > 1:
        n = (n + 1) % len(options)
    return n, options[n]


def topic_of(signals: Mapping[str, Any], language: str, *, min_confidence: float) -> str | None:
    """Our words for the problem, when the intent is read confidently enough to name it."""
    if float(signals.get("intent_confidence") or 0.0) < min_confidence:
        return None
    return TOPICS.get(language, TOPICS["en"]).get(str(signals.get("intent")))


def choose_tone(
    signals: Mapping[str, Any],
    *,
    language: str,
    seed: str,
    previous_key: str | None,
    min_level: float,
    topic_confidence: float = 0.6,
) -> Tone | None:
    """The acknowledgement to open this answer with, or None on a neutral or happy turn.

    ``seed`` names the conversation and turn; ``previous_key`` is the phrasing the previous
    answer opened with (None if it did not acknowledge)."""
    feeling = read_feeling(signals, min_level=min_level)
    if feeling is None:
        return None
    table = ACKNOWLEDGEMENTS.get(language, ACKNOWLEDGEMENTS["en"])
    again = previous_key is not None and feeling.kind == "frustrated"
    topic = None if again else topic_of(signals, language, min_confidence=topic_confidence)
    group = "again" if again else f"{feeling.kind}.topic" if topic else feeling.kind
    if group not in table:
        group, topic = feeling.kind, None
    n, text = _pick(table[group], seed, previous_key, group)
    if topic:
        text = text.format(topic=topic, Topic=topic[:1].upper() + topic[1:])
    return Tone(feeling, text, f"{group}/{n}", topic, again)


def offer_person(language: str, seed: str) -> str:
    """One sentence offering a person, for a customer still frustrated after an answer."""
    return _pick(OFFER_PERSON.get(language, OFFER_PERSON["en"]), seed, None, "offer")[1]


def frustrated_streak(prior: Sequence[PriorTurn], *, min_level: float) -> int:
    """Earlier customer turns in a row, newest first, that read frustrated (or angry) and that
    the bot answered. A person or a service notice in between starts the count afresh."""
    streak = 0
    answered = False
    for turn in reversed(prior):
        if turn.role == Role.BOT:
            answered = True
        elif turn.role != Role.CUSTOMER:
            break
        elif answered:
            signals = {"emotion": turn.emotion, "emotion_intensity": turn.emotion_intensity}
            if not is_frustrated(signals, min_level=min_level):
                break
            streak += 1
            answered = False
    return streak
