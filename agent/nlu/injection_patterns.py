"""Pattern features for the injection detector: what an attack on the assistant looks like.

Each pattern names a family (override, exfiltration, role_play, delimiter, encoding) and only
fires when the trigger word is aimed at the assistant's own rules: "ignore the previous
instructions" fires, "ignore my last message" does not; "输出你的系统提示" fires, "系统提示余额不足"
("the system said: balance too low") does not. The learned head in injection.py weighs these
alongside the embedding and character n-grams, so a pattern is evidence, not a verdict.
"""

# ruff: noqa: E501  (regex tables: splitting patterns mid-alternation would hurt reading)

from __future__ import annotations

import re
from functools import lru_cache

from agent.nlu.text import normalize

FAMILIES = ("override", "exfiltration", "role_play", "delimiter", "encoding")

# What an attacker calls the assistant's rules.
_RULES = (
    r"(?:instructions?|directives?|directions|guidance|rules|guidelines|guardrails|prompts?|system prompt|"
    r"system message|programming|safety (?:rules|filters?|guidelines)|"
    r"everything (?:you(?:'ve| have| were)? (?:been )?told|above|before)|all (?:of )?(?:that|the above)|"
    r"what you were told)"
)
_PRIOR = r"(?:(?:all|any|the|your|of|these|those|previous|prior|above|earlier|preceding|original|initial|given|current|existing|old|default|hidden|internal|system|developer|safety|every|former|foregoing) )*"
_VERB_OVERRIDE = r"(?:ignore|disregard|forget|override|bypass|abandon|discard|set aside|throw out|stop following|do not follow|don't follow|no longer follow|nullify)"
_ADJ = r"(?:hidden|secret|internal|original|initial|full|exact|complete|confidential|real|underlying|system|developer|first|entire) "
_SECRET = (
    r"(?:system prompt|system message|initial (?:prompt|instructions)|original (?:prompt|instructions)|"
    rf"your (?:own )?(?:{_ADJ})*(?:instructions|prompt|guidelines|directives|configuration|programming|context window|rules you|rules as)|"
    rf"(?:your|the) (?:{_ADJ})+(?:instructions|rules|prompt|guidelines|directives|configuration|context)|"
    r"pre-?prompt|meta-?prompt|developer (?:message|prompt)|prompt template|(?:the )?text (?:above|before (?:this|my))|everything above|what(?:'s| is) above)"
)
_VERB_REVEAL = r"(?:reveal|show|print|output|display|repeat|recite|dump|leak|give me|tell me|send me|list|paste|copy|write out|spell out|echo|quote|share|expose|disclose|translate)"

EN: list[tuple[str, str, float]] = [
    # override: "ignore (all) (previous) instructions", "forget everything you were told"
    ("override", rf"\b{_VERB_OVERRIDE} {_PRIOR}{_RULES}\b", 0.9),
    (
        "override",
        r"\b(?:new|updated|revised|real) (?:instructions|rules|task|directive|system prompt)\s*(?::|are|is|follow)",
        0.6,
    ),
    (
        "override",
        r"\b(?:from now on|henceforth|for the rest of this (?:chat|conversation)),? (?:you (?:will|must|are|shall)|ignore|respond|answer|only)",
        0.6,
    ),
    ("override", r"\byour (?:real|true|new|only) (?:task|job|purpose|goal) (?:is|now)\b", 0.7),
    (
        "override",
        r"\b(?:the )?(?:above|previous|prior) (?:instructions|rules) (?:are|were) (?:wrong|void|cancelled|outdated|fake|a test)\b",
        0.9,
    ),
    # exfiltration: "print your system prompt", "what are your instructions"
    ("exfiltration", rf"\b{_VERB_REVEAL} (?:me )?(?:all |verbatim |word for word )?{_SECRET}", 0.9),
    (
        "exfiltration",
        r"\bwhat (?:is|are|was|were) (?:your|the) (?:system prompt|initial instructions|original instructions|hidden (?:rules|instructions)|instructions you were given|rules you were given)\b",
        0.85,
    ),
    ("exfiltration", r"\bsystem prompt\b", 0.45),
    (
        "exfiltration",
        r"\b(?:tell me|talk|explain|more) about your (?:instructions|prompt|rules|guidelines|programming|configuration)\b",
        0.7,
    ),
    (
        "exfiltration",
        r"\b(?:starting|beginning) with ['\"]?you are\b|\bwords? (?:above|before) (?:this|my message)\b|\bverbatim\b",
        0.45,
    ),
    # role play / jailbreak personas
    ("role_play", r"\byou are (?:now|no longer) (?:a |an |my |in )?\w+", 0.55),
    (
        "role_play",
        r"\b(?:act|behave|respond|pretend|roleplay|role-play) (?:as|like|to be|you are|you're) (?:a |an )?(?:\w+ ){0,3}(?:ai|assistant|model|chatbot|bot|llm|gpt|dan|hacker|admin(?:istrator)?|developer|system|jailbroken|unfiltered|unrestricted|evil|uncensored)\b",
        0.7,
    ),
    (
        "role_play",
        r"\b(?:dan|do anything now|god mode|unfiltered mode|unrestricted (?:ai|mode|assistant)|stan|aim mode)\b|\b(?:ai|assistant|model|chatbot|bot|llm|you)(?: \w+){0,2} (?:with no|without(?: any)?|free of) (?:restrictions|filters|rules|limits|guidelines|guardrails)\b",
        0.7,
    ),
    ("role_play", r"\b(?:developer mode|dev mode|jailbreak|jailbroken)\b", 0.4),
    (
        "role_play",
        r"\b(?:let's|lets) play a game\b|\bhypothetical(?:ly)? (?:ai|model|assistant)\b|\bin this (?:story|fiction|roleplay),? you\b",
        0.5,
    ),
    (
        "role_play",
        r"\bi am (?:your|the) (?:developer|creator|admin(?:istrator)?|operator|programmer|owner|system administrator)\b|\b(?:admin|sudo|root) (?:override|access|mode)\b",
        0.7,
    ),
    # delimiters / fake turns
    (
        "delimiter",
        r"</?\s*(?:customer_message|system|assistant|user|instructions?|im_start|im_end|s)\s*>|<\|[a-z_]+\|>|\[/?(?:inst|system|sys)\]|<<\s*sys\s*>>",
        0.85,
    ),
    (
        "delimiter",
        r"(?:^|\n|\s)(?:#{2,}|-{3,}|={3,}|\*{3,})\s*(?:system|assistant|instructions?|end|new|admin)\b",
        0.8,
    ),
    ("delimiter", r"(?:^|\n|[.!?] )(?:system|assistant|admin|developer)\s*:\s*\S", 0.55),
    ("delimiter", r"\bend of (?:user |customer )?(?:input|message|prompt|conversation)\b", 0.7),
    # encodings used to smuggle instructions
    (
        "encoding",
        r"\b(?:base64|rot13|rot-13|hex(?:adecimal)?|morse|leetspeak|unicode escape|caesar cipher)\b.{0,40}\b(?:decode|follow|execute|run|obey|instructions?|answer|reply|respond)\b|\b(?:decode|follow|execute|obey)\b.{0,40}\b(?:base64|rot13|hex)\b",
        0.75,
    ),
    ("encoding", r"(?<![a-z0-9+/])[a-z0-9+/]{24,}={0,2}(?![a-z0-9+/])", 0.3),
    (
        "encoding",
        r"\b(?:spell|write|say) (?:it|them|your (?:instructions|rules|prompt)) (?:backwards|in reverse|one letter at a time)\b",
        0.7,
    ),
]

_ZH_RULES = r"(?:指令|指示|命令|规则|设定|提示词|系统提示|提示|约束|限制|要求|说明|配置|prompt|system prompt)"
ZH: list[tuple[str, str, float]] = [
    (
        "override",
        rf"(?:忽略|无视|忽视|忘记|忘掉|不要管|别管|不用管|抛开|放弃|跳过|绕过|取消|清除|推翻|不要遵守|不要再遵守|别遵守|别再遵守|不再遵守|停止遵守|不用遵守)(?:掉)?(?:你|你的|所有|全部|一切|之前|以前|先前|前面|上面|以上|上述|原来|原有|原先|最初|初始|系统|开发者|安全|的|\s)*{_ZH_RULES}",
        0.9,
    ),
    (
        "override",
        r"(?:新的?|真正的|现在的)(?:指令|任务|规则|设定)(?:是|如下|：|:)|你的真正(?:任务|目的|工作|职责)",
        0.6,
    ),
    (
        "override",
        r"(?:从现在(?:开始|起)|接下来)(?:，|,)?\s*你(?:必须|只能|只|将|要|就是|不再)",
        0.6,
    ),
    ("override", r"以[“\"'「].{0,30}[”\"'」]开头(?:回答|回复|作答)", 0.5),
    (
        "exfiltration",
        r"(?:输出|显示|打印|告诉我|给我看|透露|泄露|重复|复述|说出|展示|列出|发给我|念出|背出|翻译)(?:一下|下)?(?:你的|你|完整的|全部的?|原始的?|隐藏的?|所有的?|上面的?|之前的?)*(?:系统提示|提示词|系统指令|初始指令|原始指令|内部指令|隐藏指令|设定|规则|指令|prompt|system prompt|上面的内容|以上内容|前面的内容)",
        0.9,
    ),
    ("exfiltration", r"你的(?:系统提示|提示词|系统指令|初始指令|设定|规则)是什么", 0.85),
    (
        "exfiltration",
        r"把(?:你的|你|上面的?|以上的?|前面的?|之前的?|收到的|全部|所有|完整的?|的)*(?:系统提示|提示词|系统指令|初始指令|设定|规则|指令|内容)"
        r".{0,12}(?:发给我|告诉我|输出|打印|重复|复述|写|翻译|念|显示|列出)",
        0.85,
    ),
    ("exfiltration", r"提示词", 0.45),
    (
        "role_play",
        r"你现在(?:是|扮演|变成|成为)|扮演(?:一个|一位)?(?:.{0,8})(?:ai|AI|助手|模型|机器人|黑客|管理员|开发者)|假装你是|假设你是(?:一个|一位)?(?:没有|不受)",
        0.6,
    ),
    (
        "role_play",
        r"(?:你|ai|助手|模型|机器人)(?:现在)?(?:是|已经)?(?:一个)?(?:没有|不受|无)(?:任何)?(?:限制|约束|规则|审查)|无审查|dan模式|上帝模式",
        0.7,
    ),
    ("role_play", r"开发者模式|越狱", 0.4),
    ("role_play", r"我是(?:你的)?(?:开发者|开发人员|管理员|创造者|程序员|系统管理员)", 0.7),
    ("delimiter", r"(?:^|\n|。|\s)(?:系统|助手|管理员)\s*[:：]\s*\S", 0.55),
    ("delimiter", r"(?:用户|客户)?(?:输入|消息)(?:到此)?结束", 0.7),
    (
        "encoding",
        r"(?:base64|rot13|十六进制|摩斯密码|凯撒密码).{0,15}(?:解码|执行|照做|遵守|回答)|(?:解码|执行).{0,15}(?:base64|rot13)",
        0.75,
    ),
]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern[str], float]]:
    return [(fam, re.compile(p), w) for fam, p, w in EN + ZH]


def pattern_hits(text: str) -> list[tuple[str, str, float]]:
    """(family, matched text, weight) for every pattern that fires; one hit per pattern."""
    norm = normalize(text)
    hits: list[tuple[str, str, float]] = []
    for family, pattern, weight in _compiled():
        m = pattern.search(norm)
        if m:
            hits.append((family, m.group(0).strip()[:80], weight))
    return hits


def family_scores(hits: list[tuple[str, str, float]]) -> list[float]:
    """The strongest hit per family, in FAMILIES order: the head's pattern block."""
    best = dict.fromkeys(FAMILIES, 0.0)
    for family, _, weight in hits:
        best[family] = max(best[family], weight)
    return [best[f] for f in FAMILIES]
