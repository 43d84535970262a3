"""Every customer message gets exactly one answer, tied to it: on real SQLite stores and a real
LangGraph checkpointer, with a scripted understander, searcher and responder (no model), so
these run in about a second."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.nodes import AgentDeps
from agent.ports import Answer
from agent.runner import AgentRunner
from agent.settings import PolicySettings
from domain.types import (
    Citation,
    CustomerHistory,
    Hit,
    PriorTurn,
    Role,
    Signals,
    TurnRecord,
    UnderstandingContext,
)
from handoff.bus import LocalBus
from handoff.switchboard import Switchboard, TurnFailed
from voc.db import create_schema, make_engine, sqlite_url
from voc.store import VocStore


class ScriptedUnderstander:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def analyze(self, text: str, ctx: UnderstandingContext | None = None) -> Signals:
        self.calls.append(text)
        return Signals(intent="card_pin", intent_confidence=0.9)

    def intent_flags(self, intent: str) -> dict[str, Any]:
        return {}


@dataclass
class ScriptedResult:
    hits: list[Hit]
    nothing_found: bool = False
    best_score: float = 0.9


class ScriptedSearcher:
    async def search(self, query: str, **_: Any) -> ScriptedResult:
        return ScriptedResult([Hit(query, query, query, "", f"about {query}", 0.9)])


@dataclass
class ScriptedResponder:
    """Answers ``re: <question>`` citing the question; fails on the texts in ``fail_on``."""

    fail_on: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)

    async def answer(
        self,
        question: str,
        hits: list[Hit],
        *,
        language: str,
        transcript: list[PriorTurn],
        tone: Any = None,
    ) -> Answer:
        self.calls.append(question)
        if question in self.fail_on:
            raise RuntimeError("the model fell over")
        return Answer(f"re: {question}", [Citation(question, question, "")], "scripted")


@dataclass
class World:
    store: VocStore
    checkpointer: Any
    responder: ScriptedResponder

    def switchboard(self) -> Switchboard:
        """A fresh switchboard and runner on the same data: what a restarted process builds."""
        deps = AgentDeps(
            understander=ScriptedUnderstander(),
            searcher=ScriptedSearcher(),
            responder=self.responder,
            policy=PolicySettings(),
        )
        return Switchboard(self.store, AgentRunner(deps, self.checkpointer), LocalBus())


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    engine = make_engine(sqlite_url(tmp_path))
    await create_schema(engine)
    async with AsyncSqliteSaver.from_conn_string(str(tmp_path / "cp.db")) as saver:
        await saver.setup()
        yield World(VocStore(engine), saver, ScriptedResponder())
    await engine.dispose()


def answers(turns: list[TurnRecord]) -> dict[int, list[str]]:
    """Customer seq -> the texts of the bot turns that name it in reply_to."""
    out: dict[int, list[str]] = {t.seq: [] for t in turns if t.role == Role.CUSTOMER}
    for t in turns:
        if t.role == Role.BOT and t.reply_to is not None:
            out[t.reply_to].append(t.text)
    return out


async def ask(sb: Switchboard, conversation_id: str, *texts: str) -> list[int]:
    return [
        (await sb.accept_customer_message(conversation_id, t, f"c-{t}")).turn.seq for t in texts
    ]


async def test_messages_sent_while_a_turn_runs_are_each_answered_once(world: World) -> None:
    sb = world.switchboard()
    conv = await sb.open(conversation_id=None, customer_id="many", profile={})
    seqs = await ask(sb, conv.id, "pin?", "fee?", "statement?")
    await sb.respond(conv.id)  # one call (the first message's) must answer all three
    await sb.respond(conv.id)  # the later messages' calls find nothing left
    got = answers(await world.store.turns(conv.id))
    assert got == {seqs[0]: ["re: pin?"], seqs[1]: ["re: fee?"], seqs[2]: ["re: statement?"]}
    assert world.responder.calls == ["pin?", "fee?", "statement?"]


async def test_turns_cut_off_by_a_crash_are_answered_at_start_up(world: World) -> None:
    before = world.switchboard()
    conv = await before.open(conversation_id=None, customer_id="crashed", profile={})
    (first,) = await ask(before, conv.id, "pin?")
    # The process died after the graph ran (its checkpoint names the turn) but before the
    # store wrote the answer; the second message was accepted and never started.
    await before.runner.run_turn(
        conv.id, "pin?", turn_seq=first, prior_turns=[], history=CustomerHistory(), profile={}
    )
    (second,) = await ask(before, conv.id, "fee?")

    after = world.switchboard()  # restart on the same data
    assert await after.resume_pending() == 1
    got = answers(await world.store.turns(conv.id))
    assert got == {first: ["re: pin?"], second: ["re: fee?"]}
    # The finished run was read back from the checkpoint, not run (and remembered) twice.
    assert world.responder.calls == ["pin?", "fee?"]
    memory = await after.runner.memory(conv.id)
    assert len(memory["signal_log"]) == 2
    assert await after.resume_pending() == 0  # nothing left: a second start does nothing


async def test_a_run_cut_off_between_nodes_continues_where_it_stopped(world: World) -> None:
    """The graph died after understanding, retrieval and the decision were checkpointed (here:
    the answer node fails once); the next attempt finishes that run instead of starting over."""
    understander = ScriptedUnderstander()
    deps = AgentDeps(understander, ScriptedSearcher(), world.responder, PolicySettings())
    runner = AgentRunner(deps, world.checkpointer)
    world.responder.fail_on = {"pin?"}

    async def run() -> str:
        out = await runner.run_turn(
            "c_cut", "pin?", turn_seq=1, prior_turns=[], history=CustomerHistory(), profile={}
        )
        return out.reply

    with pytest.raises(RuntimeError):
        await run()
    world.responder.fail_on = set()
    assert await run() == "re: pin?"
    assert await run() == "re: pin?"  # finished: read back, not run a third time
    assert understander.calls == ["pin?"]
    assert world.responder.calls == ["pin?", "pin?"]
    assert len((await runner.memory("c_cut"))["signal_log"]) == 1


async def test_an_answer_is_stored_at_most_once_per_customer_turn(world: World) -> None:
    sb = world.switchboard()
    conv = await sb.open(conversation_id=None, customer_id="twice", profile={})
    (seq,) = await ask(sb, conv.id, "pin?")
    customer = (await world.store.turns(conv.id))[0]
    customer.decision, customer.latency_ms = {"action": "answer"}, 1.0

    def reply(text: str) -> TurnRecord:
        return TurnRecord(conv.id, 0, Role.BOT, text, reply_to=seq)

    first = await world.store.record_answer(customer, reply("one"))
    again = await world.store.record_answer(customer, reply("two"))
    assert first is not None and first.reply_to == seq
    assert again is None
    assert answers(await world.store.turns(conv.id)) == {seq: ["one"]}


async def test_a_failing_turn_is_marked_and_the_next_ones_still_answered(world: World) -> None:
    world.responder.fail_on = {"boom"}
    sb = world.switchboard()
    conv = await sb.open(conversation_id=None, customer_id="fails", profile={})
    seqs = await ask(sb, conv.id, "pin?", "boom", "fee?")
    with pytest.raises(TurnFailed) as failed:
        await sb.respond(conv.id)
    assert [t.seq for t in failed.value.turns] == [seqs[1]]
    turns = await world.store.turns(conv.id)
    assert answers(turns) == {seqs[0]: ["re: pin?"], seqs[1]: [], seqs[2]: ["re: fee?"]}
    assert next(t for t in turns if t.seq == seqs[1]).decision["action"] == "failed"
    await sb.respond(conv.id)  # not retried
    assert world.responder.calls.count("boom") == 1
