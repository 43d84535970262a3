"""Survey scores by their standard definitions (see shared glossary in README).

- CSAT: share of respondents answering 4 or 5 on the 1–5 "how satisfied" question, in %.
- NPS: % promoters (9–10) minus % detractors (0–6) on the 0–10 "how likely to recommend"
  question; −100..+100.
- CES: the mean of the 1–7 "how easy was it" answers, with the distribution.

Each figure counts only the people who answered that question (every question is optional),
and is ``None`` when nobody did: an empty survey is "no data", not 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CSAT_SCALE = range(1, 6)
CES_SCALE = range(1, 8)
NPS_SCALE = range(0, 11)


def _answered(values: Iterable[int | None], scale: range) -> list[int]:
    return [v for v in values if v is not None and v in scale]


def csat(values: Iterable[int | None]) -> float | None:
    answered = _answered(values, CSAT_SCALE)
    if not answered:
        return None
    return 100.0 * sum(1 for v in answered if v >= 4) / len(answered)


def nps(values: Iterable[int | None]) -> float | None:
    answered = _answered(values, NPS_SCALE)
    if not answered:
        return None
    promoters = sum(1 for v in answered if v >= 9)
    detractors = sum(1 for v in answered if v <= 6)
    return 100.0 * (promoters - detractors) / len(answered)


def ces(values: Iterable[int | None]) -> float | None:
    answered = _answered(values, CES_SCALE)
    return sum(answered) / len(answered) if answered else None


def distribution(values: Iterable[int | None], scale: range) -> dict[int, int]:
    counts = dict.fromkeys(scale, 0)
    for v in _answered(values, scale):
        counts[v] += 1
    return counts


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    csat: int | None = None
    ces: int | None = None
    nps: int | None = None


@dataclass(frozen=True, slots=True)
class SurveySummary:
    """The three figures for one slice of surveys, with how many answered each question."""

    responses: int
    csat: float | None
    csat_n: int
    ces: float | None
    ces_n: int
    nps: float | None
    nps_n: int
    ces_distribution: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, answers: Iterable[SurveyAnswer]) -> SurveySummary:
        answers = list(answers)
        c = [a.csat for a in answers]
        e = [a.ces for a in answers]
        n = [a.nps for a in answers]
        return cls(
            responses=len(answers),
            csat=csat(c),
            csat_n=len(_answered(c, CSAT_SCALE)),
            ces=ces(e),
            ces_n=len(_answered(e, CES_SCALE)),
            nps=nps(n),
            nps_n=len(_answered(n, NPS_SCALE)),
            ces_distribution=distribution(e, CES_SCALE),
        )
