"""The scenario-suite YAML format, as pydantic models (documented in docs/evals.md).

A suite is a list of scripted conversations with what a good agent *should* do; thresholds are
the figures a CX lead requires before the agent may talk to customers.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from domain.errors import InvalidInput

REASONS = ("churn_risk", "customer_asked", "sensitive_intent", "high_anger", "cannot_answer")
Reason = Literal["churn_risk", "customer_asked", "sensitive_intent", "high_anger", "cannot_answer"]
Language = Literal["en", "zh"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class TurnExpect(_Strict):
    """What a good agent does with one customer message (every field optional)."""

    escalates: bool | None = None  # this turn hands over (yes) / must not hand over (no)
    intent: list[str] = []  # any of these
    emotion: list[str] = []
    language: Language | None = None
    cite_one_of: list[str] = []  # article ids: the answer must cite at least one
    idk: bool | None = None  # yes: must say it does not know; no: must answer
    no_citation: bool = False
    must_not_contain: list[str] = []

    _lists = field_validator("intent", "emotion", "cite_one_of", "must_not_contain", mode="before")(
        _as_list
    )


class Turn(_Strict):
    say: Annotated[str, Field(min_length=1, max_length=4000)]
    expect: TurnExpect = TurnExpect()


class ConversationExpect(_Strict):
    escalates: bool | None = None  # should a person get this conversation?
    by_turn: Annotated[int, Field(ge=1)] | None = None  # at the latest on this customer turn
    reason: list[Reason] = []  # any of these handoff reasons
    churn: bool | None = None  # should the agent notice the customer may be leaving?
    must_not_contain: list[str] = []  # in any bot reply

    _lists = field_validator("reason", "must_not_contain", mode="before")(_as_list)


class PastConversation(_Strict):
    """One earlier conversation of the same customer, seeded into the store before the run
    (dated now, so inside the 30-day window the agent looks at)."""

    intents: list[str] = []  # one customer message per intent (e.g. check_balance)
    unresolved_handoff: bool = False  # handed to a person and never closed


class Profile(_Strict):
    contract_end: date | None = None
    contract_end_in_days: int | None = None  # relative to the run date (wins over contract_end)
    tenure_years: float | None = None

    def as_dict(self, today: date) -> dict[str, object]:
        out: dict[str, object] = {}
        end = self.contract_end
        if self.contract_end_in_days is not None:
            end = today + timedelta(days=self.contract_end_in_days)
        if end is not None:
            out["contract_end"] = end.isoformat()
        if self.tenure_years is not None:
            out["tenure_years"] = self.tenure_years
        return out


class Conversation(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9_.:-]+$")]
    language: Language
    tags: list[str] = []
    note: str = ""  # why this case exists, for the reader of the report
    customer_id: str | None = None
    history: list[PastConversation] = []
    profile: Profile = Profile()
    turns: Annotated[list[Turn], Field(min_length=1)]
    expect: ConversationExpect = ConversationExpect()


class Thresholds(_Strict):
    """Figures a lead requires; a run fails (exit code 1) when one is missed."""

    min_containment: float | None = None
    max_false_containment: float | None = None
    min_escalation_precision: float | None = None
    min_escalation_recall: float | None = None
    min_on_time_escalation: float | None = None
    min_churn_recall: float | None = None
    max_churn_false_positive_rate: float | None = None
    min_intent_accuracy: float | None = None
    min_idk_precision: float | None = None
    min_idk_recall: float | None = None
    min_citation_validity: float | None = None
    min_case_pass_rate: float | None = None
    max_latency_p95_ms: float | None = None

    def items(self) -> list[tuple[str, str, float]]:
        """(metric, "min"|"max", limit) for every threshold set."""
        out = []
        for name, value in self.model_dump().items():
            if value is not None:
                op, metric = name.split("_", 1)
                out.append((metric, op, float(value)))
        return out


class Suite(_Strict):
    version: Literal[1] = 1
    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    thresholds: Thresholds = Thresholds()
    conversations: Annotated[list[Conversation], Field(min_length=1)]


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def load_suite(path: str | Path) -> Suite:
    """Parse and validate one suite file; any problem is an InvalidInput naming the place."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"{p}: cannot read ({exc.strerror})", code="bad_suite") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{p}: not valid YAML ({exc})", code="bad_suite") from None
    try:
        suite = Suite.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"{p}: {_describe(exc)}", code="bad_suite") from None
    seen: set[str] = set()
    for conv in suite.conversations:
        if conv.id in seen:
            raise InvalidInput(f"{p}: duplicate conversation id {conv.id!r}", code="bad_suite")
        seen.add(conv.id)
        if conv.history and not conv.customer_id:
            raise InvalidInput(f"{p}: {conv.id}: history needs a customer_id", code="bad_suite")
        if conv.expect.by_turn and conv.expect.by_turn > len(conv.turns):
            raise InvalidInput(
                f"{p}: {conv.id}: by_turn {conv.expect.by_turn} is past the last turn",
                code="bad_suite",
            )
    return suite


def load_suites(paths: list[Path]) -> list[Suite]:
    suites = [load_suite(p) for p in paths]
    ids: set[str] = set()
    for s in suites:
        for c in s.conversations:
            if c.id in ids:
                raise InvalidInput(f"conversation id {c.id!r} is in two suites", code="bad_suite")
            ids.add(c.id)
    return suites
