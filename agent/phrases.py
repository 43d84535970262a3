"""Customer-facing sentences the agent says in its own voice, per language."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hello! I'm {assistant}, {bank}'s AI assistant. How can I help today?",
        "thanks": "You're welcome — is there anything else I can help with?",
        "clarify": (
            "I couldn't find that in our help centre. Could you say it another way? "
            "Or press \u201cTalk to a person\u201d and a colleague will help."
        ),
        "probe": (
            "By the way, is there anything about your account that isn't working for you? "
            "If you're weighing up a change, I can connect you with a colleague who can go "
            "through your options."
        ),
        "escalate.customer_asked": "Of course — I'm connecting you with a person from our team.",
        "escalate.churn_risk": (
            "Thanks for telling me. I'd like a colleague from our accounts team to look at this "
            "with you — they can go through your options. I'm connecting you now."
        ),
        "escalate.high_anger": (
            "I'm sorry this has been so frustrating. I'm bringing in a person from our team "
            "who can sort it out with you."
        ),
        "escalate.sensitive_intent": (
            "This is something a person on our team should handle. I'm connecting you now."
        ),
        "escalate.cannot_answer": (
            "I'm not able to answer that with confidence, so I'm connecting you with a person "
            "who can."
        ),
        "escalate.tail": " They'll see our conversation so far, so you won't need to repeat yourself.",
        "secret_warning": (
            "Please never share your PIN, passwords, one-time codes or card security code with "
            "anyone, us included: we will never ask for them. I've hidden it from this chat. If "
            "you think someone else may know it, change it in the app now."
        ),
    },
    "zh": {
        "greeting": "您好！我是{bank}的 AI 助手。请问有什么可以帮您？",
        "thanks": "不客气！还有其他可以帮您的吗？",
        "clarify": "抱歉，帮助中心里没有找到相关内容。您可以换个说法吗？也可以点击“转人工”，同事会为您服务。",
        "probe": "顺便问一下，您的账户有什么地方让您不满意吗？如果您在考虑调整，我可以帮您联系同事一起看看有哪些选择。",
        "escalate.customer_asked": "好的，正在为您转接人工客服。",
        "escalate.churn_risk": "感谢您告诉我。我想请账户团队的同事和您一起看看有哪些选择，正在为您转接。",
        "escalate.high_anger": "非常抱歉给您带来困扰。我请一位同事来帮您处理。",
        "escalate.sensitive_intent": "这件事需要由我们的同事来处理，正在为您转接。",
        "escalate.cannot_answer": "这个问题我无法确定地回答，正在为您转接人工客服。",
        "escalate.tail": "同事能看到我们之前的对话，您无需重复说明。",
        "secret_warning": (
            "请不要向任何人（包括我们）透露您的密码、PIN码、验证码或卡片安全码，我们绝不会向您索要。"
            "我已在对话中隐藏了它。如果担心已被他人知道，请立即在App中修改。"
        ),
    },
}


def phrase(language: str, key: str, **values: str) -> str:
    table = PHRASES.get(language, PHRASES["en"])
    return table.get(key, PHRASES["en"][key]).format(**values)


# One short opening sentence that acknowledges how the customer feels, before the help
# (agent/empathy.py chooses one). Several per feeling so a conversation never hears the same
# words twice in a row; "again" is for a customer still upset after an acknowledged answer.
# Written in each language, not translated: what sounds kind differs. "{topic}" is filled
# from TOPICS (our own words for what the customer's problem is about, read from the intent),
# never from the customer's message. Capitalised "{Topic}" starts a sentence.
ACKNOWLEDGEMENTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "frustrated": [
            "I'm sorry this has been such a hassle.",
            "That sounds really annoying, and I'm sorry it's been left with you.",
            "I can see why you're fed up — let's get this moving.",
            "I hear you; this isn't the experience you should be having.",
        ],
        "frustrated.topic": [
            "Sorry you're dealing with {topic} — that's genuinely annoying.",
            "{Topic} is a real hassle, and I'm sorry it's landed on you.",
            "I understand: {topic} is frustrating, especially when it drags on.",
        ],
        "anxious": [
            "I understand this is worrying.",
            "That's an unsettling thing to face, so let's take it one step at a time.",
            "It's completely understandable to be worried about this.",
        ],
        "anxious.topic": [
            "{Topic} can be really worrying.",
            "It's natural to be concerned about {topic}, so let's take it step by step.",
        ],
        "sad": [
            "I'm really sorry you're going through this.",
            "That sounds hard, and I'm sorry.",
            "I'm sorry — that's a lot to deal with.",
        ],
        "upset": [
            "I'm sorry you've had this trouble.",
            "Sorry about this — let's see what we can do.",
            "That doesn't sound good; let's get it sorted.",
        ],
        "again": [
            "I'm sorry this still isn't sorted.",
            "I know this is taking longer than it should.",
            "Thanks for bearing with me — I know it's still not resolved.",
        ],
    },
    "zh": {
        "frustrated": [
            "真是抱歉，让您这么折腾。",
            "这种情况确实让人窝火，给您添麻烦了。",
            "理解您的心情，换谁遇到都会着急。",
            "实在不好意思，让您费了这么多心。",
        ],
        "frustrated.topic": [
            "{topic}，确实闹心，我们马上看看怎么处理。",
            "{topic}这种事，换谁都会着急。",
            "{topic}，还要您来回折腾，真是抱歉。",
        ],
        "anxious": [
            "别着急，我们一步一步来。",
            "这种事确实让人担心。",
            "您的担心完全可以理解。",
        ],
        "anxious.topic": [
            "{topic}，难免让人担心。",
            "{topic}这种事先别慌，我们一步步来。",
        ],
        "sad": [
            "很抱歉您正在经历这些。",
            "这确实不容易，辛苦您了。",
            "听到这些，真的很遗憾。",
        ],
        "upset": [
            "给您带来不便，真是抱歉。",
            "遇到这种情况确实不好受，我们来看看怎么办。",
            "抱歉让您遇到这样的问题。",
        ],
        "again": [
            "抱歉，问题到现在还没解决。",
            "我知道这件事拖得太久了。",
            "让您一直等着，真的很抱歉。",
        ],
    },
}

# Our own words for what a problem intent is about, to make an acknowledgement specific
# without repeating anything the customer typed. Only problem intents have one.
TOPICS: dict[str, dict[str, str]] = {
    "en": {
        "dispute_transaction": "a payment that isn't right",
        "pending_transaction": "a payment stuck as pending",
        "card_declined": "a declined card",
        "card_delivery": "a card that hasn't arrived",
        "lost_or_stolen_card": "a missing card",
        "atm_cash_problem": "a problem at the cash machine",
        "transfer_failed": "a transfer that didn't go through",
        "app_login_problem": "being locked out of the app",
        "app_not_working": "an app that won't work",
        "reset_password": "password trouble",
        "report_fraud": "a payment you don't recognise",
        "phishing_scam": "a possible scam",
        "account_fees": "unexpected fees",
        "overdraft": "overdraft charges",
        "direct_debit": "a direct debit problem",
    },
    "zh": {
        "dispute_transaction": "扣款出了问题",
        "pending_transaction": "交易一直没入账",
        "card_declined": "刷卡被拒",
        "card_delivery": "卡迟迟没寄到",
        "lost_or_stolen_card": "卡不见了",
        "atm_cash_problem": "取款机出了问题",
        "transfer_failed": "转账没成功",
        "app_login_problem": "登录不了App",
        "app_not_working": "App用不了",
        "reset_password": "密码出了问题",
        "report_fraud": "出现不明交易",
        "phishing_scam": "可能遇到诈骗",
        "account_fees": "被扣了意料之外的费用",
        "overdraft": "被收了透支费",
        "direct_debit": "自动扣款出了问题",
    },
}

# Said after an answer when the customer is still frustrated: a person is one step away.
OFFER_PERSON: dict[str, list[str]] = {
    "en": [
        "If you'd rather sort this out with a person, just say so or press \u201cTalk to a "
        "person\u201d: a colleague will pick it up with everything we've covered.",
        "Would a person help more? Press \u201cTalk to a person\u201d or tell me, and a "
        "colleague will take over with this conversation in front of them.",
    ],
    "zh": [
        "如果您想直接和同事沟通，回复“转人工”就可以，同事能看到我们之前的对话，不用再重复。",
        "要不要请同事来帮您处理？回复“转人工”即可，之前的对话同事都能看到。",
    ],
}
