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
