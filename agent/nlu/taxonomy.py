"""The per-deployment intent taxonomy (YAML) and its content hash.

The YAML is the only thing a deployment edits to change what Warmline recognises: intents with a
description, bilingual examples, flags (``sensitive``, ``latent: churn``, ``escalate``) and the
help-centre articles that answer them (``articles:``), plus examples of messages that fit no
intent. The hash of the raw file keys the trained-model cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agent.nlu.churn_cues import DEFAULT_COMPETITORS
from domain.errors import ConfigurationError

OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True, slots=True)
class IntentSpec:
    name: str
    description: str
    flags: dict[str, Any]
    examples: dict[str, tuple[str, ...]]  # language -> examples
    # Help-centre article ids that answer this intent (``articles:``); None when undeclared,
    # () when the help centre has nothing for it (answerability reads both).
    articles: tuple[str, ...] | None = None

    def all_examples(self) -> list[str]:
        return [text for texts in self.examples.values() for text in texts]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: int
    intents: dict[str, IntentSpec]
    out_of_scope_examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    digest: str = ""
    competitors: tuple[str, ...] = DEFAULT_COMPETITORS  # optional top-level ``competitors:``

    def training_pairs(self) -> tuple[list[str], list[str]]:
        """(texts, labels) for the classifier; out-of-scope examples get their own class."""
        texts: list[str] = []
        labels: list[str] = []
        for spec in self.intents.values():
            for text in spec.all_examples():
                texts.append(text)
                labels.append(spec.name)
        for examples in self.out_of_scope_examples.values():
            for text in examples:
                texts.append(text)
                labels.append(OUT_OF_SCOPE)
        return texts, labels

    def flags(self, intent: str) -> dict[str, Any]:
        spec = self.intents.get(intent)
        base: dict[str, Any] = {"latent": None, "sensitive": False, "escalate": False}
        if spec is not None:
            base.update(spec.flags)
        return base


def _examples(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if isinstance(raw, list):  # tolerate a plain list: treat it as English
        raw = {"en": raw}
    if not isinstance(raw, dict):
        raise ConfigurationError(f"taxonomy: examples of {where} must map language -> list")
    out: dict[str, tuple[str, ...]] = {}
    for lang, texts in raw.items():
        if not isinstance(texts, list):
            raise ConfigurationError(f"taxonomy: examples[{lang}] of {where} must be a list")
        out[str(lang)] = tuple(str(t).strip() for t in texts if str(t).strip())
    return out


def _articles(raw: Any, where: str) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise ConfigurationError(f"taxonomy: articles of {where} must be a list of article ids")
    return tuple(str(a).strip() for a in raw if str(a).strip())


def parse_taxonomy(raw_text: str) -> Taxonomy:
    data = yaml.safe_load(raw_text) or {}
    if not isinstance(data, dict) or not isinstance(data.get("intents"), dict):
        raise ConfigurationError("taxonomy: top-level 'intents' mapping is missing")
    intents: dict[str, IntentSpec] = {}
    for name, body in data["intents"].items():
        body = body or {}
        if not isinstance(body, dict):
            raise ConfigurationError(f"taxonomy: intent {name!r} must be a mapping")
        spec = IntentSpec(
            name=str(name),
            description=str(body.get("description", "")),
            flags=dict(body.get("flags") or {}),
            examples=_examples(body.get("examples"), str(name)),
            articles=_articles(body.get("articles"), str(name)),
        )
        if not spec.all_examples():
            raise ConfigurationError(f"taxonomy: intent {name!r} has no examples")
        intents[spec.name] = spec
    if len(intents) < 2:
        raise ConfigurationError("taxonomy: need at least two intents")
    return Taxonomy(
        version=int(data.get("version", 1)),
        intents=intents,
        out_of_scope_examples=_examples(data.get("out_of_scope_examples"), "out_of_scope"),
        digest=hashlib.sha256(raw_text.encode("utf-8")).hexdigest(),
        competitors=DEFAULT_COMPETITORS + tuple(str(c) for c in data.get("competitors") or ()),
    )


def load_taxonomy(path: Path) -> Taxonomy:
    try:
        raw_text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"taxonomy file not readable: {path}") from exc
    return parse_taxonomy(raw_text)


def default_taxonomy_path() -> Path:
    return Path(__file__).parent / "taxonomy" / "demo_bank.yaml"
