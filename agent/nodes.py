"""The nodes of one customer turn: understand → retrieve → decide → answer | escalate.

Each node is a small async function over :class:`AgentState`; services arrive through
:class:`AgentDeps`. CPU-heavy understanding runs in a worker thread.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from agent.answerability import AnswerabilityJudge
from agent.empathy import Tone, choose_tone, frustrated_streak, offer_person
from agent.offline import OfflineResponder
from agent.phrases import phrase
from agent.policy import TurnFacts, decide
from agent.ports import Responder, Searcher, Understander
from agent.settings import PolicySettings
from agent.state import AgentState
from domain.chinese import to_simplified
from domain.query import normalize_query
from domain.types import CustomerHistory, Hit, PriorTurn, Role, UnderstandingContext
from voc.privacy import secrets_in, without_placeholders

# Canned text (greetings, clarifying questions, the handover notice): no model was asked. Set
# explicitly because the graph's state is checkpointed and would keep an earlier turn's model.
CANNED: dict[str, Any] = {"answer_source": "canned", "answer_model": None, "prompt_version": None}
# Extra candidates fetched for re-ranking by intent agreement (then cut to ``retrieval_limit``).
RERANK_EXTRA = 4


@dataclass(slots=True)
class AgentDeps:
    understander: Understander
    searcher: Searcher
    responder: Responder
    policy: PolicySettings
    retrieval_limit: int = 4
    # Used instead of ``responder`` when the policy asks for the extractive path (a message
    # flagged as an injection attempt): quoting the help centre cannot be steered.
    extractive: Responder = field(default_factory=OfflineResponder)
    # Decides "nothing found" from more than relevance (intent agreement, out of scope, another
    # provider's name) and re-ranks by intent agreement; None: the retriever's floor alone.
    answerability: AnswerabilityJudge | None = None


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    d = asdict(hit)
    d["tags"] = list(hit.tags)
    return d


def hit_from_dict(d: dict[str, Any]) -> Hit:
    return Hit(**{**d, "tags": tuple(d.get("tags", ()))})


def prior_turns(state: AgentState) -> list[PriorTurn]:
    return [
        PriorTurn(
            role=Role(t["role"]),
            text=t["text"],
            emotion=t.get("emotion"),
            emotion_intensity=t.get("emotion_intensity"),
            intent=t.get("intent"),
        )
        for t in state.get("prior_turns", [])
    ]


def customer_query(state: AgentState) -> str:
    """What understanding and retrieval both read of this turn's message: placeholders out,
    then :func:`normalize_query`. One string, so a shared caching embedder embeds it once."""
    return normalize_query(without_placeholders(state["text"]))


class Nodes:
    def __init__(self, deps: AgentDeps) -> None:
        self.d = deps

    async def understand(self, state: AgentState) -> dict[str, Any]:
        ctx = UnderstandingContext(
            # Earlier turns are read by the lexicons: simplified, like the message itself.
            prior_turns=[replace(t, text=to_simplified(t.text)) for t in prior_turns(state)],
            history=CustomerHistory(**state.get("history", {})),
            profile=dict(state.get("profile", {})),
        )
        signals = await asyncio.to_thread(self.d.understander.analyze, customer_query(state), ctx)
        return {"signals": signals.as_dict()}

    async def retrieve(self, state: AgentState) -> dict[str, Any]:
        language = state["signals"].get("language")
        query = customer_query(state)
        judge, limit = self.d.answerability, self.d.retrieval_limit
        result = await self.d.searcher.search(
            query, language=language, limit=limit + RERANK_EXTRA if judge else limit
        )
        hits, nothing_found, verdict = list(result.hits), bool(result.nothing_found), None
        if judge is not None:
            assessed = judge.assess(query, state["signals"], result)
            hits, verdict = assessed.hits[:limit], assessed.verdict
            nothing_found = nothing_found or not verdict.answerable
        return {
            "hits": [hit_to_dict(h) for h in hits],
            "nothing_found": nothing_found,
            "best_score": float(result.best_score),
            "answerability": verdict.as_dict() if verdict else None,
        }

    async def decide(self, state: AgentState) -> dict[str, Any]:
        signals = state["signals"]
        decision = decide(
            TurnFacts(
                signals=signals,
                nothing_found=state.get("nothing_found", True),
                unanswered_streak=state.get("unanswered_streak", 0),
                intent_flags=self.d.understander.intent_flags(signals.get("intent", "")),
                handed_back=state.get("handed_back", False),
                shared_secrets=tuple(k.value for k in secrets_in(state["text"])),
                frustrated_turns=frustrated_streak(
                    prior_turns(state), min_level=self.d.policy.frustration_level
                ),
            ),
            self.d.policy,
        )
        tried = list(state.get("articles_tried", []))
        if not state.get("nothing_found", True):
            for h in state.get("hits", [])[:2]:
                entry = {
                    "article_id": h["article_id"],
                    "title": h["title"],
                    "section": h["section"],
                }
                if entry not in tried:
                    tried.append(entry)
        log_entry = {
            "intent": signals.get("intent"),
            "emotion": signals.get("emotion"),
            "emotion_intensity": signals.get("emotion_intensity"),
            "churn_risk": signals.get("churn_risk"),
            "injection_flag": signals.get("injection_flag", False),
        }
        return {
            "decision": decision.as_dict(),
            "articles_tried": tried[-10:],
            "signal_log": [*state.get("signal_log", []), log_entry][-20:],
        }

    @staticmethod
    def _warned(state: AgentState, reply: dict[str, Any]) -> dict[str, Any]:
        """Put the never-share-your-secrets warning first when the customer typed one."""
        triggers = state["decision"].get("triggers", [])
        if any(t.get("name") == "shared_secret" for t in triggers):
            warning = phrase(state["signals"].get("language", "en"), "secret_warning")
            reply = {**reply, "reply": f"{warning}\n\n{reply['reply']}"}
        return reply

    @staticmethod
    def route(state: AgentState) -> str:
        return "escalate" if state["decision"]["action"] == "escalate" else "answer"

    async def answer(self, state: AgentState) -> dict[str, Any]:
        return self._warned(state, await self._answer(state))

    @staticmethod
    def _seed(state: AgentState) -> str:
        """Names this turn of this conversation: the same on a replay, new on the next turn."""
        turns = len(state.get("prior_turns", []))
        return f"{state.get('conversation_id', '')}/{state.get('turn_seq', 0)}/{turns}"

    def _tone(self, state: AgentState) -> Tone | None:
        return choose_tone(
            state["signals"],
            language=state["signals"].get("language", "en"),
            seed=self._seed(state),
            previous_key=state.get("last_ack"),
            min_level=self.d.policy.acknowledge_level,
        )

    async def _answer(self, state: AgentState) -> dict[str, Any]:
        action = state["decision"]["action"]
        lang = state["signals"].get("language", "en")
        names = {"bank": self.d.policy.bank_name, "assistant": self.d.policy.assistant_name}
        streak = state.get("unanswered_streak", 0)
        if action == "smalltalk":
            key = "greeting" if state["signals"].get("intent") == "greeting" else "thanks"
            reply = phrase(lang, key, **names)
            return {"reply": reply, "citations": [], "last_ack": None, **CANNED}
        tone = self._tone(state)
        opening = (tone.opening + ("" if lang == "zh" else " ")) if tone else ""
        last_ack = tone.key if tone else None
        if action == "clarify":  # the clarifying question already says how to reach a person
            return {
                "reply": opening + phrase(lang, "clarify"),
                "citations": [],
                "unanswered_streak": streak + 1,
                "last_ack": last_ack,
                **CANNED,
            }
        hits = [hit_from_dict(h) for h in state.get("hits", [])]
        extractive = state["decision"].get("answer_path") == "extractive"
        responder = self.d.extractive if extractive else self.d.responder
        answer = await responder.answer(
            state["text"], hits, language=lang, transcript=prior_turns(state), tone=tone
        )
        text = answer.text or opening + phrase(lang, "clarify")
        probed = state.get("probed", False)
        if answer.text and self._fired(state, "frustration_repeated"):
            # Still upset after an answer: a person is what to offer now, not a retention probe.
            text = f"{text}\n\n{offer_person(lang, self._seed(state))}"
        elif action == "answer_and_probe" and not probed:
            # Ask once per conversation: a question on every answer would nag.
            text = f"{text}\n\n{phrase(lang, 'probe')}"
            probed = True
        out: dict[str, Any] = {
            "reply": text,
            "probed": probed,
            "citations": [c.as_dict() for c in answer.citations],
            "unanswered_streak": 0,
            "last_ack": last_ack,
            "answer_source": (
                f"{answer.source}:injection_suspected" if extractive else answer.source
            ),
            "answer_model": answer.model,
            "prompt_version": answer.prompt_version,
        }
        if answer.guard is not None:  # the output guard replaced the model's reply
            out["decision"] = {**state["decision"], "output_guard": answer.guard.as_dict()}
        return out

    @staticmethod
    def _fired(state: AgentState, name: str) -> bool:
        return any(t.get("name") == name for t in state["decision"].get("triggers", []))

    async def escalate(self, state: AgentState) -> dict[str, Any]:
        lang = state["signals"].get("language", "en")
        reason = state["decision"].get("reason") or "customer_asked"
        text = phrase(lang, f"escalate.{reason}") + phrase(lang, "escalate.tail")
        return self._warned(
            state,
            # A person takes over: after a hand-back the bot's next acknowledgement starts afresh.
            {"reply": text, "citations": [], "unanswered_streak": 0, "last_ack": None, **CANNED},
        )
