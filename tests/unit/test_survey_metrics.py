"""CSAT, CES and NPS by their standard definitions, pinned on hand-checked fixtures."""

from __future__ import annotations

import csv
import io

import pytest

from voc.csv_export import to_csv
from voc.gaps import cluster_questions
from voc.survey_metrics import SurveyAnswer, SurveySummary, ces, csat, distribution, nps


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([5, 4, 3, 2, 1], 40.0),  # two of five answer 4–5
        ([4, 4], 100.0),
        ([3, 3, 3], 0.0),
        ([5, None, 1], 50.0),  # unanswered does not count
        ([], None),  # nobody answered: no data, not 0
        ([None, None], None),
        ([6, 0, 5], 100.0),  # off-scale answers are ignored
    ],
)
def test_csat_is_share_answering_4_or_5(scores: list[int | None], expected: float | None) -> None:
    assert csat(scores) == expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([10, 9, 10], 100.0),  # all promoters
        ([0, 6, 3], -100.0),  # all detractors: 6 is a detractor
        ([7, 8, 7, 8], 0.0),  # passives count in the base, in neither group
        ([10, 7, 6, 9], 25.0),  # 50% promoters − 25% detractors
        ([9, 6], 0.0),
        ([10, 0, 8], 0.0),
        ([], None),
        ([11, -1], None),  # off-scale only
    ],
)
def test_nps_is_promoters_minus_detractors(scores: list[int], expected: float | None) -> None:
    assert nps(scores) == expected


def test_ces_mean_and_distribution() -> None:
    assert ces([7, 5, 6]) == pytest.approx(6.0)
    assert ces([None, 1]) == 1.0
    assert ces([]) is None
    counts = distribution([1, 7, 7, None, 8], range(1, 8))
    assert counts == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 2}


def test_summary_counts_each_question_on_its_own() -> None:
    s = SurveySummary.of([SurveyAnswer(csat=5), SurveyAnswer(nps=3), SurveyAnswer(ces=4, csat=2)])
    assert (s.responses, s.csat_n, s.nps_n, s.ces_n) == (3, 2, 1, 1)
    assert s.csat == 50.0 and s.nps == -100.0 and s.ces == 4.0


def test_csv_opens_in_a_spreadsheet_and_defuses_formulas() -> None:
    text = to_csv(["a", "b"], [['=HYPERLINK("x")', -3], ["+1+1", "银行"], ["@SUM(A1)", None]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["a", "b"]
    assert rows[1] == ['\'=HYPERLINK("x")', "-3"]  # a negative number stays a number
    assert rows[2] == ["'+1+1", "银行"]
    assert rows[3] == ["'@SUM(A1)", ""]


def test_gaps_without_embeddings_group_by_normalised_text() -> None:
    groups = cluster_questions(
        [("Pet insurance?", "nothing_found"), ("pet insurance", "cannot_answer"), ("gold", "x")]
    )
    assert [g.count for g in groups] == [2, 1]
    assert dict(groups[0].reasons) == {"nothing_found": 1, "cannot_answer": 1}
