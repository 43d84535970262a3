"""Training and caching of everything the engine precomputes from a taxonomy.

The cache key is the taxonomy's content hash + the embedding model's identity + the intent
model config + ARTIFACT_VERSION (bump it when training code changes meaningfully), so a stale
model is never loaded. Files are pickles written atomically; a cache we cannot read is
retrained, never fatal.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from agent.nlu import churn_corpus, emotion_corpus, human_corpus
from agent.nlu.churn import ChurnCueMatcher
from agent.nlu.churn_model import ChurnHead, ChurnHeadConfig, cue_features, posterior_mass
from agent.nlu.emotion import LEXICON_FEATURES, EmotionReader, lexicon_features
from agent.nlu.emotion_model import EmotionHead, EmotionHeadConfig
from agent.nlu.human import detect_wants_human, read_rules
from agent.nlu.human_model import HumanHead, HumanHeadConfig, person_mass
from agent.nlu.injection import InjectionConfig, InjectionModel
from agent.nlu.injection_corpus import training_set as injection_training_set
from agent.nlu.intent import IntentModel, IntentModelConfig, with_label_names
from agent.nlu.text import detect_language
from knowledge.embedder import DEFAULT_LANGUAGES, embedder_languages

if TYPE_CHECKING:
    from agent.nlu.taxonomy import Taxonomy
    from knowledge.embedder import Embedder

ARTIFACT_VERSION = "7"
log = logging.getLogger(__name__)


@dataclass(slots=True)
class Bundle:
    intent_model: IntentModel
    emotion_centroids: np.ndarray
    churn_priors: dict[str, float]  # share of an intent's examples that carry churn words
    human_priors: dict[str, float]  # share of an intent's examples that ask for a person
    injection_model: InjectionModel
    churn_head: ChurnHead | None = None  # learned, calibrated P(leaving) for one message
    exit_intents: frozenset[str] = frozenset()  # taxonomy flag exit: true
    latent_intents: frozenset[str] = frozenset()  # latent: churn, not an exit
    human_head: HumanHead | None = None  # learned, calibrated P(asks for a person)
    person_intents: frozenset[str] = frozenset()  # intents whose examples ask for a person
    emotion_head: EmotionHead | None = None  # learned, calibrated P(negative emotion) + kind


def embedder_identity(embedder: Embedder) -> str:
    path = getattr(embedder, "model_path", None)
    name = Path(path).name if path else type(embedder).__name__
    langs = embedder_languages(embedder)  # the heads weight Chinese by it (head_features.py)
    suffix = "" if langs == DEFAULT_LANGUAGES else ":" + ",".join(sorted(langs))
    return f"{name}:{embedder.dimension}{suffix}"


def injection_digest() -> str:
    """The injection head's inputs: its generated training set, patterns and config."""
    from agent.nlu import injection_patterns

    texts, labels = injection_training_set()
    parts = [*texts, repr(labels), repr(injection_patterns.EN + injection_patterns.ZH)]
    parts.append(repr(InjectionConfig()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cache_key(taxonomy: Taxonomy, embedder: Embedder, config: IntentModelConfig | None) -> str:
    parts = [
        ARTIFACT_VERSION,
        taxonomy.digest,
        embedder_identity(embedder),
        repr(config or IntentModelConfig()),
        churn_corpus.digest(),  # the churn head's generated training set
        repr(ChurnHeadConfig()),
        human_corpus.digest(),  # the wants-a-person head's generated training set
        repr(HumanHeadConfig()),
        injection_digest(),
        emotion_corpus.digest(),  # the emotion head's generated training set
        repr(EmotionHeadConfig()),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def cache_file(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / f"nlu-{key}.pkl"


def load_cached(cache_dir: Path, key: str) -> Bundle | None:
    path = cache_file(cache_dir, key)
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            bundle = pickle.load(fh)  # our own file, written by save_cached below
    except Exception as exc:  # a corrupt or incompatible cache is rebuilt, not fatal
        log.warning("ignoring unreadable NLU cache %s: %s", path, exc)
        return None
    return bundle if isinstance(bundle, Bundle) else None


def save_cached(cache_dir: Path, key: str, bundle: Bundle) -> Path:
    path = cache_file(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as fh:
        pickle.dump(bundle, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)  # atomic: a concurrent reader sees the old file or the new one
    return path


def train_bundle(
    taxonomy: Taxonomy, embedder: Embedder, config: IntentModelConfig | None = None
) -> Bundle:
    texts, labels = with_label_names(*taxonomy.training_pairs())
    proto_labels, proto_texts = EmotionReader.prototype_texts()
    churn = churn_corpus.generate_grouped()
    churn_texts, churn_labels = churn.texts, churn.labels
    inj_texts, inj_labels = injection_training_set()
    human_texts, human_labels = human_corpus.generate()
    emo_texts, emo_kinds = emotion_corpus.generate()
    # The emotion head gives Chinese text no embedding weight: only its English texts are encoded.
    skip_zh = EmotionHeadConfig().zh_embedding_weight == 0.0
    emo_en = [i for i, t in enumerate(emo_texts) if not (skip_zh and detect_language(t) == "zh")]
    # one batch for everything
    vectors = embedder.encode(
        texts + proto_texts + inj_texts + churn_texts + human_texts + [emo_texts[i] for i in emo_en]
    )
    n, m = len(texts), len(texts) + len(proto_texts)
    k, c = m + len(inj_texts), m + len(inj_texts) + len(churn_texts)
    h = c + len(human_texts)
    emb, proto_emb, inj_emb, churn_emb = vectors[:n], vectors[n:m], vectors[m:k], vectors[k:c]
    human_emb = vectors[c:h]
    emo_emb = np.zeros((len(emo_texts), vectors.shape[1]), dtype=np.float32)
    emo_emb[emo_en] = vectors[h:]
    # An embedder that covers Chinese (e5) gives Chinese messages the embedding's full weight
    # (the intent, injection, churn and wants-a-person heads; the emotion head keeps its own zh
    # weight, 0).
    langs = embedder_languages(embedder)
    config = replace(config or IntentModelConfig(), embedding_languages=langs)
    model = IntentModel(config).fit(texts, labels, emb)
    # The taxonomy's examples are what ordinary customers say: negatives for the injection head.
    injection = InjectionModel(InjectionConfig(embedding_languages=langs)).fit(
        inj_texts + texts, inj_labels + [0] * len(texts), np.vstack([inj_emb, emb])
    )
    reader = EmotionReader.from_prototype_vectors(proto_labels, proto_emb)
    assert reader.centroids is not None
    matcher = ChurnCueMatcher(taxonomy.competitors)
    churn_priors: dict[str, float] = {}
    human_priors: dict[str, float] = {}
    for name, spec in taxonomy.intents.items():
        examples = spec.all_examples()
        churn_priors[name] = float(
            np.mean(
                [max((w for _, w, _ in matcher.match(t)), default=0.0) >= 0.5 for t in examples]
            )
        )
        human_priors[name] = float(np.mean([detect_wants_human(t)[0] >= 0.7 for t in examples]))
    exits = frozenset(n for n, spec in taxonomy.intents.items() if spec.flags.get("exit"))
    latent = (
        frozenset(n for n, spec in taxonomy.intents.items() if spec.flags.get("latent") == "churn")
        - exits
    )
    head = train_churn_head(
        model,
        matcher,
        exits,
        latent,
        (texts, labels, emb),
        (churn_texts, churn_labels, churn_emb),
        churn.groups,
        ChurnHeadConfig(embedding_languages=langs),
    )
    persons = frozenset(name for name, share in human_priors.items() if share >= 0.5)
    human = train_human_head(
        model, persons, (texts, labels, emb), (human_texts, human_labels, human_emb)
    )
    calm = {n for n, spec in taxonomy.intents.items() if not spec.flags.get("sensitive")}
    emotion = train_emotion_head((texts, labels, emb), (emo_texts, emo_kinds, emo_emb), calm)
    return Bundle(
        model, reader.centroids, churn_priors, human_priors, injection, head, exits, latent,
        human, persons, emotion,
    )  # fmt: skip


def train_emotion_head(
    examples: tuple[list[str], list[str], np.ndarray],
    corpus: tuple[list[str], list[str], np.ndarray],
    calm_intents: set[str],
) -> EmotionHead:
    """The generated corpus plus the taxonomy's examples of non-sensitive intents as calm
    (neutral) messages; an example the lexicon reads as clearly upset is left out rather than
    labelled either way."""
    texts, kinds = list(corpus[0]), list(corpus[1])
    rows = [corpus[2]]
    lexicon = [lexicon_features(t, detect_language(t)) for t in texts]
    upset = [LEXICON_FEATURES.index(f"lexicon {e}") for e in emotion_corpus.NEGATIVE_KINDS]
    keep = []
    for i, (text, intent) in enumerate(zip(examples[0], examples[1], strict=True)):
        if intent not in calm_intents:
            continue
        feats = lexicon_features(text, detect_language(text))
        if max(feats[j] for j in upset) >= 0.5:
            continue
        keep.append(i)
        texts.append(text)
        kinds.append("neutral")
        lexicon.append(feats)
    rows.append(examples[2][keep])
    negative = [int(k in emotion_corpus.NEGATIVE_KINDS) for k in kinds]
    return EmotionHead().fit(texts, kinds, negative, np.vstack(rows), lexicon)


def train_churn_head(
    model: IntentModel,
    matcher: ChurnCueMatcher,
    exits: frozenset[str],
    latent: frozenset[str],
    examples: tuple[list[str], list[str], np.ndarray],
    corpus: tuple[list[str], list[int], np.ndarray],
    corpus_groups: list[str] | None = None,
    config: ChurnHeadConfig | None = None,
) -> ChurnHead:
    """The generated corpus plus the taxonomy's own examples (exit intents are churn). With
    ``corpus_groups`` the calibration holds out whole templates (and whole intents)."""
    texts = list(corpus[0]) + list(examples[0])
    labels = list(corpus[1]) + [int(name in exits) for name in examples[1]]
    emb = np.vstack([corpus[2], examples[2]])
    probs = model.probabilities(texts, emb)
    masses = [posterior_mass(dict(zip(model.classes, row, strict=True)), exits, latent)
              for row in probs.tolist()]  # fmt: skip
    cues = [cue_features(matcher.match(t), matcher.counter(t)) for t in texts]
    groups = None
    if corpus_groups is not None:
        groups = list(corpus_groups) + [f"intent/{name}" for name in examples[1]]
    return ChurnHead(config).fit(texts, labels, emb, cues, masses, groups)


def human_training_set(
    persons: frozenset[str],
    examples: tuple[list[str], list[str], np.ndarray],
    corpus: tuple[list[str], list[int], np.ndarray],
) -> tuple[list[str], list[int], np.ndarray]:
    """The generated corpus plus the taxonomy's examples: person-request intents are positives;
    another intent's example that the rules read as a request is ambiguous and left out."""
    keep = [i for i, (t, name) in enumerate(zip(examples[0], examples[1], strict=True))
            if name in persons or read_rules(t).score < 0.7]  # fmt: skip
    texts = list(corpus[0]) + [examples[0][i] for i in keep]
    labels = list(corpus[1]) + [int(examples[1][i] in persons) for i in keep]
    return texts, labels, np.vstack([corpus[2], examples[2][keep]])


def train_human_head(
    model: IntentModel,
    persons: frozenset[str],
    examples: tuple[list[str], list[str], np.ndarray],
    corpus: tuple[list[str], list[int], np.ndarray],
    config: HumanHeadConfig | None = None,
) -> HumanHead:
    texts, labels, emb = human_training_set(persons, examples, corpus)
    probs = model.probabilities(texts, emb)
    masses = [person_mass(dict(zip(model.classes, row, strict=True)), persons)
              for row in probs.tolist()]  # fmt: skip
    rules = [read_rules(t).features() for t in texts]
    return HumanHead(config).fit(texts, labels, emb, rules, masses)
