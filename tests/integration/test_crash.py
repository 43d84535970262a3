"""Kill -9 the real server twice while customers chat; nothing may be lost, doubled or misanswered.

Concurrent customers each ask several questions without waiting for answers (so messages pile
up while a turn runs). The server process is SIGKILLed twice while turns are pending and
restarted on the same data folder; the customers reconnect with their resume token and
``last_seq`` and resend what was not acknowledged, as docs/protocol.md tells a client to.
Afterwards every customer's stored transcript is audited.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.integration.crash_harness import (
    CrashCustomer,
    Question,
    ServerProcess,
    audit,
    free_port,
    transcript,
)

# Each question and the knowledge-base article (id prefix) its answer must cite.
ARTICLES = {
    "How do I change my PIN?": "cards-pin",
    "How much is the foreign transaction fee?": "fees-foreign-transaction",
    "How do I freeze my card?": "cards-freeze",
    "How do I download a statement?": "statements",
    "How do I set up a standing order?": "transfers-standing-orders",
    "What are your opening hours?": "contact-opening-hours",
}
CUSTOMERS = 16
PER_CUSTOMER = 5
KILL_AT = (0.2, 0.55)  # share of all answers delivered when each SIGKILL lands
# A small knowledge base (the articles asked about plus neighbours that compete with them), so
# the first start-up does not spend a minute embedding the whole demo set.
KB_ARTICLES = [
    "cards-pin",
    "cards-freeze",
    "cards-lost-stolen",
    "fees-foreign-transaction",
    "fees-account",
    "statements-download",
    "statements",
    "transfers-standing-orders-direct-debits",
    "transfers-domestic",
    "contact-opening-hours",
    "contact-us",
]
DEMO_KB = Path(__file__).parents[2] / "knowledge" / "demo_kb" / "en"


async def _until(cond: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        await asyncio.sleep(0.05)
    return True


async def test_sigkill_twice_loses_doubles_and_misanswers_nothing(
    tmp_path: Path, nlu_cache_dir: Path, shared_understander: Any
) -> None:
    # shared_understander has trained and cached the intent model in nlu_cache_dir: the server
    # processes load it instead of training it again.
    port = free_port()
    kb = tmp_path / "kb" / "en"
    kb.mkdir(parents=True)
    for name in KB_ARTICLES:
        shutil.copy(DEMO_KB / f"{name}.md", kb / f"{name}.md")
    env = {
        **os.environ,
        "WARMLINE_DATA_DIR": str(tmp_path / "data"),
        "WARMLINE_KB_PATH": str(kb.parent),
        "WARMLINE_NLU_CACHE_DIR": str(nlu_cache_dir),
        "WARMLINE_HOST": "127.0.0.1",
        "WARMLINE_PORT": str(port),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        # Every customer here shares 127.0.0.1 and resends after each kill: this test is about
        # crashes, not abuse limits (tests/integration/test_abuse_limits.py checks those).
        "WARMLINE_LIMIT_CONVERSATION_MESSAGE_BURST": "1000",
        "WARMLINE_LIMIT_ADDRESS_MESSAGE_BURST": "100000",
        "WARMLINE_LIMIT_ADDRESS_NEW_CONVERSATION_BURST": "100000",
        "WARMLINE_LIMIT_SOCKETS_PER_ADDRESS": "100000",
    }
    server = ServerProcess(env, port, tmp_path / "server.log")
    rng = random.Random(8)
    texts = list(ARTICLES)
    customers = [
        CrashCustomer(
            name=f"crash-{i}",
            questions=[Question(t) for t in rng.sample(texts, PER_CUSTOMER)],
            ws_base=server.ws,
            pause_s=(0.3, 2.0),
        )
        for i in range(CUSTOMERS)
    ]
    total = CUSTOMERS * PER_CUSTOMER

    def bot_answers() -> int:
        return sum(sum(m["role"] == "bot" for m in c.messages.values()) for c in customers)

    startup: list[float] = []
    pending_at_kill: list[int] = []
    try:
        server.start()
        startup.append(await server.wait_ready())
        deadline = time.monotonic() + 600  # a backstop; the waits below end far sooner
        tasks = [asyncio.create_task(c.run(deadline)) for c in customers]
        for share in KILL_AT:
            # Kill once this share of answers has arrived (a server that stops answering
            # is killed anyway, after a minute, so the audit can say what it lost).
            await _until(lambda s=share: bot_answers() >= s * total, 60)  # type: ignore[misc]
            pending_at_kill.append(sum(c.acked() for c in customers) - bot_answers())
            server.kill()
            server.start()
            startup.append(await server.wait_ready())
        await _until(lambda: all(t.done() for t in tasks), 90)
        for t in tasks:
            t.cancel()
        stored = [(c, await transcript(server.ws, c)) for c in customers]
    finally:
        server.stop()

    result = audit(stored, ARTICLES)
    print(
        f"\ncrash test: {CUSTOMERS} customers x {PER_CUSTOMER} questions, "
        f"{len(KILL_AT)} SIGKILLs (acked-but-unanswered at each kill: {pending_at_kill}), "
        f"start-up s: {[round(s, 1) for s in startup]}, "
        f"reconnects: {sum(c.connects for c in customers)}, "
        f"duplicate acks: {sum(c.duplicate_acks for c in customers)}\n"
        f"audit: {vars(result) | {'notes': result.notes[:10]}}"
    )
    assert server.starts == 1 + len(KILL_AT)
    assert result.failures() == {}, result.notes[:20]
    assert all(c.answered() for c in customers)
