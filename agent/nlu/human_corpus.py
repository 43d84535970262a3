"""Generated bilingual training set for the wants-a-person head (human_model.py).

Templates × slots × register transforms give a few thousand varied messages. Positives: asking,
now, to be put in touch with a person: an agent, staff, a manager, a call back, the hotel's front
desk or reception; bare "agent" / "转人工"; "no more bot"; preferring a person. Registers: chat,
SMS shorthand, keyboard typos on the key words ("tlak to a persn", "agnet"), caps, polite,
angry, sarcastic, rambling, Reddit-style asides; simplified and traditional Chinese.
Negatives: routine banking and hotel questions, and hard negatives that share the words:
asking *about* the service ("customer service hours", "what's your phone number", "contact
details"), people in payments ("person-to-person transfer", "add a person to my account",
"joint account holder"), other senses ("agent fees", "travel agent", "human error", 人工智能,
人工费), asking whether this is a bot out of curiosity, past conversations ("I spoke to an
agent yesterday"), and declining a person ("no need for a human").

Deterministic (seeded) so the trained head, and its cache, are reproducible. The test sets
(evals/data/human_heldout.yaml, human_blind.yaml) are written separately and never read here.
"""

# ruff: noqa: E501  (template tables)

from __future__ import annotations

import hashlib
import random
from functools import cache

_ASK_EN = [
    "can i talk to {p}",
    "can i speak to {p}",
    "could i speak with {p}",
    "i want to talk to {p}",
    "i wanna speak to {p}",
    "i need to speak to {p}",
    "i'd like to speak with {p}",
    "i would like to talk to {p} please",
    "let me talk to {p}",
    "let me chat with {p}",
    "put me through to {p}",
    "connect me with {p}",
    "connect me to {p}",
    "transfer me to {p}",
    "please transfer me to {p}",
    "get me {p}",
    "give me {p}",
    "i need {p}",
    "i want {p}",
    "is there {p} i can talk to",
    "is there {p} i can chat with",
    "can i get {p} on the line",
    "can i have {p} please",
    "could you pass me to {p}",
    "hand me over to {p}",
    "escalate this to {p}",
    "escalate me to {p}",
    "i demand to speak to {p}",
    "i'd rather talk to {p}",
    "i'd prefer to deal with {p}",
    "i'd feel better speaking to {p}",
    "how do i get through to {p} from here",
    "any way to reach {p} from this chat",
    "put {p} on",
    "hook me up with {p}",
    "can you get {p} to look at this",
    "i need {p} to help me with this",
    "please have {p} contact me",
    "can {p} call me back",
    "can {p} ring me",
    "have {p} phone me",
    "i want to speak to {p} about my {topic}",
    "can i talk to {p} about my {topic}",
    "need {p} for my {topic} issue",
    "i'd like to discuss my {topic} with {p}",
    "i want this escalated to {p}",
    "can this be escalated to {p}",
    "please escalate my {topic} to {p}",
    "can {p} look at this with me",
    "could {p} go through my {topic} with me",
    "i need {p} to sort this out",
    "is {p} around",
    "is {p} available right now",
    "{p} should call me",
    "just gimme {p}",
    "i'm fed up with automated answers, {p} now",
    "i'd like to be connected to {p}",
    "could you get {p} for me",
    "who can i talk to? i need {p}",
    "how can i speak to {p}",
    "how do i get to talk to {p}",
]
_PERSON_EN = [
    "a human",
    "a real person",
    "an actual person",
    "a person",
    "a human being",
    "a live agent",
    "an agent",
    "a real agent",
    "a representative",
    "a rep",
    "an operator",
    "someone",
    "somebody",
    "someone real",
    "a member of staff",
    "a staff member",
    "one of your staff",
    "your manager",
    "a manager",
    "a supervisor",
    "customer service",
    "a customer service agent",
    "customer support",
    "an advisor",
    "an adviser",
    "a banker",
    "someone from the bank",
    "someone from your team",
    "a specialist",
    "a colleague",
    "someone who can help",
    "someone senior",
    "a real human",
    "an employee",
    "a live person",
    "a person not a bot",
    "the front desk",
    "reception",
    "the concierge",
    "someone at the hotel",
    "the duty manager",
    "someone at reception",
    "the hotel staff",
    "a travel consultant",
    "the reservations team",
    "the fraud team",
    "the mortgage team",
    "the complaints team",
    "your boss",
]
_TOPIC_EN = [
    "account",
    "mortgage",
    "loan",
    "card",
    "booking",
    "room",
    "reservation",
    "refund",
    "complaint",
    "dispute",
    "savings",
    "overdraft",
]
_BARE_EN = [
    "agent",
    "human",
    "operator",
    "representative",
    "real person",
    "live agent",
    "person",
    "human please",
    "agent please",
    "agent pls",
    "rep pls",
    "operator!",
    "human!!",
    "agent now",
    "human now",
    "person please",
    "live person",
    "customer service agent",
    "speak to agent",
    "talk to human",
    "talk to agent",
    "talk to a person",
    "speak to someone",
    "real human please",
    "agent agent",
    "human. now.",
    "get human",
    "need agent",
    "want a person",
    "front desk please",
    "reception please",
    "manager please",
    "supervisor now",
]
_BOT_EN = [
    "i don't want to talk to a bot",
    "stop the bot, get me a person",
    "no more bots, i want a human",
    "this bot is useless, let me talk to someone",
    "you're not helping, i need a real person",
    "i'm done with this robot, human please",
    "enough of the automated replies, put a person on",
    "i don't want a chatbot i want a human",
    "you clearly don't understand, get me someone who does",
    "stop answering me with articles and get me a person",
    "i've asked three times, just let me speak to someone",
    "is anyone real there? i need someone",
    "is there an actual human working there i can talk to",
    "are there real people there? i need one",
    "i'd rather not do this with a machine, can i get a person",
]
_CALLBACK_EN = [
    "can someone call me back",
    "please call me back",
    "i'd like a call back",
    "request a callback please",
    "can somebody from the bank give me a call",
    "have someone ring me about this",
    "could a member of staff phone me",
    "can the hotel call my room",
    "can someone from reception call me",
    "i want someone to call me today",
]

# Hard negatives: the words of a request, not the request.
_NEG_EN = [
    # asking about the service or how to reach it
    "what are your customer service hours",
    "what time does customer support open",
    "when do your agents finish today",
    "what's your phone number",
    "what's the customer service number",
    "where can i find your contact details",
    "what are your contact details",
    "how do i contact you",
    "how can i contact customer service",
    "do you have an email address",
    "what's the complaints email",
    "is live chat available on weekends",
    "what hours is live chat open",
    "is your helpline free",
    "how long is the wait on the phone",
    "what are the call centre opening times",
    "can i call you from abroad",
    "what's the number for reception",
    "what time does the front desk close",
    "is reception open 24 hours",
    "what's the hotel's phone number",
    "what's the address of the branch",
    "are branches open on saturday",
    "how do i book a branch appointment",
    "do you have a number for the hearing impaired",
    # people in payments and accounts
    "how do i make a person to person transfer",
    "what's the limit for person-to-person payments",
    "send money to another person",
    "how do i pay a person who isn't in my payees",
    "transfer money to a friend",
    "the person i paid didn't get the money",
    "can i send money to someone abroad",
    "how do i add a person to my account",
    "can i add someone to my account",
    "how do i make my partner a joint account holder",
    "add a second card holder",
    "can i add an authorised user",
    "remove a person from my joint account",
    "how do i set up power of attorney",
    "can my son manage my account",
    "open an account for my daughter",
    "change the contact person on my business account",
    "update the account holder's name",
    # other senses of agent / human / person
    "what are the agent fees",
    "are there agent fees on transfers",
    "my travel agent charged me twice",
    "the estate agent needs proof of funds",
    "i'm a letting agent, can i open a client account",
    "what is the paying agent for this bond",
    "my agent code is on the letter, what is it for",
    "do you have jobs for customer service agents",
    "human error, i sent it to the wrong account",
    "i work in human resources and need a salary letter",
    "what's a personal loan rate",
    "is this a personal or business account",
    "is my personal information safe",
    "personal banking app login",
    "which person is named on the account",
    "do you use artificial intelligence",
    "how does your ai decide my credit score",
    # curiosity about the bot
    "are you a bot",
    "are you a bot? just curious",
    "is this ai or a real person, just wondering",
    "am i talking to a human? not that it matters",
    "lol are you a robot",
    "is this chat automated",
    "are you a real person or a program? just asking",
    "is anyone reading these chats",
    # the past and other people
    "i spoke to an agent yesterday",
    "i spoke to an agent yesterday and they said it would be fixed",
    "the person on the phone last week said the fee would be refunded",
    "your advisor told me to wait 5 days",
    "i talked to someone at the branch and they said to use the app",
    "i already chatted with a human earlier about this",
    "the agent i spoke to gave me a reference number",
    "your staff at the branch were lovely",
    "please pass my thanks to the agent who helped me",
    "your rep was really helpful last time",
    "the receptionist said breakfast is included",
    "the front desk gave me the wrong key card",
    # declining a person
    "no need for a human, just tell me the rate",
    "i don't need to talk to anyone, what's the sort code",
    "don't transfer me, i just want my balance",
    "i'm fine chatting here",
    "no need to escalate, you answered it",
    "i don't want to speak to anyone, just block the card",
    # talking about something, not to someone; preferring the chat
    "i want to talk about my overdraft",
    "i'd like to speak about raising my limit",
    "can we talk about the fees",
    "talk me through setting up a standing order",
    "can you talk me through the fees",
    "i hate talking on the phone, can i do it all here",
    "i'd rather sort this out in the chat",
    "can i do this online instead of calling",
    "i prefer chatting here to calling",
    "i don't want to call, can you do it",
    "who should i contact about a lost card",
    "which department handles mortgages",
]
_NEG_PERSON_EN = [
    "the {p} i spoke to yesterday was rude",
    "{p} told me last week it was sorted",
    "i want to complain about {p} i dealt with",
    "i already spoke with {p} about this",
    "no thanks, i don't want to speak to {p}",
    "no need for {p}",
    "i don't need {p}, just the answer",
    "what are the hours for {p}",
    "what's the phone number for {p}",
    "is {p} available on weekends",
    "does {p} work on sundays",
]
_ROUTINE_EN = [
    "what's my balance",
    "how do i change my pin",
    "my card was declined",
    "i lost my card",
    "how long does an international transfer take",
    "i want to dispute a transaction",
    "how do i order a new card",
    "what's the interest rate on savings",
    "how do i reset my password",
    "my app keeps crashing",
    "i've been waiting days for my refund and it's ridiculous",
    "why was i charged twice",
    "how do i set up a direct debit",
    "can i increase my overdraft",
    "what's the cut-off time for payments",
    "how do i freeze my card",
    "where's my nearest branch",
    "what time is check-in",
    "can i get a late checkout",
    "is breakfast included",
    "how do i cancel my booking",
    "the hotel put a hold on my card",
    "is there parking at the hotel",
    "can i change my reservation dates online",
    "do you have a room available next friday",
    "how much is the city tax",
    "is the pool open in winter",
    "this app is useless",
    "honestly the worst bank, nothing works",
    "thanks that fixed it",
    "hello",
    "hi there",
    "ok thanks",
    "what documents do i need to open an account",
]

_ASK_ZH = [
    "我要{p}",
    "我想找{p}",
    "帮我转{p}",
    "麻烦转接{p}",
    "给我接{p}",
    "能不能转{p}",
    "请帮我联系{p}",
    "我要跟{p}说",
    "让{p}来处理",
    "叫{p}出来",
    "找{p}",
    "我需要{p}帮忙",
    "可以转{p}吗",
    "请转接{p}",
    "我想和{p}聊聊",
    "能让{p}给我打个电话吗",
    "请安排{p}联系我",
    "我要求{p}处理",
    "换{p}吧",
    "有没有{p}",
]
_PERSON_ZH = [
    "人工",
    "人工客服",
    "人工服务",
    "真人",
    "真人客服",
    "活人",
    "工作人员",
    "客服人员",
    "你们经理",
    "主管",
    "领导",
    "专员",
    "客户经理",
    "负责人",
    "前台",
    "酒店前台",
    "大堂经理",
    "值班经理",
    "酒店工作人员",
    "懂行的人",
    "人工坐席",
    "柜员",
    "一个真人",
]
_BARE_ZH = [
    "转人工",
    "人工",
    "人工客服",
    "人工服务",
    "接人工",
    "要人工",
    "真人",
    "人工人工",
    "转人工！！",
    "人工！",
    "找人工",
    "人工在吗",
    "有人吗，我要人工",
    "叫人来",
    "来个人",
    "换个人",
]
_ASK_ZH += [
    "我要跟{p}直接说",
    "让{p}给我打个电话",
    "{p}呢，让他来",
    "直接给我接{p}",
    "我要找{p}当面说",
]
_NEG_PERSON_ZH = [
    "上次{p}说会处理",
    "{p}的电话是多少",
    "{p}几点上班",
    "不用{p}了",
    "不需要{p}",
    "{p}态度太差了",
    "你们{p}是真人吗",
    "我昨天找过{p}了",
]
_BOT_ZH = [
    "不要机器人，我要人工",
    "机器人听不懂，转人工",
    "别让机器人回了",
    "受够了这个智能客服，找个真人",
    "跟机器人说不清楚，找个人",
    "你这个AI没用，给我转人工",
    "不想和机器人聊了",
    "说了半天没用，换人工",
    "我不要跟机器说话",
    "不想对着机器打字了",
]
_NEG_ZH = [
    "客服电话是多少",
    "客服几点上班",
    "人工客服的工作时间是几点",
    "周末有人工服务吗",
    "你们的联系方式是什么",
    "客服邮箱是什么",
    "前台电话多少",
    "酒店前台几点下班",
    "酒店有二十四小时前台吗",
    "网点几点开门",
    "人工智能是什么",
    "你们用人工智能审批吗",
    "人工智能会不会泄露我的信息",
    "人工费怎么收",
    "人工成本太高了",
    "怎么给别人转账",
    "转账给朋友",
    "个人转账限额多少",
    "个人对个人转账要手续费吗",
    "对方说没收到我转的钱",
    "怎么添加联名账户持有人",
    "怎么给账户加一个人",
    "怎么办理授权委托",
    "个人贷款利率多少",
    "个人网银怎么开通",
    "个人信息怎么修改",
    "旅行社让我开存款证明",
    "中介费怎么付",
    "房屋中介要资金证明",
    "代理费是多少",
    "你是机器人吗",
    "你是真人吗？好奇问问",
    "这是AI在回复吗",
    "昨天人工客服说三天到账",
    "上次工作人员说会处理",
    "你们客户经理很专业，谢谢",
    "不用转人工了，谢谢",
    "不需要人工，告诉我利率就行",
    "我不想找人，直接帮我冻结卡",
    "我想聊聊透支额度的事",
    "我的余额是多少",
    "信用卡怎么还款",
    "卡丢了怎么办",
    "手机银行登录不了",
    "怎么修改密码",
    "上个月账单怎么查",
    "几点可以入住",
    "可以延迟退房吗",
    "怎么取消酒店预订",
    "早餐包含吗",
    "这个APP太难用了",
    "退款等了一周还没到，太离谱了",
    "谢谢，解决了",
    "你好",
    "境外汇款手续费多少",
    "你们是真人在回复吗",
    "是机器人在回答吗，好奇",
    "客服是真人吗",
    "我不想打电话，在这里办可以吗",
]

_PREFIX_EN = [
    "",
    "",
    "",
    "",
    "hi, ",
    "hello, ",
    "hi there. ",
    "sorry to bother you, but ",
    "excuse me, ",
    "ok ",
    "look, ",
    "honestly ",
    "ngl ",
    "tbh ",
    "lol ",
    "ugh ",
    "seriously, ",
    "right. ",
    "oh great, another bot. ",
    "wow, so helpful. ",
    "i've tried the app three times and nothing works. ",
    "so my card got blocked abroad and the app won't load, ",
    "this is taking forever. ",
    "tl;dr: ",
    "long story short, ",
    "not to be rude but ",
    "i'm elderly and not good with computers, ",
]
_SUFFIX_EN = [
    "",
    "",
    "",
    "",
    " please",
    " pls",
    " plz",
    " thanks",
    " thank you",
    "!!",
    "!",
    "?",
    " now",
    " asap",
    " right now",
    " for god's sake",
    " 🙄",
    " lol",
    ".",
    ", this is urgent",
]
_SUFFIX_ASK_EN = [*_SUFFIX_EN, " no offence", " instead", " instead of this bot"]
_PREFIX_ZH = [
    "",
    "",
    "",
    "你好，",
    "请问",
    "麻烦",
    "烦死了，",
    "说了半天没用，",
    "我卡被冻结了，",
    "急！",
    "机器人听不懂，",
    "算了，",
]
_SUFFIX_ZH = ["", "", "", "吧", "啊", "！！", "，谢谢", "。", "？", "呢", "好吗", "，急"]
_SMS = [
    ("you", "u"),
    ("to ", "2 "),
    ("please", "pls"),
    ("someone", "some1"),
    ("people", "ppl"),
    ("talk", "tlk"),
    ("speak", "spk"),
    ("want to", "wanna"),
    ("are ", "r "),
    ("for ", "4 "),
    ("with", "w/"),
    ("right now", "rn"),
]
_KEY_WORDS = (
    "talk",
    "speak",
    "person",
    "agent",
    "human",
    "representative",
    "operator",
    "someone",
    "somebody",
    "manager",
    "supervisor",
    "customer",
    "service",
    "staff",
    "connect",
    "transfer",
    "advisor",
    "employee",
    "reception",
    "please",
    "real",
    "actual",
)
_TRAD = str.maketrans(
    "转个们经员务话说让帮请联电这给处时间几点没还费账户号码钱银机专来为会样问么门里后对别边见听懂难厅应该",
    "轉個們經員務話說讓幫請聯電這給處時間幾點沒還費賬戶號碼錢銀機專來為會樣問麼門裡後對別邊見聽懂難廳應該",
)


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: swap, drop, double or repeat a letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def _typo_keywords(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    keys = [i for i, w in enumerate(words) if w.strip("!?.,") in _KEY_WORDS]
    if not keys:
        keys = [i for i, w in enumerate(words) if len(w) >= 4] or [0]
    for i in rng.sample(keys, k=min(len(keys), rng.choice([1, 1, 2]))):
        words[i] = _typo(words[i], rng)
    return " ".join(words)


def _register_en(text: str, rng: random.Random, suffixes: list[str] = _SUFFIX_EN) -> str:
    roll = rng.random()
    if roll < 0.18:
        for a, b in _SMS:
            if rng.random() < 0.7:
                text = text.replace(a, b)
    elif roll < 0.38:
        text = _typo_keywords(text, rng)
    elif roll < 0.45:
        text = text.upper()
    elif roll < 0.65:
        text = text[:1].upper() + text[1:]
    text = rng.choice(_PREFIX_EN) + text + rng.choice(suffixes)
    return text.replace("i ", "I ", 1) if rng.random() < 0.3 else text


def _register_zh(text: str, rng: random.Random) -> str:
    text = rng.choice(_PREFIX_ZH) + text + rng.choice(_SUFFIX_ZH)
    return text.translate(_TRAD) if rng.random() < 0.2 else text


def generate(seed: int = 11) -> tuple[list[str], list[int]]:
    """(texts, labels): 1 = asks now to be put in touch with a person, 0 = anything else."""
    rng = random.Random(seed)
    out: dict[str, int] = {}

    def add(text: str, label: int) -> None:
        text = " ".join(text.split())
        if label or text not in out:  # a text generated both ways counts as a request
            out[text] = label

    for tpl in _ASK_EN:
        for _ in range(14):
            p = rng.choice(_PERSON_EN)
            add(_register_en(tpl.format(p=p, topic=rng.choice(_TOPIC_EN)), rng, _SUFFIX_ASK_EN), 1)
    for group, n in ((_BARE_EN, 5), (_BOT_EN, 8), (_CALLBACK_EN, 6)):
        for t in group:
            for _ in range(n):
                add(_register_en(t, rng, _SUFFIX_ASK_EN), 1)
    for t in _NEG_EN:
        for _ in range(6):
            add(_register_en(t, rng), 0)
    for tpl in _NEG_PERSON_EN:
        for _ in range(5):
            add(_register_en(tpl.format(p=rng.choice(_PERSON_EN)), rng), 0)
    for t in _ROUTINE_EN:
        for _ in range(3):
            add(_register_en(t, rng), 0)
    for tpl in _ASK_ZH:
        for _ in range(9):
            add(_register_zh(tpl.format(p=rng.choice(_PERSON_ZH)), rng), 1)
    for group, n in ((_BARE_ZH, 5), (_BOT_ZH, 6)):
        for t in group:
            for _ in range(n):
                add(_register_zh(t, rng), 1)
    for tpl in _NEG_PERSON_ZH:
        for _ in range(5):
            add(_register_zh(tpl.format(p=rng.choice(_PERSON_ZH)), rng), 0)
    for t in _NEG_ZH:
        for _ in range(6):
            add(_register_zh(t, rng), 0)
    texts = sorted(out)
    rng.shuffle(texts)
    return texts, [out[t] for t in texts]


@cache
def digest() -> str:
    """Content hash of the generated set: part of the NLU cache key, so edits retrain."""
    texts, labels = generate()
    joined = "\n".join(f"{y}\t{t}" for t, y in zip(texts, labels, strict=True))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
