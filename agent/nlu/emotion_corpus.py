"""Generated bilingual training set for the negative-emotion head (emotion_model.py).

Every message gets one of the seven kinds (angry, frustrated, anxious, sad, confused, satisfied,
neutral); the head's binary target is "negative" = angry, frustrated, anxious or sad (confusion
alone is not a bad mood). Built from banking situations × ways of feeling them × registers:

- feeling told as a story, without feeling words ("been on hold 2 hours, third time this
  week"), Reddit-style storytelling over several sentences, sarcasm ("oh great, another fee,
  love that"), polite-but-upset ("I hate to complain but …"), shouting, SMS shorthand, typos;
- distress and hardship ("lost my job and can't make the payment", "我失业了还不上贷款");
- Chinese complaints told as stories, with 气死了 / 无语 / 什么破银行 and traditional characters;
- hard negatives: the same situations asked about calmly ("payment failed?" as a question),
  banking-literal words ("blue card", "damaged card", "killer rates", "terminate a standing
  order", "I hate to bother you but"), thanks and praise.

Deterministic (seeded) so the trained head, and its cache, are reproducible. The held-out sets
(evals/data/emotion_heldout_neg.yaml, emotion_blind.yaml) are written separately and never read
here.
"""

# ruff: noqa: E501, RUF001  (template tables; Chinese punctuation is meant)

from __future__ import annotations

import hashlib
import random
from functools import cache

NEGATIVE_KINDS = frozenset({"angry", "frustrated", "anxious", "sad"})

# ----------------------------------------------------------------------------- English
# Things that go wrong, told flatly (past or present, no feeling word).
_SIT_EN = [
    "my card got declined at the {shop}",
    "you charged me twice for the same {thing}",
    "the transfer still hasn't arrived",
    "the app logged me out again",
    "the app crashes every time I open it",
    "I've been on hold for {n} hours",
    "I was on hold {n} hours and got cut off",
    "my account is locked again",
    "a {fee} fee just appeared on my statement",
    "you took {money} for a {fee} fee",
    "nobody called me back",
    "the refund still isn't there after {n} weeks",
    "my direct debit bounced",
    "my salary hasn't shown up",
    "the branch sent me to the phone line and the phone line sent me to the branch",
    "the chatbot keeps looping",
    "my new card never came",
    "the one-time code never arrives",
    "you blocked my card while I was abroad",
    "my rent payment failed",
    "someone took {money} out of my account",
    "the payment to my landlord bounced",
    "the direct debit went out twice",
    "I got a letter saying I owe {money}",
    "the interest rate went up without notice",
    "my complaint got closed without an answer",
    "they told me {n} different things on the phone",
    "the cash machine kept my card",
    "I was charged {money} for going {money} over",
    "the mortgage offer expired while you lost my documents",
]
_THING_EN = ["coffee", "train ticket", "subscription", "grocery shop", "hotel", "flight", "dinner"]
_SHOP_EN = ["supermarket", "petrol station", "pharmacy", "till", "restaurant", "airport"]
_FEE_EN = ["£25", "£35", "$30", "late payment", "overdraft", "admin", "maintenance", "£12"]
_MONEY_EN = ["£40", "£300", "$1,200", "£3,000", "£9.99", "$60", "£2", "£500"]
_N_EN = ["2", "3", "two", "three", "four", "5"]
# Story continuations that carry the feeling without naming it.
_STORY_TAIL_EN = [
    "third time this week",
    "and still nothing",
    "still waiting",
    "again",
    "for the fourth time",
    "nobody has a clue",
    "and no one will tell me why",
    "every single time",
    "this is the third time I'm writing",
    "been like this since monday",
    "and I was promised a callback",
    "and now I have to start all over",
    "in front of everyone",
    "the kids were with me",
    "on my day off",
    "and the phone line is closed",
    "been trying since 8am",
    "been at this all morning",
    "for the past three days",
    "it's been a week",
    "still no reply to my emails",
    "same thing yesterday",
    "and every time I get a different answer",
    "and I've already explained this twice",
    "I've lost count of how many times",
    "and now I'm late for work",
    "while I was trying to pay for my shopping",
    "and no one picks up",
    "how many more times",
    "after I was told it was fixed",
]
_ANGRY_EN = [
    "this is a disgrace",
    "absolutely unacceptable",
    "you people are a joke",
    "I'm livid",
    "what a shambles",
    "are you kidding me",
    "how is this legal",
    "this is theft",
    "you should be ashamed",
    "who runs this place",
    "I want answers now",
    "sort it out",
    "pathetic",
    "worst bank I've ever dealt with",
    "i am so angry right now",
    "daylight robbery",
    "your app is garbage",
    "worst customer service I've ever had",
    "useless, the lot of you",
    "rubbish service",
    "this bank is a complete joke",
    "you've ruined my week",
    "disgusting way to treat customers",
    "I'm fuming",
    "total incompetence",
    "shocking",
]
_FRUSTRATED_EN = [
    "so annoying",
    "ugh",
    "sick of this",
    "fed up",
    "seriously?",
    "give me a break",
    "I give up",
    "this is getting old",
    "why is this so hard",
    "come on",
    "such a waste of my time",
    "beyond a joke",
    "tired of chasing you",
    "not good enough",
    "smh",
    "for crying out loud",
    "this is ridiculous",
    "what a nightmare",
    "why is nothing ever simple with you",
    "honestly can't be bothered anymore",
    "I'm so done with this",
    "thanks for the 'help'",
    "cheers for the so-called support",
    "great 'service' as usual",
    "typical",
    "here we go again",
]
_ANXIOUS_EN = [
    "I'm really worried",
    "please help, I don't know what to do",
    "what happens now?",
    "I'm panicking",
    "I need this fixed today",
    "my rent is due tomorrow",
    "I can't sleep over this",
    "is my money safe?",
    "I'm scared it's fraud",
    "what if it doesn't come back",
    "I have nothing else to pay with",
    "please, it's urgent",
    "I'm stuck abroad with no money",
    "I'm stranded",
    "I need that money for my mum's medicine",
    "my kids need feeding",
    "I'm freaking out a bit",
    "I can't stop thinking about it",
    "what am I supposed to do now",
]
_SAD_EN = [
    "I lost my job and I can't pay {bill}",
    "I can't afford {bill} this month",
    "I can't pay my rent",
    "I'm behind on {bill} and the letters keep coming",
    "I lost my job and can't make the payment",
    "since my {rel} died I can't keep up with anything",
    "my {rel} passed away and I don't know how to deal with the accounts",
    "I don't know how I'll feed the kids this week",
    "I'm struggling to make ends meet",
    "I've got nothing left after the bills",
    "I feel like giving up",
    "I'm in so much debt I can't see a way out",
    "my hours were cut and I can't cover {bill}",
    "I've been off sick and the money's run out",
    "my partner left and I can't afford the mortgage alone",
    "I'm on my own and it's all too much",
    "honestly I'm at rock bottom",
    "the rent is due and there's nothing in the account",
    "I've had to choose between heating and food this month",
    "the payment will bounce and I have no way to cover it",
    "I was made redundant and the {bill} is due next week",
    "I can't make {bill} and I'm scared of what happens next",
    "we're really struggling since the baby came",
]
_BILL_EN = [
    "my rent",
    "the mortgage",
    "my loan payment",
    "the credit card",
    "my overdraft",
    "the bills",
]
_REL_EN = ["husband", "wife", "mum", "dad", "partner", "son"]
_SARCASM_EN = [
    "oh great, {sit}. love that",
    "wow, {sit}. amazing service",
    "brilliant. {sit}. just brilliant",
    "thanks a lot, {sit}",
    "fantastic, {sit}. what would I do without you",
    "cool cool cool, {sit}",
    "nice one, {sit}. really top work",
    "love how {sit}",
    "great job guys, {sit}",
    "another day, another fee. love it",
    "oh look, {sit}. what a surprise",
]
_POLITE_UPSET_EN = [
    "I hate to complain but {sit} and it's really not good enough",
    "with respect, {sit} and I'm very disappointed",
    "I'm sorry but {sit}, this can't go on",
    "I've been patient but {sit}",
    "I appreciate you're busy, but {sit} {tail}",
    "I don't want to be rude but {sit} {tail}",
    "I'm afraid I'm really unhappy: {sit}",
    "kindly explain why {sit}, this is the third time I ask",
]
_STORY_OPEN_EN = [
    "so",
    "ok so",
    "long story short,",
    "update:",
    "just so you know,",
    "right,",
    "",
    "",
]
_STORY_CLOSE_EN = [
    "Not impressed.",
    "How hard can it be?",
    "Is anyone even reading these?",
    "I'm done.",
    "What a joke.",
    "Words fail me.",
    "",
]

# Calm questions and statements, including the same situations asked about without feeling.
_NEUTRAL_EN = [
    "what's my balance",
    "how do I order a new card",
    "can I change my address online",
    "what's the sort code",
    "when does the branch open on saturday",
    "how long does a transfer to another bank take",
    "payment failed? or is it still pending",
    "did the payment fail or go through",
    "why was my card declined",
    "is there a fee for paying abroad",
    "how do I dispute a charge",
    "what happens if I miss a payment",
    "how do I report a lost card",
    "my card is damaged, can I get a replacement",
    "the chip on my card is damaged, how do I get a new one",
    "can I have the blue card instead",
    "is the blue card the same as the black one",
    "I hate to bother you but what's the IBAN",
    "I hate to ask but where do I find my account number",
    "those rates are killer, how do I sign up",
    "killer rates on the saver, is it still open",
    "how do I terminate a standing order",
    "how do I cancel a direct debit",
    "what's the overdraft fee",
    "how much is the late payment fee",
    "can I get a payment holiday on my loan",
    "how does the fraud team contact customers",
    "what should I do if I think a text is a scam",
    "how do I freeze my card",
    "I need a copy of my statement",
    "can I pay off my loan early",
    "what is the interest rate on the fixed saver",
    "how do I set up a joint account",
    "my phone broke, how do I log in on a new one",
    "what documents do I need for a mortgage",
    "killing time before my appointment, what should I bring",
    "I'm going abroad next week, do I need to tell you",
    "how do I reset my password",
    "can my son open a student account",
    "is the app down for maintenance tonight",
    "where is the nearest cash machine",
    "can you send me a new PIN",
    "WHAT IS THE SORT CODE",
    "HOW DO I CHANGE MY PIN",
    "is there a limit on contactless",
    "do failed direct debits cost anything",
    "what's a chargeback",
    "the card reader in my shop is broken, who do I call",
    "my late dad's account, what documents do you need",
    "sad to hear the branch is closing, where's the next one",
    "I lost my card, can you block it",
    "someone called claiming to be you, is that normal",
    "I'm worried I typed the wrong reference, can I check",
    "no worries, take your time",
    "not urgent, just wondering about the exchange rate",
    "crazy question but can I have two current accounts",
    "I got a text about a declined payment, is it from you",
    "how do I make a complaint",
    "can I talk to someone about a mortgage",
]
# A problem stated calmly with a plain request is not a feeling: the feeling is in the rest.
_CALM_ASK_EN = [
    "{sit}, can you check why",
    "{sit}. what are my options?",
    "{sit}, how do I fix it",
    "hi, {sit}, could you look into it please",
    "{sit}, is there a form for that",
    "just letting you know {sit}, no rush",
    "{sit} - what's the next step?",
]
_SATISFIED_EN = [
    "thanks, that sorted it",
    "brilliant, the money's arrived, cheers",
    "lovely, thank you so much",
    "great app, really easy",
    "you've been really helpful",
    "perfect, all done",
    "awesome thanks",
    "that worked, thank you",
    "much appreciated",
    "you're a lifesaver",
    "so quick, love it",
    "really happy with the new card",
    "can't complain, all good",
    "not bad at all, thanks",
    "that was easier than I thought",
]
_CONFUSED_EN = [
    "I don't understand this charge",
    "what does this code on my statement mean",
    "which account should I pick",
    "I'm not sure what the difference is",
    "wait, so is it free or not",
    "huh, I thought it was monthly",
    "sorry, what do you mean by available balance",
    "this letter makes no sense to me",
    "confused about which form I need",
]

# ----------------------------------------------------------------------------- Chinese
_SIT_ZH = [
    "卡在{shop}被拒了",
    "同一笔{thing}扣了我两次",
    "转账到现在还没到",
    "app又把我踢出来了",
    "app一打开就闪退",
    "电话排队等了{n}个小时",
    "排了{n}个小时电话还被挂了",
    "账户又被锁了",
    "账单上莫名其妙多了一笔{fee}",
    "扣了我{money}的手续费",
    "说好回电话，一直没人打",
    "退款{n}个星期了还没到",
    "自动扣款失败了",
    "工资到现在还没到账",
    "网点让我打电话，电话又让我去网点",
    "客服机器人一直绕圈子",
    "新卡一直没寄到",
    "验证码一直收不到",
    "我在国外卡被冻结了",
    "房租没付出去",
    "账户里少了{money}",
    "利率说涨就涨也不通知",
    "投诉了也没人回",
    "ATM把我的卡吞了",
]
_SHOP_ZH = ["超市", "加油站", "药店", "餐厅", "机场"]
_THING_ZH = ["咖啡", "车票", "会员费", "外卖", "机票"]
_FEE_ZH = ["年费", "管理费", "手续费", "滞纳金", "短信费"]
_MONEY_ZH = ["五十块", "三百", "两千块", "五万", "一千二"]
_N_ZH = ["两", "三", "四", "一个多"]
_STORY_TAIL_ZH = [
    "这周第三次了",
    "到现在也没人管",
    "又是这样",
    "每次都这样",
    "一直在等",
    "问谁都不知道",
    "当着那么多人的面",
    "打了四次电话了",
    "说好的回电呢",
]
_ANGRY_ZH = [
    "气死了",
    "什么破银行",
    "太过分了",
    "简直是抢钱",
    "你们还讲不讲理",
    "我要投诉你们",
    "垃圾服务",
    "火大",
    "恶心",
    "你们是骗子吧",
]
_FRUSTRATED_ZH = [
    "无语",
    "烦死了",
    "受够了",
    "心累",
    "服了",
    "真的很无奈",
    "能不能靠谱一点",
    "浪费我时间",
    "醉了",
    "怎么这么麻烦",
]
_ANXIOUS_ZH = [
    "好担心",
    "急死了",
    "怎么办啊",
    "我好慌",
    "明天就要交房租了",
    "钱还能找回来吗",
    "是不是被盗刷了",
    "求求你们快点处理",
    "睡不着觉",
]
_SAD_ZH = [
    "我失业了还不上贷款",
    "这个月房租交不起了",
    "失业了，房贷不知道怎么还",
    "欠了很多钱，不知道怎么办",
    "信用卡逾期了，催收电话一直打",
    "{rel}去世了，我不知道这些账户怎么处理",
    "生病没上班，钱都花光了",
    "一个人带孩子，真的撑不下去了",
    "工资被降了，月供还不起",
    "手头太紧了，连饭钱都快没了",
    "真的很绝望",
]
_REL_ZH = ["我老公", "我妈", "我爸", "我爱人"]
_SARCASM_ZH = [
    "呵呵，{sit}，真棒",
    "太好了，{sit}，服务真是一流",
    "谢谢你们啊，{sit}",
    "{sit}，你们真厉害",
    "又{sit}，真是惊喜",
]
_POLITE_UPSET_ZH = [
    "不好意思，但是{sit}，真的很失望",
    "我一直很耐心，可是{sit}",
    "我不想抱怨，但{sit}，这也太说不过去了",
    "麻烦解释一下为什么{sit}",
]
_NEUTRAL_ZH = [
    "我的余额是多少",
    "怎么补办银行卡",
    "付款失败了吗？还是在处理中",
    "这笔付款是失败了吗",
    "为什么我的卡被拒了",
    "卡片坏了能换一张吗",
    "卡的芯片坏了怎么办",
    "我想要蓝色的卡",
    "不好意思打扰一下，请问营业时间",
    "请问怎么取消定期转账",
    "怎么取消自动扣款",
    "境外消费有手续费吗",
    "逾期一天会怎么样",
    "怎么挂失",
    "提前还贷要手续费吗",
    "定期利率是多少",
    "怎么开通手机银行",
    "密码忘了怎么办",
    "周末网点开门吗",
    "转账到外地要多久",
    "怎么冻结银行卡",
    "我要改手机号",
    "能申请延期还款吗",
    "怎么投诉",
    "收到一条短信说付款失败，是你们发的吗",
    "帳戶餘額怎麼查",
    "怎麼申請信用卡",
    "ATM吞卡了怎么取回",
    "人工智能客服能办理转账吗",
    "我想开个联名账户",
    "怎么举报诈骗电话",
    "收到诈骗短信怎么处理",
    "被盗刷了要怎么申请退款",
    "我想投诉，流程是什么",
    "逾期了会影响征信吗",
]
_CALM_ASK_ZH = [
    "{sit}，帮我查一下原因",
    "{sit}，请问下一步怎么办",
    "你好，{sit}，麻烦看一下",
    "{sit}，需要什么材料吗",
]
_SATISFIED_ZH = [
    "谢谢，解决了",
    "太好了，钱到了",
    "好的，谢谢你",
    "app很好用",
    "服务很好，点赞",
    "辛苦了，谢谢",
    "搞定了，感谢",
    "这么快就处理好了，谢谢",
]
_CONFUSED_ZH = [
    "这个扣费是什么意思",
    "我不太明白这两个账户有什么区别",
    "账单上的代码看不懂",
    "到底要填哪张表",
    "是免费的还是收费的？",
]

_SMS = [("you", "u"), ("are", "r"), ("please", "pls"), ("because", "cuz"), ("account", "acct"),
        ("thanks", "thx"), ("i am", "im"), ("I'm", "im"), ("what", "wat"), ("to ", "2 "),
        ("for ", "4 "), ("don't", "dont"), ("can't", "cant")]  # fmt: skip
_TRAD = str.maketrans(
    "这么说转账户还没银行钱扣费给让机时电话处里气个们过资卡",
    "這麼說轉賬戶還沒銀行錢扣費給讓機時電話處裡氣個們過資卡",
)


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 8:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _register_en(text: str, rng: random.Random, negative: bool) -> str:
    roll = rng.random()
    if roll < 0.18:
        text = text.lower()
        for a, b in _SMS:
            text = text.replace(a, b)
    elif roll < 0.3:
        text = _typo(text, rng)
    elif roll < 0.36:
        text = text.upper()
    elif roll < 0.5:
        text = text[:1].upper() + text[1:]
    elif roll < 0.58 and negative:  # emphasis caps on one word
        words = text.split()
        j = rng.randrange(len(words))
        words[j] = words[j].upper()
        text = " ".join(words)
    tails = (
        ["", "", "", ".", "!", "!!", "?", " 😡", " 🙄", " lol", " :(", " 😢"]
        if negative
        else ["", "", "", ".", "!", " :)", " 🙂", "?", " thx"]
    )
    return text + rng.choice(tails)


def _fill(template: str, rng: random.Random, **slots: list[str]) -> str:
    return template.format(
        **{k: rng.choice(v) for k, v in slots.items() if "{" + k + "}" in template}
    )


def _sit_en(rng: random.Random) -> str:
    return _fill(
        rng.choice(_SIT_EN),
        rng,
        shop=_SHOP_EN,
        thing=_THING_EN,
        fee=_FEE_EN,
        money=_MONEY_EN,
        n=_N_EN,
    )


def _sit_zh(rng: random.Random) -> str:
    return _fill(
        rng.choice(_SIT_ZH),
        rng,
        shop=_SHOP_ZH,
        thing=_THING_ZH,
        fee=_FEE_ZH,
        money=_MONEY_ZH,
        n=_N_ZH,
    )


def _english(rng: random.Random, out: dict[str, str], n: int) -> None:
    def add(text: str, kind: str) -> None:
        out.setdefault(_register_en(text, rng, kind in NEGATIVE_KINDS), kind)

    for _ in range(n):
        sit, tail = _sit_en(rng), rng.choice(_STORY_TAIL_EN)
        # Feeling told as a story: frustrated.
        add(f"{sit}, {tail}", "frustrated")
        story = " ".join(
            s
            for s in (
                rng.choice(_STORY_OPEN_EN),
                f"{sit}.",
                f"Then {_sit_en(rng)}.",
                tail.capitalize() + ".",
                rng.choice(_STORY_CLOSE_EN),
            )
            if s
        )
        add(story, "frustrated")
        add(f"{sit}. {rng.choice(_ANGRY_EN)}", "angry")
        add(f"{rng.choice(_ANGRY_EN)}, {sit}", "angry")
        add(f"{sit} {tail}, {rng.choice(_FRUSTRATED_EN)}", "frustrated")
        add(_fill(rng.choice(_SARCASM_EN), rng, sit=[sit]), "frustrated")
        add(_fill(rng.choice(_POLITE_UPSET_EN), rng, sit=[sit], tail=_STORY_TAIL_EN), "frustrated")
        add(f"{sit}, {rng.choice(_ANXIOUS_EN)}", "anxious")
        add(f"{rng.choice(_ANXIOUS_EN)} {sit}", "anxious")
        add(_fill(rng.choice(_SAD_EN), rng, bill=_BILL_EN, rel=_REL_EN), "sad")
        sad = _fill(rng.choice(_SAD_EN), rng, bill=_BILL_EN, rel=_REL_EN)
        add(f"{sad}, {rng.choice(_ANXIOUS_EN)}", rng.choice(["sad", "anxious"]))
        # Negatives: calm, pleased, confused; some with a situation asked about calmly.
        add(rng.choice(_NEUTRAL_EN), "neutral")
        add(rng.choice(_NEUTRAL_EN), "neutral")
        add(f"hi, {rng.choice(_NEUTRAL_EN)}", "neutral")
        add(f"quick question: {rng.choice(_NEUTRAL_EN)}", "neutral")
        add(rng.choice(_SATISFIED_EN), "satisfied")
        add(f"{sit} but it's sorted now, {rng.choice(_SATISFIED_EN)}", "satisfied")
        add(rng.choice(_CONFUSED_EN), "confused")
        add(_fill(rng.choice(_CALM_ASK_EN), rng, sit=[_sit_en(rng)]), "neutral")


def _chinese(rng: random.Random, out: dict[str, str], n: int) -> None:
    def add(text: str, kind: str) -> None:
        if rng.random() < 0.15:
            text = text.translate(_TRAD)
        tails = (
            ["", "", "！", "！！", "。", "？？", "😡", "…"]
            if kind in NEGATIVE_KINDS
            else ["", "", "。", "？", "～", "🙂"]
        )
        out.setdefault(text + rng.choice(tails), kind)

    for _ in range(n):
        sit, tail = _sit_zh(rng), rng.choice(_STORY_TAIL_ZH)
        add(f"{sit}，{tail}", "frustrated")
        add(f"{sit}，然后{_sit_zh(rng)}，{tail}", "frustrated")
        add(f"{sit}，{rng.choice(_ANGRY_ZH)}", "angry")
        add(f"{rng.choice(_ANGRY_ZH)}！{sit}", "angry")
        add(f"{sit}，{rng.choice(_FRUSTRATED_ZH)}", "frustrated")
        add(_fill(rng.choice(_SARCASM_ZH), rng, sit=[sit]), "frustrated")
        add(_fill(rng.choice(_POLITE_UPSET_ZH), rng, sit=[sit]), "frustrated")
        add(f"{sit}，{rng.choice(_ANXIOUS_ZH)}", "anxious")
        add(_fill(rng.choice(_SAD_ZH), rng, rel=_REL_ZH), "sad")
        add(f"{_fill(rng.choice(_SAD_ZH), rng, rel=_REL_ZH)}，{rng.choice(_ANXIOUS_ZH)}", "sad")
        add(rng.choice(_NEUTRAL_ZH), "neutral")
        add(f"你好，{rng.choice(_NEUTRAL_ZH)}", "neutral")
        add(f"请问{rng.choice(_NEUTRAL_ZH)}", "neutral")
        add(rng.choice(_SATISFIED_ZH), "satisfied")
        add(rng.choice(_CONFUSED_ZH), "confused")
        add(_fill(rng.choice(_CALM_ASK_ZH), rng, sit=[_sit_zh(rng)]), "neutral")


def generate(
    seed: int = 11, en_rounds: int = 120, zh_rounds: int = 90
) -> tuple[list[str], list[str]]:
    """(texts, kinds). ``kind in NEGATIVE_KINDS`` is the head's binary target."""
    rng = random.Random(seed)
    out: dict[str, str] = {}
    _english(rng, out, en_rounds)
    _chinese(rng, out, zh_rounds)
    texts = sorted(out)
    rng.shuffle(texts)
    return texts, [out[t] for t in texts]


@cache
def digest() -> str:
    """Content hash of the generated set: part of the NLU cache key, so edits retrain."""
    texts, kinds = generate()
    joined = "\n".join(f"{k}\t{t}" for t, k in zip(texts, kinds, strict=True))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
