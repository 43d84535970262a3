"""Generated bilingual training set for the churn head (churn_model.py).

Templates × slots × register transforms (chat, SMS shorthand, typos, polite, angry, sarcastic,
Chinese particles) give a few thousand varied messages. Positives: closing or leaving, moving
money or products to another provider, asking what leaving costs (exit, early-termination,
cancellation, redemption fees). Negatives: routine banking, plus hard negatives that share the
words ("cancel a transfer", "close the app", "switch to dark mode", "transfer money to my
savings", "close this chat", "switching my salary to you").

Deterministic (seeded) so the trained head, and its cache, are reproducible. The held-out test
set (evals/data/churn_heldout.yaml) is written separately and never read here.
"""

# ruff: noqa: E501  (template tables)

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from functools import cache
from itertools import product

from agent.nlu import churn_corpus_hard as hard

_LEAVE_EN = [
    "close my {acct}",
    "shut down my {acct}",
    "cancel my {acct}",
    "terminate my {acct}",
    "delete my {acct}",
    "remove my {acct}",
    "get rid of my {acct}",
    "quit my {acct}",
    "end my {acct}",
    "deactivate my {acct}",
    "close down the {acct}",
    "stop my {acct} for good",
    "leave the bank",
    "leave {bank}",
    "stop banking with you",
    "take my business elsewhere",
    "switch to {other}",
    "move to {other}",
    "move my {acct} to {other}",
    "transfer all my money to {other}",
    "transfer everything out to my account at {other}",
    "send my whole balance to {other}",
    "move all of it to {other}",
    "empty my {acct} and go",
    "pay off my {loan} and move it to {other}",
    "refinance my {loan} with {other}",
    "close my {loan}",
    "pay off the whole {loan} and close it",
    "go to {other}",
    "get the switching form, i'm going to {other}",
    "join {other} instead",
    "move it somewhere with better interest",
    "put my savings somewhere that pays more",
]
_FRAME_EN = [
    "i want to {v}",
    "how do i {v}",
    "how can i {v}",
    "i'd like to {v}",
    "please {v}",
    "can you {v}",
    "need to {v}",
    "what do i need to {v}",
    "im going to {v}",
    "help me {v}",
    "what's the process to {v}",
    "i have decided to {v}",
    "thinking of going to {v}",
    "{v}",
    "{v} asap",
    "is it possible to {v}",
    "how long does it take to {v}",
]
_FEE_EN = [
    "is there an exit fee on my {loan}",
    "how much is the early termination fee",
    "what's the early repayment charge on my {loan}",
    "cancellation fee if I end my {acct}",
    "what does it cost to close my {acct}",
    "penalty for paying off my {loan} early",
    "do you charge to leave before the contract ends",
    "early exit penalty?",
    "how much to break my fixed term early",
    "redemption fee on the {loan}",
    "fee for closing the {acct}",
    "what would I pay to end the {loan} early",
    "any charges if I leave my fixed deal early",
    "closing fee for the {acct}",
    "early settlement charge on my {loan}",
    "what's the break fee",
]
_ACCT_EN = [
    "account",
    "current account",
    "savings account",
    "acct",
    "joint account",
    "credit card account",
    "isa",
    "business account",
    "membership",
    "contract",
]
_LOAN_EN = ["mortgage", "loan", "car loan", "personal loan", "fixed rate deal", "home loan"]
_OTHER_EN = [
    "starling",
    "nationwide",
    "chase",
    "barclays",
    "hsbc",
    "another bank",
    "a different bank",
    "my new bank",
    "monzo",
    "another lender",
    "a different provider",
    "the credit union",
    "my account elsewhere",
    "revolut",
    "a bank that actually cares",
]
_WHY_EN = [
    "",
    "",
    "",
    "your fees are a joke. ",
    "after 10 years, ",
    "sorry but ",
    "ive had enough. ",
    "found a better rate elsewhere. ",
    "so fed up. ",
    "ok thanks. and ",
]

_NEG_EN = [
    "cancel a transfer",
    "cancel the transfer i just made",
    "cancel my payment to {payee}",
    "stop the payment to {payee}",
    "close the app",
    "how do i close the app",
    "close this chat",
    "close the chat please",
    "you can close this conversation",
    "cancel my card order",
    "cancel the new card i ordered",
    "customer service hours",
    "what time is customer service open",
    "switch to dark mode",
    "switch off notifications",
    "switch the app language",
    "transfer money to my savings",
    "move 100 to my savings",
    "transfer 50 to {payee}",
    "send money to {payee} at another bank",
    "pay {payee}",
    "switch my salary to you from my old bank",
    "move my account to you from another bank",
    "what's my balance",
    "how much money do i have",
    "i need a statement",
    "freeze my card",
    "how do i freeze my card",
    "i lost my card",
    "cancel my card it was stolen",
    "cancel a direct debit",
    "cancel the standing order to {payee}",
    "what is the monthly fee",
    "why was i charged a fee",
    "fee for using my card abroad",
    "international transfer fee",
    "make an overpayment on my {loan}",
    "open a new savings account",
    "apply for a {loan}",
    "update my address",
    "i'm moving house",
    "reset my password",
    "log out of the app",
    "delete a payee",
    "remove {payee} from my payees",
    "delete my chat history",
    "close my complaint its resolved",
    "my transfer to another bank failed",
    "how long does a transfer to another bank take",
    "cancel my branch appointment",
    "exit the tutorial",
    "quit the app",
    "end the chat",
    "thanks bye",
    "i'm leaving for holiday",
    "i left my card at the shop",
    "i quit my job can i get a loan",
    "what's the savings rate",
    "change my pin",
    "my card was declined",
    "is my card delivered yet",
    "dispute a transaction",
    "stay with you if the rate is good",
    "i'm not leaving just asking about rates",
    "cancel my overdraft",
    "get rid of the overdraft",
    "remove the old card from apple pay",
    "switch statements to paper",
    "switch to the premium account",
    "close the savings pot",
    "early repayment charge if i overpay 5% this year",
    "can i overpay 10% without a charge",
    "is there a fee to overpay a little on my {loan}",
    "overpayment allowance on my {loan}",
    "charge for paying a bit extra off the {loan}",
    "fee for a partial repayment of my {loan}",
    "transfer money to my other account with you",
    "move money to my other larkspur card",
]
_NEG_FRAME_EN = [
    "{v}",
    "hi, {v}",
    "{v} please",
    "how do i {v}",
    "can you {v}",
    "i want to {v}",
    "quick q: {v}",
    "{v}?",
    "need help, {v}",
]
_PAYEE_EN = ["my landlord", "my mum", "john", "netflix", "the gym", "my friend"]

_LEAVE_ZH = [
    "销户",
    "注销{acct}",
    "关闭{acct}",
    "把{acct}销了",
    "不用你们银行了",
    "换银行",
    "把钱全部转到{other}",
    "余额全部转出到{other}",
    "把{acct}转到{other}",
    "把{loan}转到{other}",
    "提前还清{loan}然后转走",
    "彻底关掉{acct}",
    "以后不在你们这存钱了",
    "把存款都取出来不存了",
    "解约",
    "终止合同",
    "退出你们银行",
]
_FRAME_ZH = [
    "我要{v}",
    "怎么{v}",
    "请问如何{v}",
    "我想{v}",
    "帮我{v}",
    "{v}需要什么材料",
    "{v}要多久",
    "{v}",
    "准备{v}",
    "麻烦{v}一下",
    "打算{v}",
]
_FEE_ZH = [
    "存单没到期就取，利息怎么算",
    "中途不做了要付多少违约费用",
    "提前还{loan}有违约金吗",
    "提前解约手续费多少",
    "销户要收费吗",
    "提前结清{loan}罚息多少",
    "提前终止合同要赔钱吗",
    "定期提前支取有损失吗",
    "提前赎回要扣费吗",
    "退出费用是多少",
    "违约金怎么算",
    "提前还款手续费",
]
_ACCT_ZH = ["账户", "银行卡", "储蓄卡", "信用卡", "工资卡", "账号", "帐户"]
_LOAN_ZH = ["房贷", "贷款", "车贷", "按揭"]
_OTHER_ZH = ["别的银行", "其他银行", "招行", "另一家银行", "支付宝", "他行"]
_WHY_ZH = ["", "", "", "你们收费太高了，", "受够了，", "服务太差，", "好的，那"]
_NEG_ZH = [
    "把钱转到我在你们银行的另一张卡",
    "转到我的另一张本行卡",
    "取消转账",
    "撤回刚才那笔转账",
    "关闭app",
    "关掉这个对话",
    "结束聊天",
    "取消卡片申请",
    "客服几点上班",
    "切换深色模式",
    "关闭通知",
    "转钱到储蓄账户",
    "从活期转到定期",
    "给{payee}转账",
    "跨行转账多久到账",
    "把工资卡转到你们银行",
    "从别的银行转钱过来",
    "余额多少",
    "查流水",
    "冻结银行卡",
    "挂失",
    "取消自动扣款",
    "月费多少",
    "透支费",
    "境外手续费",
    "提前还一部分房贷",
    "开户",
    "申请贷款",
    "修改地址",
    "重置密码",
    "退出登录",
    "删除收款人",
    "投诉解决了关闭工单",
    "转账失败",
    "取消预约",
    "退出新手引导",
    "我不换银行，就问问利率",
    "改密码",
    "卡被吞了",
    "换新卡",
    "切换账户",
    "退订短信",
]
_NEG_FRAME_ZH = ["{v}", "请问{v}", "怎么{v}", "我要{v}", "帮我{v}", "{v}？", "你好，{v}"]
_PAYEE_ZH = ["我妈", "房东", "朋友", "张三"]

_SMS = [
    ("you", "u"),
    ("please", "pls"),
    ("account", "acct"),
    ("thanks", "thx"),
    ("i am", "im"),
    ("what", "wat"),
    ("to ", "2 "),
    ("for ", "4 "),
]
_EN_TAILS = ["", "", "", "", " thanks", " pls", "!!", " asap", " now.", " 🙄", " lol", "?"]
_ZH_TAILS = ["", "", "", "", "吧", "啊", "！！", "，谢谢", "。", "？", "呢"]


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 8:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _register_en(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        for a, b in _SMS:
            text = text.replace(a, b)
    elif roll < 0.35:
        text = _typo(text, rng)
    elif roll < 0.45:
        text = text.upper()
    elif roll < 0.6:
        text = text[:1].upper() + text[1:]
    elif roll < 0.7:
        text = "Hello, " + text + ". Many thanks"
    elif roll < 0.78:
        text = "oh great, just great. " + text
    return text + rng.choice(_EN_TAILS)


def _fill(template: str, rng: random.Random, **slots: list[str]) -> str:
    return template.format(**{k: rng.choice(v) for k, v in slots.items()})


@dataclass(frozen=True, slots=True)
class GeneratedSet:
    texts: list[str]
    labels: list[int]  # 1 = leaving or asking what leaving costs, 0 = routine / hard negative
    groups: list[str]  # template family/frame: calibration holds out whole templates


class _Sink:
    """Collects (text -> label, group); a positive overrides a negative with the same text."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[int, str]] = {}

    def add(self, text: str, label: int, group: str) -> None:
        if label or text not in self.rows:
            self.rows[text] = (label, group)


def _base(sink: _Sink, rng: random.Random, per_template: int) -> None:
    en = {"acct": _ACCT_EN, "loan": _LOAN_EN, "other": _OTHER_EN, "bank": ["larkspur", "this bank"]}
    for frame, (i, verb) in product(_FRAME_EN, enumerate(_LEAVE_EN)):
        if rng.random() < 0.45:
            v = _fill(verb, rng, **en)
            sink.add(_register_en(rng.choice(_WHY_EN) + frame.format(v=v), rng), 1, f"leave-en/{i}")
    for i, tpl in enumerate(_FEE_EN):
        for _ in range(per_template * 3):
            sink.add(
                _register_en(rng.choice(_WHY_EN) + _fill(tpl, rng, **en), rng), 1, f"fee-en/{i}"
            )
    for frame, (i, verb) in product(_NEG_FRAME_EN, enumerate(_NEG_EN)):
        for _ in range(2):
            v = _fill(verb, rng, payee=_PAYEE_EN, loan=_LOAN_EN)
            sink.add(_register_en(frame.format(v=v), rng), 0, f"neg-en/{i}")
    zh = {"acct": _ACCT_ZH, "loan": _LOAN_ZH, "other": _OTHER_ZH}
    for frame, (i, verb) in product(_FRAME_ZH, enumerate(_LEAVE_ZH)):
        for _ in range(2):
            v = _fill(verb, rng, **zh)
            sink.add(
                rng.choice(_WHY_ZH) + frame.format(v=v) + rng.choice(_ZH_TAILS), 1, f"leave-zh/{i}"
            )
    for i, tpl in enumerate(_FEE_ZH):
        for _ in range(per_template * 3):
            sink.add(
                rng.choice(_WHY_ZH) + _fill(tpl, rng, **zh) + rng.choice(_ZH_TAILS),
                1,
                f"fee-zh/{i}",
            )
    for frame, (i, verb) in product(_NEG_FRAME_ZH, enumerate(_NEG_ZH)):
        for _ in range(2):
            v = _fill(verb, rng, payee=_PAYEE_ZH)
            sink.add(frame.format(v=v) + rng.choice(_ZH_TAILS), 0, f"neg-zh/{i}")


def _hard_en(sink: _Sink, rng: random.Random, n: int) -> None:
    slots = {
        "acct": _ACCT_EN, "loan": _LOAN_EN, "other": _OTHER_EN, "bank": ["larkspur", "this bank", "you"],
        "why": hard.WHY_HARD_EN, "next": hard.NEXT_EN, "routine": hard.ROUTINE_EN, "thing": hard.THING_EN,
    }  # fmt: skip

    def emit(tpl: str, label: int, group: str, times: int = n) -> None:
        for _ in range(times):
            sink.add(_register_en(_fill(tpl, rng, **slots), rng), label, group)

    for family, verbs in (("gone-en", hard.GONE_EN), ("moveout-en", hard.MOVE_OUT_EN)):
        for i, verb in enumerate(verbs):
            frames = hard.DO_FRAMES_EN[:4] if family == "gone-en" else hard.DO_FRAMES_EN
            for frame in rng.sample(frames, k=min(3, len(frames))):
                emit(frame.replace("{v}", verb), 1, f"{family}/{i}", 1)
    for i, tpl in enumerate(hard.STILL_LEAVING_EN):
        emit(tpl, 1, f"still-en/{i}")
    for i, tpl in enumerate(hard.SESSION_EN):
        emit(
            rng.choice(["{why}", ""]) + tpl + rng.choice(["", " please", ", how"]),
            0,
            f"session-en/{i}",
        )
    for i, frame in enumerate(hard.CANCEL_THING_EN):
        emit(frame, 0, f"cancel-thing-en/{i}", 2 * n)
    for i, past in enumerate(hard.RESOLVED_PAST_EN):
        for now in rng.sample(hard.RESOLVED_NOW_EN, k=6):
            emit(
                rng.choice(["", "", "ok so ", "honestly "]) + f"{past} {now}",
                0,
                f"resolved-en/{i}",
                1,
            )
    for i, tpl in enumerate(hard.NOT_LEAVING_EN + hard.INCOMING_EN):
        emit(tpl, 0, f"not-leaving-en/{i}")
    for i, tpl in enumerate(hard.FRUSTRATED_ROUTINE_EN):
        emit(tpl, 0, f"frustrated-en/{i}")
    # The same openings (sarcasm, a balance question, a complaint) before a routine question:
    # an opening alone is not evidence, only what follows it.
    # As many as the positives that carry each opening (base openings start ~1 in 11 of them).
    openings = [(w, 8) for w in hard.WHY_HARD_EN if w] + [(w, 30) for w in _WHY_EN if w]
    for i, (why, k) in enumerate(dict(openings).items()):
        for verb in rng.sample(_NEG_EN, k=k):
            v = _fill(verb, rng, payee=_PAYEE_EN, loan=_LOAN_EN)
            lead = rng.choice(["", "how do i ", "can you "])
            sink.add(_register_en(why + lead + v, rng), 0, f"opening-en/{i}")


def _hard_zh(sink: _Sink, rng: random.Random, n: int) -> None:
    slots = {"acct": _ACCT_ZH, "other": _OTHER_ZH, "why": hard.WHY_HARD_ZH, "next": hard.NEXT_ZH,
             "thing": hard.THING_ZH}  # fmt: skip

    def emit(tpl: str, label: int, group: str, times: int = n) -> None:
        for _ in range(times):
            sink.add(_fill(tpl, rng, **slots) + rng.choice(_ZH_TAILS), label, group)

    for family, verbs in (("gone-zh", hard.GONE_ZH), ("moveout-zh", hard.MOVE_OUT_ZH)):
        for i, verb in enumerate(verbs):
            frames = hard.DO_FRAMES_ZH[:4] if family == "gone-zh" else hard.DO_FRAMES_ZH
            for frame in rng.sample(frames, k=3):
                emit(frame.replace("{v}", verb), 1, f"{family}/{i}", 1)
    for i, tpl in enumerate(hard.STILL_LEAVING_ZH):
        emit(tpl, 1, f"still-zh/{i}")
    for i, tpl in enumerate(hard.SESSION_ZH):
        emit(rng.choice(["请", "", "帮我", "怎么"]) + tpl, 0, f"session-zh/{i}")
    for i, frame in enumerate(hard.CANCEL_THING_ZH):
        emit(frame, 0, f"cancel-thing-zh/{i}", 2 * n)
    for i, past in enumerate(hard.RESOLVED_PAST_ZH):
        for now in hard.RESOLVED_NOW_ZH:
            emit(rng.choice(["", "", "我", "其实"]) + f"{past}，{now}", 0, f"resolved-zh/{i}", 1)
    for i, tpl in enumerate(hard.FRUSTRATED_ROUTINE_ZH + hard.INCOMING_ZH):
        emit(tpl, 0, f"routine-zh/{i}")
    openings = [(w, 6) for w in hard.WHY_HARD_ZH if w] + [(w, 20) for w in _WHY_ZH if w]
    for i, (why, k) in enumerate(dict(openings).items()):
        for verb in rng.sample(_NEG_ZH, k=k):
            v = _fill(verb, rng, payee=_PAYEE_ZH)
            sink.add(
                why + rng.choice(["", "请问", "怎么"]) + v + rng.choice(_ZH_TAILS),
                0,
                f"opening-zh/{i}",
            )


def generate_grouped(seed: int = 11, per_template: int = 3) -> GeneratedSet:
    """The whole generated set with each message's template group."""
    rng = random.Random(seed)
    sink = _Sink()
    _base(sink, rng, per_template)
    _hard_en(sink, rng, per_template)
    _hard_zh(sink, rng, per_template)
    texts = sorted(sink.rows)
    rng.shuffle(texts)
    return GeneratedSet(texts, [sink.rows[t][0] for t in texts], [sink.rows[t][1] for t in texts])


def generate(seed: int = 11, per_template: int = 3) -> tuple[list[str], list[int]]:
    """(texts, labels): 1 = leaving or asking what leaving costs, 0 = routine/hard negative."""
    data = generate_grouped(seed, per_template)
    return data.texts, data.labels


@cache
def digest() -> str:
    """Content hash of the generated set: part of the NLU cache key, so edits retrain."""
    texts, labels = generate()
    joined = "\n".join(f"{y}\t{t}" for t, y in zip(texts, labels, strict=True))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
