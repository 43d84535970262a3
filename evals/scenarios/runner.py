"""Drive scripted conversations through the real agent, in-process, on a throwaway data folder.

The services come from ``api.wiring.build_services`` (the server's composition root) and each
message goes through the Switchboard exactly as the customer socket sends it
(``accept_customer_message`` then ``respond``); what the agent read and decided is read back
from the stored turns, so the eval sees what the VOC store and the console see.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from domain.types import Role, TurnRecord
from evals.scenarios.checks import ArticleTexts, check_case
from evals.scenarios.results import CaseResult, CitedArticle, HitTrace, TriggerTrace, TurnResult
from evals.scenarios.sandbox import eval_services
from evals.scenarios.schema import Conversation, PastConversation, Suite

if TYPE_CHECKING:
    from api.settings import Settings
    from api.wiring import Services
    from knowledge.embedder import Embedder
    from voc.store import VocStore


@dataclass(slots=True)
class RunResult:
    suites: list[Suite]
    cases: list[CaseResult]
    started_at: str
    duration_s: float
    setup_s: float
    agent: dict[str, str] = field(default_factory=dict)  # policy and responder, for the record


def select(suites: list[Suite], limit: int | None) -> list[tuple[Suite, Conversation]]:
    """Every conversation, or at most ``limit`` from each suite spread evenly over its order
    (so a CI-sized subset still covers each kind of case and both languages)."""
    chosen: list[tuple[Suite, Conversation]] = []
    for suite in suites:
        convs = suite.conversations
        if limit is not None and limit < len(convs):
            step = len(convs) / limit
            convs = [convs[int(i * step)] for i in range(limit)]
        chosen += [(suite, c) for c in convs]
    return chosen


async def seed_history(store: VocStore, customer_id: str, past: list[PastConversation]) -> None:
    """Earlier conversations of this customer, as the store would hold them."""
    for conv in past:
        rec = await store.create_conversation(customer_id=customer_id, profile={})
        for intent in conv.intents:
            await store.append_turn(
                TurnRecord(rec.id, 0, Role.CUSTOMER, f"({intent})", signals={"intent": intent}),
                customer_id=customer_id,
            )
        if conv.unresolved_handoff:
            await store.create_handoff(rec.id, reason="earlier", priority=50, packet={})


def _turn_result(n: int, text: str, conv: Conversation, stored: TurnRecord) -> TurnResult:
    t = TurnResult(n=n, text=text, expect=conv.turns[n - 1].expect)
    d, s = stored.decision or {}, stored.signals or {}
    if not d or d.get("action") == "failed":
        t.action = d.get("action")
        return t
    t.reached = True
    t.action, t.reason = d.get("action"), d.get("reason")
    t.intent, t.intent_confidence = s.get("intent"), float(s.get("intent_confidence") or 0)
    t.emotion, t.emotion_intensity = s.get("emotion"), float(s.get("emotion_intensity") or 0)
    t.language, t.churn_risk = s.get("language"), float(s.get("churn_risk") or 0)
    t.wants_human = bool(s.get("wants_human"))
    t.wants_human_score = float(s.get("wants_human_score") or 0)
    t.churn_evidence = [
        f"{e.get('source')}: {e.get('detail')}" for e in s.get("churn_evidence", [])
    ]
    t.triggers = [
        TriggerTrace(
            str(tr.get("name")),
            str(tr.get("detail", "")),
            [
                f"{e.get('source', '')}: {e.get('detail', '')}" if isinstance(e, dict) else str(e)
                for e in tr.get("evidence", [])
            ],
        )
        for tr in d.get("triggers", [])
    ]
    t.hits = [
        HitTrace(str(h.get("article_id")), str(h.get("section", "")), float(h.get("score", 0)))
        for h in stored.hits or []
    ]
    t.latency_ms = stored.latency_ms
    return t


def read_back(conv: Conversation, stored: list[TurnRecord]) -> list[TurnResult]:
    """Pair each customer turn with the bot reply that follows it (before the next one)."""
    out: list[TurnResult] = []
    for turn in stored:
        if turn.role == Role.CUSTOMER and len(out) < len(conv.turns):
            out.append(_turn_result(len(out) + 1, conv.turns[len(out)].say, conv, turn))
        elif turn.role == Role.BOT and out and out[-1].reached and out[-1].reply is None:
            out[-1].reply = turn.text
            out[-1].citations = [
                CitedArticle(
                    str(c.get("article_id")), str(c.get("title", "")), str(c.get("section", ""))
                )
                for c in turn.citations
            ]
    return out


async def run_conversation(services: Services, suite: Suite, conv: Conversation) -> CaseResult:
    sb, store = services.switchboard, services.store
    customer = f"{conv.id}/{conv.customer_id}" if conv.customer_id else None  # own world
    if customer:
        await seed_history(store, customer, conv.history)
    rec = await sb.open(
        conversation_id=None,
        customer_id=customer,
        profile=conv.profile.as_dict(date.today()),
        language=conv.language,
    )
    error = None
    for i, turn in enumerate(conv.turns, 1):
        await sb.accept_customer_message(rec.id, turn.say, f"eval-{i}")
        try:
            await sb.respond(rec.id)
        except Exception as exc:  # one broken conversation is a finding, not the end of the run
            error = exc.__class__.__name__
            break
    stored = await store.turns(rec.id)
    return CaseResult(suite.name, conv, read_back(conv, stored), error=error)


async def run_suites(
    suites: list[Suite],
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    understander: Any = None,
    limit: int | None = None,
    progress: bool = True,
    kb_cache: Path | None = None,
) -> RunResult:
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    chosen = select(suites, limit)
    kb = await asyncio.to_thread(ArticleTexts.load, settings.knowledge.kb_path)
    cases: list[CaseResult] = []
    async with eval_services(
        settings,
        embedder=embedder,
        understander=understander,
        kb_cache=kb_cache,
        progress=progress,
    ) as services:
        setup_s = time.perf_counter() - t0
        bar = tqdm(
            total=sum(len(c.turns) for _, c in chosen),
            unit="turn",
            desc="scenarios",
            file=sys.stderr,
            disable=not progress,
        )
        with bar:
            for suite, conv in chosen:
                case = await run_conversation(services, suite, conv)
                check_case(case, kb)
                cases.append(case)
                bar.update(len(conv.turns))
                bar.set_postfix(failed=sum(not c.passed for c in cases))
    p = settings.policy
    agent = {
        "responder": "llm" if settings.llm.base_url else "offline",
        "churn_escalate": str(p.churn_escalate),
        "churn_probe": str(p.churn_probe),
        "anger_escalate": str(p.anger_escalate),
        "distress_escalate": str(p.distress_escalate),
        "unanswered_limit": str(p.unanswered_limit),
    }
    return RunResult(suites, cases, started, time.perf_counter() - t0, setup_s, agent)
