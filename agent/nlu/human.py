"""Does the customer ask for a person? Bilingual patterns with explicit hard negatives.

Since issue 11 these rules are features of the learned head (human_model.py), not its gate:
:func:`read_rules` reports the strongest request pattern with and without the hard negatives,
whether a hard negative matched, and the strongest request once slips, SMS shorthand and
traditional characters are repaired (typos.py: "can i tlak to a persn"). The head weighs them
with the embedding, character n-grams and the intent posterior. :func:`detect_wants_human` is
the rules alone (the detector before the head; it also derives the per-intent priors).

Hard negatives that must not fire: asking *about* customer service ("customer service hours",
"客服电话是多少"), payments between people ("person-to-person transfer", "转账给别人"), and
"artificial intelligence" (人工智能, where 人工 also means "a human operator").
"""

# ruff: noqa: E501  (regex tables: splitting patterns mid-alternation would hurt reading)

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from agent.nlu.text import normalize
from agent.nlu.typos import repair
from domain.types import Evidence

_PERSON = (
    r"(?:a |an |the |some |your |real |live |actual |human |proper )*"
    r"(?:human(?: being)?|person|people|agent|representative|rep|operator|someone|somebody|"
    r"advisor|adviser|staff|supervisor|manager|customer (?:service|support|care)(?: agent| rep)?|"
    r"real one|live chat|specialist|employee|consultant)"
)
_ASK = (
    r"(?:talk|speak|chat|get through|be put through|be connected|be transferred)\s+"
    r"(?:to|with)|connect me(?: to| with)?|transfer me(?: to)?|put me through(?: to)?|"
    r"get me|give me|need|want|i'?d like|let me (?:talk|speak) (?:to|with)|can i (?:get|have)|"
    r"(?:i )?request|escalate (?:this |me )?to|is there|hand me (?:over )?to|pass me to"
)
EN_POSITIVE: list[tuple[str, float]] = [
    (rf"(?:{_ASK})\s+{_PERSON}\b", 0.9),
    (r"\b(?:human|agent|person|representative|operator)(?: please| pls| now|!+)", 0.9),
    (r"^(?:human|agent|operator|representative|real person|live agent)[.!]*$", 0.95),
    (r"\bescalate (?:this|my (?:case|complaint|issue))\b", 0.8),
    (
        r"\b(?:stop|enough of|no more|done with) (?:the |this |talking to (?:a |the )?)?(?:bot|robot|machine|ai)\b",
        0.85,
    ),
    (
        r"\b(?:are you|am i (?:talking|chatting) (?:to|with)) (?:a )?(?:real )?(?:bot|robot|machine|human|person)\b",
        0.55,
    ),
    (
        r"\b(?:you(?:'re| are)|this bot is) (?:useless|not helping|no help)\b.*\b(?:person|human|someone)\b",
        0.9,
    ),
    (
        r"\bcall me back\b|\b(?:have|can) someone (?:from \w+(?: \w+)? )?call me\b|\b(?:a|request a) call ?back\b",
        0.75,
    ),
    (
        r"\breal (?:people|person|humans?)\b.*\b(?:i need|i want|need one|want one)\b|"
        r"\b(?:i need|i want)\b.*\breal (?:people|person|humans?)\b",
        0.8,
    ),
    (
        r"\b(?:feel better|prefer|rather|happier|more comfortable) (?:talking|speaking|chatting|dealing)"
        r" (?:to|with)\b",
        0.85,
    ),
    (
        r"\b(?:pass|hand|give) (?:this|me|it)(?: over)? to (?:a |an |the )?(?:member of staff|human|person|colleague)",
        0.9,
    ),
    (r"\b(?:talk|speak) to someone\b|\bsomeone who can (?:actually )?help\b", 0.8),
    (r"\bagent,? agent\b|\b(?:human|agent|rep|operator)[.!]+ now\b", 0.9),
    (r"\b(?:let|can) me (?:talk|speak) to (?:your |a )?(?:boss|manager|supervisor)\b", 0.9),
]
EN_NEGATIVE = [
    # Asking *about* people or service channels, not asking for one now.
    r"\b(?:customer service|support|agent|branch|call cent(?:er|re)) (?:hours|number|phone|opening|email|address|open)",
    r"\b(?:hours|number|phone number|opening times?) (?:of|for) (?:customer service|support|an agent)",
    r"\bwhat (?:time|hours?) (?:is|are|does|do) (?:customer service|support|an agent|your agents)",
    # Payments between people.
    r"\bperson[- ]to[- ]person\b|\bp2p\b|\b(?:transfer|send|pay) (?:money |funds )?to (?:another|a|other) person\b",
    r"\bhuman resources\b|\bhuman error\b|\breal estate agent\b|\btravel agent\b",
    # "I don't want / no need to talk to a person".
    r"\b(?:don'?t|do not|no need to|never) (?:want|need)? ?(?:to )?(?:talk|speak)",
    # Asking what they are talking to, out of curiosity, is not a request for a person.
    r"\bjust (?:curious|wondering|asking)\b|\bare you (?:a |an )?(?:bot|robot|human|real|ai)\b|"
    r"\bam i (?:talking|chatting) (?:to|with)\b|\bis this (?:a |an )?(?:bot|robot|real person|human|ai)\b",
    r"\bno need for (?:anyone|a person|a human|an agent)\b|\bi'?m fine chatting\b",
    r"\b(?:spoke|talked|chatted) (?:to|with) (?:a |an )?(?:human|person|agent|someone) (?:yesterday|before|earlier|last)",
    r"\blive chat (?:available|open|hours)|\bpersonal banking manager\b|\bsecond person\b|\bestate agent\b",
]

ZH_POSITIVE: list[tuple[str, float]] = [
    (
        r"转人工|人工客服|人工服务|人工坐席|人工座席|找人工|接人工|要人工|人工(?!智能)(?:来|帮|处理|吧|呢|！|!|$)",
        0.95,
    ),
    (r"真人|活人|真正的人|找个人|来个人|换个人", 0.9),
    (
        r"(?:转接|接通|联系|找|叫|要|让)(?:一下|下)?(?:你们的?)?(?:客服|经理|主管|领导|工作人员|专员|负责人)",
        0.85,
    ),
    (r"(?:和|跟|同)(?:人|客服|人工|工作人员)(?:说|聊|讲|谈|沟通)", 0.85),
    (r"(?:不要|别用|不想和|不想跟|受够了)(?:这个)?(?:机器人|ai|AI|智能客服)", 0.85),
    (r"回电话给我|给我回电|打电话给我", 0.7),
]
ZH_NEGATIVE = [
    r"客服(?:电话|热线|号码|时间|几点|工作时间|上班|邮箱)",
    r"(?:电话|热线|号码|时间)是多少",
    r"人工(?:智能|智慧|费|成本|合成)",
    r"转(?:账|钱|帐)给(?:别人|他人|朋友|家人|个人)|个人(?:转账|对个人)",
    r"不(?:用|需要)(?:转)?人工",
    r"你们?是(?:不是)?(?:机器人|真人|人工)|是(?:真人|机器人|ai)(?:在)?(?:回复|回答|聊天?)?吗",
    r"(?:周末|节假日|晚上|夜里|几点|什么时候)(?:有|还有)(?:没有)?人工|人工(?:客服|服务)?(?:的)?(?:时间|几点|上班|下班)",
    r"客户经理叫|人事部|柜台人工",
    r"个人(?:贷款|账户|帐户|信息|网银|业务|资料|名下)",
]


@lru_cache(maxsize=1)
def _compiled() -> tuple[
    list[tuple[re.Pattern[str], float]],
    list[re.Pattern[str]],
    list[tuple[re.Pattern[str], float]],
    list[re.Pattern[str]],
]:
    return (
        [(re.compile(p), w) for p, w in EN_POSITIVE],
        [re.compile(p) for p in EN_NEGATIVE],
        [(re.compile(p), w) for p, w in ZH_POSITIVE],
        [re.compile(p) for p in ZH_NEGATIVE],
    )


@dataclass(frozen=True, slots=True)
class RuleReading:
    score: float  # strongest request pattern that no hard negative overlaps (the old detector)
    raw: float  # strongest request pattern, hard negatives ignored
    vetoed: bool  # a hard negative matched somewhere in the message
    repaired: float  # ``score`` after repairing slips, shorthand and traditional characters
    evidence: list[Evidence]

    def features(self) -> list[float]:
        return [self.score, self.raw, float(self.vetoed), self.repaired]


def read_rules(text: str) -> RuleReading:
    norm = normalize(text)
    score, raw, evidence, vetoed = _match(norm)
    fixed = repair(norm)
    repaired = score
    if fixed != norm:
        repaired, _, fixed_ev, _ = _match(fixed)
        if repaired > score:
            evidence += [Evidence("words", f"{e.detail} (spelling repaired)", e.weight)
                         for e in fixed_ev if e.weight > 0]  # fmt: skip
    return RuleReading(score, raw, vetoed, repaired, evidence)


def detect_wants_human(text: str) -> tuple[float, list[Evidence], bool]:
    """(score 0..1, what fired, vetoed). Negative patterns veto matches they overlap; ``vetoed``
    tells the engine not to let the intent model override a hard negative."""
    score, _, evidence, vetoed = _match(normalize(text))
    return score, evidence, vetoed


def _match(norm: str) -> tuple[float, float, list[Evidence], bool]:
    en_pos, en_neg, zh_pos, zh_neg = _compiled()
    best = raw = 0.0
    evidence: list[Evidence] = []
    for positives, negatives in ((en_pos, en_neg), (zh_pos, zh_neg)):
        vetoes = [m.span() for neg in negatives for m in neg.finditer(norm)]
        for pattern, w in positives:
            for m in pattern.finditer(norm):
                raw = max(raw, w)
                if any(_overlaps(m.span(), v) for v in vetoes):
                    evidence.append(
                        Evidence("words", f"ignored '{m.group(0)}' (not a request)", 0.0)
                    )
                    continue
                best = max(best, w)
                evidence.append(Evidence("words", f"'{m.group(0).strip()}'", w))
    vetoed = any(e.weight == 0 for e in evidence) or _any_negative(norm)
    return best, raw, [e for e in evidence if e.weight > 0] or evidence, vetoed


def _any_negative(norm: str) -> bool:
    _, en_neg, _, zh_neg = _compiled()
    return any(p.search(norm) for p in en_neg + zh_neg)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
