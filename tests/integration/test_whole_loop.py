"""The walking skeleton, end to end: real server, real sockets, real models and stores."""

from __future__ import annotations

import asyncio

import httpx

from tests.integration.clients import Customer, console, of_type, sign_in
from tests.integration.server import LiveServer


async def test_one_conversation_travels_the_whole_loop(live_server: LiveServer) -> None:
    ws, http = live_server.ws, live_server.http
    alex = await console(ws, await sign_in(http, "alex"))
    sam = await console(ws, await sign_in(http, "sam"))
    customer = await Customer.start(ws, customer_id="loop-customer", last_seq=0)
    assert "AI" in customer.welcome["disclosure"]  # type: ignore[attr-defined]

    # 1. A knowledge question gets a cited answer from the knowledge base.
    await customer.say("My card was stolen, what should I do?")
    answer = await customer.reply("bot")
    assert answer["citations"], answer
    assert answer["citations"][0]["article_id"] == "cards-lost-stolen"
    assert "lost or stolen" in answer["text"]

    # 2. Asking for a person: every console hears of the handoff with its packet.
    await customer.say("I want to talk to a person")
    handoff_a = await alex.expect(of_type("handoff"))
    await sam.expect(of_type("handoff"))
    packet = handoff_a["packet"]
    assert handoff_a["conversation_id"] == customer.conversation_id
    assert packet["reason"] == "customer_asked"
    assert any(t["text"] == "My card was stolen, what should I do?" for t in packet["transcript"])
    assert packet["articles_tried"][0]["article_id"] == "cards-lost-stolen"
    queued = await customer.expect(of_type("state", state="queued"))
    assert queued["queue_position"] == 1
    told = await customer.reply("bot")
    assert "person" in told["text"]  # the customer is told a person is coming

    # 3. Two agents claim at once: exactly one wins, the other gets a clear answer.
    claim = {"type": "claim", "conversation_id": customer.conversation_id}
    await asyncio.gather(alex.send(claim), sam.send(claim))
    results = await asyncio.gather(
        alex.expect(lambda f: f["type"] in {"claimed", "error"}),
        sam.expect(lambda f: f["type"] in {"claimed", "error"}),
    )
    kinds = sorted(r["type"] for r in results)
    assert kinds == ["claimed", "error"], results
    loser_frame = next(r for r in results if r["type"] == "error")
    assert loser_frame["code"] == "already_claimed"
    winner = alex if results[0]["type"] == "claimed" else sam
    claimed = results[0] if results[0]["type"] == "claimed" else results[1]
    assert claimed["packet"]["summary"]
    assert [m["seq"] for m in claimed["messages"]] == sorted(m["seq"] for m in claimed["messages"])

    # 4. The person replies live; the customer sees it marked as from a person.
    human = await customer.expect(of_type("state", state="human"))
    assert human["agent"] in {"Alex Morgan", "Sam Chen"}
    await winner.send(
        {
            "type": "message",
            "conversation_id": customer.conversation_id,
            "client_id": "agent-1",
            "text": "Hi, I'm here. I've frozen the card.",
        }
    )
    from_person = await customer.reply("human")
    assert from_person["text"] == "Hi, I'm here. I've frozen the card."
    assert from_person["author"] in {"Alex Morgan", "Sam Chen"}

    # While a person owns the chat the bot stays silent; the customer reaches the person.
    await customer.say("Thanks, will the new card have a new number?")
    forwarded = await winner.expect(of_type("message", role="customer"))
    assert forwarded["text"].startswith("Thanks, will the new card")
    await winner.send(
        {
            "type": "message",
            "conversation_id": customer.conversation_id,
            "client_id": "agent-2",
            "text": "Yes, a stolen card always gets a new number.",
        }
    )
    await customer.reply("human")

    # 5. Hand back: the bot answers the next question.
    await winner.send({"type": "handback", "conversation_id": customer.conversation_id})
    await customer.expect(of_type("state", state="bot"))
    await customer.say("How much is the foreign transaction fee?")
    bot_again = await customer.reply("bot")
    assert bot_again["citations"][0]["article_id"] == "fees-foreign-transaction"
    assert "2.75%" in bot_again["text"]
    # The bot said nothing while the person owned the chat: its turns are the three we took.
    bot_turns = [f for f in customer.frames if f.get("type") == "message" and f["role"] == "bot"]
    assert [f["seq"] for f in bot_turns] == [answer["seq"], told["seq"], bot_again["seq"]]

    # Every turn was stored with its signals, decision and latency.
    token = await sign_in(http, "alex")
    async with httpx.AsyncClient(base_url=http) as client:
        r = await client.get(
            f"/api/conversations/{customer.conversation_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert r.status_code == 200
    msgs = r.json()["messages"]
    roles = [m["role"] for m in msgs]
    assert {"customer", "bot", "human", "system"} <= set(roles)
    for c in (alex, sam, customer):
        await c.close()


async def test_churn_signal_hands_over_with_evidence(live_server: LiveServer) -> None:
    ws, http = live_server.ws, live_server.http
    agent = await console(ws, await sign_in(http, "alex"))
    customer = await Customer.start(ws, customer_id="churner", profile={"tenure_years": 6})
    await customer.say("What's my balance? I'm moving everything to another bank")
    handoff = await agent.expect(of_type("handoff", conversation_id=customer.conversation_id))
    packet = handoff["packet"]
    assert packet["reason"] == "churn_risk"
    assert packet["churn"]["risk"] >= 0.6
    assert any(e["source"] == "words" for e in packet["churn"]["evidence"])
    assert packet["profile"] == {"tenure_years": 6}
    note = await customer.reply("bot")
    assert "colleague" in note["text"]
    await customer.close()
    await agent.close()


async def test_plain_balance_question_is_answered_by_the_bot(live_server: LiveServer) -> None:
    customer = await Customer.start(live_server.ws, customer_id="plain-balance")
    await customer.say("what's my balance")
    answer = await customer.reply("bot")
    assert answer["citations"][0]["article_id"].startswith("balances")
    await asyncio.sleep(0.2)
    assert not any(f.get("type") == "state" and f.get("state") == "queued" for f in customer.frames)
    await customer.close()


async def test_a_message_nobody_answered_goes_to_the_bot_at_handback(
    live_server: LiveServer,
) -> None:
    ws, http = live_server.ws, live_server.http
    agent = await console(ws, await sign_in(http, "sam"))
    customer = await Customer.start(ws, customer_id="handback-gap")
    await customer.send({"type": "request_human"})
    await customer.expect(of_type("state", state="queued"))
    await agent.send({"type": "claim", "conversation_id": customer.conversation_id})
    await agent.expect(of_type("claimed"))
    await customer.say("Actually, how do I change my PIN?")
    await agent.expect(of_type("message", role="customer"))
    await agent.send({"type": "handback", "conversation_id": customer.conversation_id})
    answer = await customer.reply("bot")
    assert answer["citations"][0]["article_id"] == "cards-pin"
    await customer.close()
    await agent.close()


async def test_a_customer_can_stop_waiting_and_leave_the_queue(live_server: LiveServer) -> None:
    ws, http = live_server.ws, live_server.http
    agent = await console(ws, await sign_in(http, "alex"))
    customer = await Customer.start(ws, customer_id="changed-mind")
    await customer.send({"type": "request_human"})
    await customer.expect(of_type("state", state="queued"))
    await agent.expect(
        lambda f: (
            f["type"] == "queue"
            and any(i["conversation_id"] == customer.conversation_id for i in f["items"])
        )
    )
    await customer.send({"type": "cancel_human"})
    await customer.expect(of_type("state", state="bot"))
    await agent.expect(
        lambda f: (
            f["type"] == "queue"
            and all(i["conversation_id"] != customer.conversation_id for i in f["items"])
        )
    )
    await customer.send({"type": "cancel_human"})
    assert (await customer.expect(of_type("error")))["code"] == "illegal_transition"
    await customer.say("How do I change my PIN?")
    assert (await customer.reply("bot"))["citations"][0]["article_id"] == "cards-pin"
    await customer.close()
    await agent.close()
