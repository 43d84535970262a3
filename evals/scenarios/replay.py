"""``warmline eval replay``: re-run stored conversations through the current agent (optionally
with other policy thresholds) and list where the decision would change.

The stored conversations are only read. Each is replayed on a throwaway store through the
Switchboard, with the customer's history as the real store sees it (counts of balance and
payoff checks, complaints, unresolved handoffs) seeded the same way scenario history is.
Only the turns the bot answered originally are replayed (after a person took over there is no
bot decision to compare with).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from tqdm import tqdm

from agent.settings import PolicySettings
from domain.errors import InvalidInput
from domain.types import ConversationRecord, CustomerHistory, Role, TurnRecord
from evals.scenarios.runner import seed_history
from evals.scenarios.sandbox import eval_services, kb_cache_dir
from evals.scenarios.schema import PastConversation

if TYPE_CHECKING:
    from api.settings import Settings
    from api.wiring import Services
    from knowledge.embedder import Embedder


@dataclass(frozen=True, slots=True)
class TurnChange:
    conversation_id: str
    n: int  # customer turn number
    text: str
    before: str  # "action (reason)"
    after: str


@dataclass(slots=True)
class ReplayResult:
    conversations: int
    turns: int
    changes: list[TurnChange]
    newly_escalated: list[str]  # kept before, would go to a person now
    no_longer_escalated: list[str]
    policy: dict[str, Any]


def parse_policy_sets(base: PolicySettings, pairs: list[str]) -> PolicySettings:
    """``KEY=VALUE`` overrides of the policy thresholds, validated like the environment."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in PolicySettings.model_fields:
            known = ", ".join(PolicySettings.model_fields)
            raise InvalidInput(f"--policy-set {pair!r}: expected KEY=VALUE, KEY one of {known}")
        values[key] = value
    try:
        return PolicySettings.model_validate({**base.model_dump(), **values})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(f"--policy-set {first['loc'][0]}: {first['msg']}") from None


def _label(decision: dict[str, Any]) -> str:
    action = str(decision.get("action", "none"))
    reason = decision.get("reason")
    return f"{action} ({reason})" if reason and action == "escalate" else action


def _history_fixture(h: CustomerHistory) -> list[PastConversation]:
    intents = ["check_balance"] * h.balance_checks_30d + ["payoff_quote"] * h.payoff_checks_30d
    intents += ["complaint"] * h.complaints_30d
    past = [PastConversation(intents=intents)] if intents else []
    past += [PastConversation(unresolved_handoff=True)] * h.unresolved_handoffs
    return past


async def _replay_one(
    services: Services, conv: ConversationRecord, turns: list[TurnRecord], history: CustomerHistory
) -> tuple[list[TurnChange], bool, bool]:
    answered = [t for t in turns if t.role == Role.CUSTOMER and t.decision]
    if not answered:
        return [], False, False
    customer = f"replay/{conv.customer_id}" if conv.customer_id else None
    if customer:
        await seed_history(services.store, customer, _history_fixture(history))
    sb = services.switchboard
    rec = await sb.open(
        conversation_id=None, customer_id=customer, profile=conv.profile, language=conv.language
    )
    changes: list[TurnChange] = []
    before_esc = any(t.decision.get("action") == "escalate" for t in answered)
    after_esc = False
    for n, old in enumerate(answered, 1):
        await sb.accept_customer_message(rec.id, old.text, f"replay-{n}")
        outcome = await sb.respond(rec.id)
        new = outcome.decision if outcome else {"action": "silent"}
        after_esc = after_esc or new.get("action") == "escalate"
        if _label(old.decision) != _label(new):
            changes.append(
                TurnChange(conv.id, n, old.text[:200], _label(old.decision), _label(new))
            )
    return changes, before_esc, after_esc


async def replay(
    settings: Settings,
    *,
    since: datetime,
    policy: PolicySettings,
    progress: bool = True,
    embedder: Embedder | None = None,
    understander: Any = None,
    kb_cache: Path | None = None,
) -> ReplayResult:
    from api.wiring import database_url
    from voc.db import create_schema, make_engine
    from voc.store import VocStore

    engine = make_engine(database_url(settings))
    await create_schema(engine)
    real = VocStore(engine)
    try:
        convs = await real.conversations_since(since)
        stored = [(c, await real.turns(c.id)) for c in convs]
        histories = [
            await real.customer_history(c.customer_id, exclude_conversation=c.id) for c in convs
        ]
    finally:
        await engine.dispose()
    result = ReplayResult(len(convs), 0, [], [], [], policy.model_dump())
    if not convs:
        return result  # nothing to replay: no model to load
    async with eval_services(
        settings,
        embedder=embedder,
        understander=understander,
        kb_cache=kb_cache or kb_cache_dir(settings),
        policy=policy,
        progress=progress,
    ) as services:
        for (conv, turns), history in tqdm(
            list(zip(stored, histories, strict=True)),
            unit="conversation",
            file=sys.stderr,
            disable=not progress,
        ):
            changes, before, after = await _replay_one(services, conv, turns, history)
            result.turns += sum(1 for t in turns if t.role == Role.CUSTOMER and t.decision)
            result.changes += changes
            if after and not before:
                result.newly_escalated.append(conv.id)
            if before and not after:
                result.no_longer_escalated.append(conv.id)
    return result


def render(result: ReplayResult, as_json: bool) -> str:
    if as_json:
        return json.dumps({"version": 1, **asdict(result)}, ensure_ascii=False, indent=1)
    lines = [
        f"replayed {result.conversations} conversations, {result.turns} bot turns; "
        f"{len(result.changes)} decision(s) would change",
        f"would now go to a person: {len(result.newly_escalated)}; "
        f"would no longer: {len(result.no_longer_escalated)}",
    ]
    for c in result.changes:
        lines.append(f"  {c.conversation_id} turn {c.n}: {c.before} → {c.after}  «{c.text[:80]}»")
    return "\n".join(lines)


def parse_since(value: str | None) -> datetime:
    if not value:
        return datetime(1970, 1, 1, tzinfo=UTC)
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--since {value!r}: expected a date such as 2026-11-01") from None
    return d if d.tzinfo else d.replace(tzinfo=UTC)
