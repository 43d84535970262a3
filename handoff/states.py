"""Conversation ownership: an enum and its transition table. An illegal move raises."""

from __future__ import annotations

import enum

from domain.errors import IllegalTransition


class Ownership(enum.StrEnum):
    BOT = "bot"
    QUEUED = "queued"
    HUMAN = "human"
    CLOSED = "closed"


class Move(enum.StrEnum):
    ESCALATE = "escalate"  # bot → queued
    CLAIM = "claim"  # queued → human
    HANDBACK = "handback"  # human → bot (or queued → bot when the customer withdraws)
    CLOSE = "close"  # any open state → closed


TRANSITIONS: dict[tuple[Ownership, Move], Ownership] = {
    (Ownership.BOT, Move.ESCALATE): Ownership.QUEUED,
    (Ownership.QUEUED, Move.CLAIM): Ownership.HUMAN,
    (Ownership.HUMAN, Move.HANDBACK): Ownership.BOT,
    (Ownership.QUEUED, Move.HANDBACK): Ownership.BOT,
    (Ownership.BOT, Move.CLOSE): Ownership.CLOSED,
    (Ownership.QUEUED, Move.CLOSE): Ownership.CLOSED,
    (Ownership.HUMAN, Move.CLOSE): Ownership.CLOSED,
}


def next_state(current: Ownership | str, move: Move) -> Ownership:
    current = Ownership(current)
    try:
        return TRANSITIONS[(current, move)]
    except KeyError:
        raise IllegalTransition(
            f"cannot {move.value} a conversation that is {current.value}"
        ) from None
