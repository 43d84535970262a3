"""Emotion: one of seven labels, an intensity in 0..1, and the trajectory over the conversation.

Two readers, combined:
- a bilingual lexicon with negation, intensifiers, sarcasm frames and emoji (works for Chinese
  and for slang the embedding never saw), and
- prototype embeddings: the message vector (already computed for intent, so free) compared with
  centroids of short prototype sentences per emotion; this generalises to English phrasings
  the lexicon lacks. The bundled embedder is English-only, so Chinese relies on the lexicon.
Intensity is the label's score lifted by surface arousal cues: ALL CAPS, "!!!", intensifiers,
letter stretching ("sooo"), emoji.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from agent.nlu import emotion_lexicon as lex
from agent.nlu.text import clauses, normalize
from domain.types import Evidence

NEUTRAL = "neutral"
MIN_EMOTION_SCORE = 0.3  # below this everything reads as neutral
PROTOTYPE_MIN_COS = 0.5  # prototypes only count for a close match ...
PROTOTYPE_MIN_MARGIN = 0.05  # ... that is clearly closer to one emotion than the next
# How negative each label is, for trajectory (satisfied counts as relief).
VALENCE = {
    "neutral": 0.0,
    "satisfied": -0.6,
    "confused": 0.4,
    "anxious": 0.7,
    "frustrated": 0.8,
    "angry": 1.0,
    "sad": 0.7,
}

# Prototype sentences carry feeling, not topic: topical words ("app", "card") would make any
# message about the app look like the prototype that mentions it. The neutral set is topical on
# purpose, to absorb that similarity.
PROTOTYPES: dict[str, list[str]] = {
    "neutral": [
        "what is my balance",
        "how do I order a new card",
        "I want to update my address",
        "can you tell me the exchange rate",
        "when does the branch open",
        "how do I use the app",
        "I need some information about my account",
        "can you help me with a payment",
        "I logged out and back in",
        "please send me a statement",
    ],
    "satisfied": [
        "thank you so much, that's perfect",
        "great, that really helped",
        "brilliant, all sorted now",
        "I'm really happy with that, much appreciated",
    ],
    "confused": [
        "I don't understand what this means",
        "this makes no sense to me",
        "I'm confused, which one is it?",
        "wait, what? I thought it was different",
    ],
    "anxious": [
        "I'm really worried and scared",
        "please hurry, this is urgent",
        "I'm panicking, what do I do?",
        "I'm so stressed, what if it's all gone",
    ],
    "frustrated": [
        "this is so frustrating, nothing ever works",
        "I'm fed up with waiting",
        "why is this so difficult, ugh",
        "third time asking and still no answer",
    ],
    "angry": [
        "this is absolutely unacceptable, I'm furious",
        "you people are useless",
        "worst service ever, disgraceful",
        "I'm going to report you, this is outrageous",
    ],
    "sad": [
        "I'm so upset and heartbroken",
        "I feel hopeless and alone",
        "my husband passed away last week",
        "I lost my job and I can't cope",
    ],
}


@dataclass(slots=True)
class EmotionReading:
    emotion: str = NEUTRAL
    intensity: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    arousal: float = 0.0  # surface cues (caps, "!!!", emoji …) that raise intensity
    evidence: list[Evidence] = field(default_factory=list)


def _noisy_or(values: Sequence[float]) -> float:
    out = 1.0
    for v in values:
        out *= 1.0 - max(0.0, min(1.0, v))
    return 1.0 - out


@lru_cache(maxsize=1)
def _compiled() -> dict[str, list[tuple[str, re.Pattern[str], float]]]:
    """Compile once, lazily (import stays cheap)."""
    table: dict[str, list[tuple[str, re.Pattern[str], float]]] = {"en": [], "zh": [], "emoji": []}
    for group in (lex.EN, lex.GENERAL_EN):
        for emotion, entries in group.items():
            for pattern, w in entries:
                table["en"].append((emotion, re.compile(rf"(?<![a-z'])(?:{pattern})(?![a-z])"), w))
    for group in (lex.ZH, lex.GENERAL_ZH):
        for emotion, entries in group.items():
            for pattern, w in entries:
                table["zh"].append((emotion, re.compile(pattern), w))
    for emotion, entries in lex.EMOJI.items():
        for pattern, w in entries:
            table["emoji"].append((emotion, re.compile(pattern), w))
    return table


_NEG_EN = re.compile(rf"(?:\b(?:{lex.NEGATORS_EN})\b|n't)(?:\s+\w+){{0,2}}\s*$")
_INT_EN = re.compile(rf"\b(?:{lex.INTENSIFIERS_EN})\b(?:\s+\w+)?\s*$")
_NEG_ZH = re.compile(rf"(?:{lex.NEGATORS_ZH})[^，。！？,.!?]{{0,1}}$")
_INT_ZH = re.compile(rf"(?:{lex.INTENSIFIERS_ZH})$")
_SARC_EN = [re.compile(p) for p in lex.SARCASM_EN]
_SARC_ZH = [re.compile(p) for p in lex.SARCASM_ZH]
_SARC_BLOCK = re.compile(lex.SARCASM_BLOCKERS_EN)
_STRETCH = re.compile(r"([a-z])\1{2,}")
_ACRONYMS = frozenset({"IBAN", "BACS", "CHAPS", "SWIFT", "HSBC", "ISAS", "FAQS"})


def _lexicon_scores(text: str, lang: str) -> tuple[dict[str, list[float]], list[Evidence]]:
    hits: dict[str, list[float]] = {e: [] for e in lex.EMOTIONS}
    evidence: list[Evidence] = []
    norm = normalize(text)
    tables = [("en", _NEG_EN, _INT_EN), ("zh", _NEG_ZH, _INT_ZH)]
    # A word that two tables both list ("furious" is in the banking table and the general
    # vocabulary) is one piece of evidence, not two: the first table to match a span for an
    # emotion (the banking-specific one, compiled first) decides its weight.
    counted: set[tuple[str, int, int, int]] = set()
    for n, clause in enumerate(clauses(norm)):
        for table_lang, neg_re, int_re in tables:
            for emotion, pattern, w in _compiled()[table_lang]:
                for m in pattern.finditer(clause):
                    span = (emotion, n, m.start(), m.end())
                    if span in counted:
                        continue
                    counted.add(span)
                    before = clause[: m.start()]
                    weight = w * (1.3 if int_re.search(before) else 1.0)
                    if neg_re.search(before):
                        if emotion == "satisfied":  # "not happy", "不满意": dissatisfaction
                            emotion, weight = "frustrated", weight * 0.8
                        else:  # "not worried", "不担心": the feeling is denied
                            continue
                    hits[emotion].append(min(weight, 1.0))
                    evidence.append(
                        Evidence("words", f"'{m.group(0)}' -> {emotion}", round(weight, 2))
                    )
    for emotion, pattern, w in _compiled()["emoji"]:
        for m in pattern.finditer(text):
            hits[emotion].append(w)
            evidence.append(Evidence("words", f"'{m.group(0)}' -> {emotion}", w))
    sarcasm = _SARC_ZH if lang == "zh" else _SARC_EN
    sincere = lang != "zh" and _SARC_BLOCK.search(norm) is not None
    if not sincere and any(p.search(norm) for p in sarcasm):
        praise = _noisy_or(hits["satisfied"])
        hits["satisfied"] = []
        hits["frustrated"].append(max(0.55, praise))
        evidence.append(
            Evidence("words", "sarcasm: praise in a negative frame -> frustrated", 0.55)
        )
    return hits, evidence


def _emphasis_caps(text: str) -> list[str]:
    """Words of four letters or more in capitals inside otherwise lower-case text (not
    acronyms such as IBAN); all-caps text is counted as ALL CAPS instead."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    caps = [w for w in words if w.isupper()]
    if len(caps) >= 0.5 * max(len(words), 1):
        return []
    return [w for w in caps if len(w) >= 4 and w not in _ACRONYMS]


def _arousal(text: str, evidence: list[Evidence]) -> float:
    """Surface cues that raise intensity (and on their own suggest frustration)."""
    boost = 0.0
    words = re.findall(r"[A-Za-z]{2,}", text)
    caps = [w for w in words if w.isupper()]
    if len(caps) >= 2 and len(caps) >= 0.5 * len(words):
        boost += 0.25
        evidence.append(Evidence("words", "ALL CAPS", 0.25))
    bangs = len(re.findall(r"[!！]", text))
    if bangs:
        b = min(0.3, 0.08 * bangs)
        boost += b
        evidence.append(Evidence("words", f"{bangs} exclamation mark(s)", round(b, 2)))
    if re.search(r"[?？]{2,}|[!！][?？]|[?？][!！]", text):
        boost += 0.1
        evidence.append(Evidence("words", "repeated ?/! punctuation", 0.1))
    emphasis = _emphasis_caps(text)
    if emphasis:  # "charged me TWICE ... the THIRD time": shouting one word at a time
        b = min(0.2, 0.1 * len(emphasis))
        boost += b
        evidence.append(Evidence("words", "emphasis caps: " + ", ".join(emphasis[:3]), b))
    if _STRETCH.search(text.lower()):
        boost += 0.1
        evidence.append(Evidence("words", "stretched letters", 0.1))
    norm = normalize(text)
    if re.search(rf"\b(?:{lex.INTENSIFIERS_EN})\b", norm) or re.search(lex.INTENSIFIERS_ZH, text):
        boost += 0.1
    return boost


# Feature order of :func:`lexicon_features` (the learned head reads them; emotion_model.py).
LEXICON_FEATURES = (
    *(f"lexicon {e}" for e in lex.EMOTIONS if e != NEUTRAL),
    "sarcasm",
    "negators",
    "intensifier",
    "caps share",
    "emphasis caps",
    "exclamations",
    "?!",
    "stretched letters",
    "emoji",
)
_INTENSIFIER_ANY = re.compile(rf"\b(?:{lex.INTENSIFIERS_EN})\b")
_NEGATOR_ANY = re.compile(rf"\b(?:{lex.NEGATORS_EN})\b|n't|{lex.NEGATORS_ZH}")
_EMOJI_ANY = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]|\[[\u4e00-\u9fff]{1,3}\]")


def lexicon_features(text: str, lang: str) -> list[float]:
    """The lexicon's reading as numbers, not a verdict: per-label scores, sarcasm, negation,
    intensifiers and surface arousal (caps, "!!!", "?!", stretching, emoji), in
    ``LEXICON_FEATURES`` order."""
    hits, evidence = _lexicon_scores(text, lang)
    scores = [_noisy_or(hits[e]) for e in lex.EMOTIONS if e != NEUTRAL]
    norm = normalize(text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    caps = [w for w in words if w.isupper()]
    emphasis = _emphasis_caps(text)
    return [
        *scores,
        float(any(e.detail.startswith("sarcasm") for e in evidence)),
        min(len(_NEGATOR_ANY.findall(norm)), 3) / 3,
        float(bool(_INTENSIFIER_ANY.search(norm) or re.search(lex.INTENSIFIERS_ZH, text))),
        len(caps) / len(words) if len(words) >= 2 else 0.0,
        min(len(emphasis), 3) / 3,
        min(len(re.findall(r"[!！]", text)), 4) / 4,
        float(bool(re.search(r"[?？]{2,}|[!！][?？]|[?？][!！]", text))),
        float(bool(_STRETCH.search(text.lower()))),
        min(len(_EMOJI_ANY.findall(text)), 2) / 2,
    ]


class EmotionReader:
    """Holds the prototype centroids (embedded once at load, then cached with the model)."""

    def __init__(self, centroids: np.ndarray | None = None) -> None:
        self.labels = list(PROTOTYPES)
        self.centroids = centroids  # (n_labels, dim), rows L2-normalised

    @staticmethod
    def prototype_texts() -> tuple[list[str], list[str]]:
        labels, texts = [], []
        for label, examples in PROTOTYPES.items():
            for t in examples:
                labels.append(label)
                texts.append(t)
        return labels, texts

    @classmethod
    def from_prototype_vectors(cls, labels: list[str], vectors: np.ndarray) -> EmotionReader:
        rows = []
        for label in PROTOTYPES:
            v = vectors[[i for i, lab in enumerate(labels) if lab == label]].mean(axis=0)
            rows.append(v / (np.linalg.norm(v) + 1e-9))
        return cls(np.stack(rows).astype(np.float32))

    def read(self, text: str, lang: str, emb: np.ndarray | None = None) -> EmotionReading:
        hits, evidence = _lexicon_scores(text, lang)
        arousal = _arousal(text, evidence)
        scores = {e: _noisy_or(v) for e, v in hits.items() if e != NEUTRAL}
        if emb is not None and self.centroids is not None and lang == "en":
            self._add_prototype(scores, emb, evidence)
        # Ties go to the stronger feeling ("sick of being lied to": frustrated = angry -> angry).
        best = max(scores, key=lambda e: (round(scores[e], 6), VALENCE.get(e, 0.0)))
        if scores[best] < MIN_EMOTION_SCORE and arousal >= 0.35:
            # Shouting with no emotion word reads as frustration, or anger when it also
            # exclaims ("WHO AUTHORISED THIS PAYMENT?!").
            shouted = any(e.detail == "ALL CAPS" for e in evidence)
            best = "angry" if shouted and re.search(r"[!！]", text) else "frustrated"
            scores[best] = max(scores[best], 0.4)
        if scores[best] < MIN_EMOTION_SCORE:
            return EmotionReading(NEUTRAL, 0.0, scores, evidence=evidence, arousal=arousal)
        intensity = min(
            1.0, 0.15 + 0.7 * scores[best] + (arousal if best != "satisfied" else 0.3 * arousal)
        )
        return EmotionReading(best, round(intensity, 3), scores, evidence=evidence, arousal=arousal)

    def _add_prototype(self, scores: dict[str, float], emb: np.ndarray, ev: list[Evidence]) -> None:
        assert self.centroids is not None
        sims = self.centroids @ emb.reshape(-1)
        order = np.argsort(-sims)
        top, second = int(order[0]), int(order[1])
        label = self.labels[top]
        margin = float(sims[top] - sims[second])
        # Only a clear, close match counts: prototypes are a backup for unseen phrasing.
        if label != NEUTRAL and sims[top] >= PROTOTYPE_MIN_COS and margin >= PROTOTYPE_MIN_MARGIN:
            w = min(0.6, 0.35 + 3.0 * margin)
            scores[label] = _noisy_or([scores[label], w])
            ev.append(
                Evidence(
                    "model", f"close to '{label}' prototypes (cos {sims[top]:.2f})", round(w, 2)
                )
            )


def emotion_negativity(emotion: str | None, intensity: float | None) -> float:
    if not emotion:
        return 0.0
    return VALENCE.get(emotion, 0.0) * (intensity if intensity is not None else 0.5)


def trajectory(previous: Sequence[float], current: float, threshold: float = 0.15) -> str:
    """rising / falling / steady: current negativity against the last two customer turns."""
    if not previous:
        return "steady"
    recent = list(previous)[-2:]
    baseline = float(np.mean(recent))
    if current - baseline > threshold or (
        len(previous) >= 2 and _monotone(list(previous)[-2:] + [current], 1)
    ):
        return "rising"
    if baseline - current > threshold or (
        len(previous) >= 2 and _monotone(list(previous)[-2:] + [current], -1)
    ):
        return "falling"
    return "steady"


def _monotone(values: list[float], sign: int, step: float = 0.05) -> bool:
    return all(sign * (b - a) >= step for a, b in zip(values, values[1:], strict=False))
