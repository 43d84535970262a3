"""Intent on traditional-character questions: does understanding read 帳戶 as it reads 账户?

``python -m evals.traditional [--json]`` runs the understanding engine (built as the server
builds it) over evals/data/retrieval_traditional.yaml and over the simplified question each one
restates (its ``source`` in retrieval_eval.yaml), and reports intent accuracy against the
hand-assigned ``intent`` for both, and how often the two readings agree. Retrieval on the same
file is ``warmline eval retrieval --questions evals/data/retrieval_traditional.yaml``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from domain.errors import InvalidInput

if TYPE_CHECKING:
    from agent.nlu.engine import UnderstandingEngine

DATA = Path(__file__).parent / "data"
TRADITIONAL = DATA / "retrieval_traditional.yaml"
SIMPLIFIED = DATA / "retrieval_eval.yaml"


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    traditional: str
    simplified: str
    intent: str


@dataclass(frozen=True, slots=True)
class TraditionalIntentReport:
    n: int
    traditional_accuracy: float
    simplified_accuracy: float
    agreement: float  # same intent for the traditional question and its simplified source
    misses: list[tuple[str, str, str, str]]  # (id, question, gold, predicted) on traditional


def load_pairs(traditional: Path = TRADITIONAL, simplified: Path = SIMPLIFIED) -> list[Pair]:
    trad = yaml.safe_load(traditional.read_text(encoding="utf-8"))
    simp = {r["id"]: r["question"] for r in yaml.safe_load(simplified.read_text(encoding="utf-8"))}
    pairs = []
    for row in trad:
        if row.get("source") not in simp or not row.get("intent"):
            raise InvalidInput(f"{traditional}: {row.get('id')} needs a known source and intent")
        pairs.append(Pair(row["id"], row["question"], simp[row["source"]], row["intent"]))
    return pairs


def run(engine: UnderstandingEngine, pairs: list[Pair]) -> TraditionalIntentReport:
    rows = [
        (p, engine.analyze(p.traditional).intent or "", engine.analyze(p.simplified).intent or "")
        for p in pairs
    ]
    n = len(rows) or 1
    return TraditionalIntentReport(
        n=len(rows),
        traditional_accuracy=round(sum(t == p.intent for p, t, _ in rows) / n, 3),
        simplified_accuracy=round(sum(s == p.intent for p, _, s in rows) / n, 3),
        agreement=round(sum(t == s for _, t, s in rows) / n, 3),
        misses=[(p.id, p.traditional, p.intent, t) for p, t, _ in rows if t != p.intent],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from api.settings import Settings
    from api.wiring import build_embedder, build_understander

    settings = Settings()
    report = run(build_understander(settings, build_embedder(settings)), load_pairs())
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
        return
    print(
        f"n={report.n} intent accuracy traditional={report.traditional_accuracy:.3f} "
        f"simplified source={report.simplified_accuracy:.3f} agreement={report.agreement:.3f}"
    )
    for qid, question, gold, pred in report.misses:
        print(f"  {qid} {question}  gold={gold} got={pred}")


if __name__ == "__main__":
    main()
