"""Churn word cues (English + Chinese): (pattern, weight, label) kept apart from the logic.

Weights are the churn probability one cue alone suggests: closing an account or moving
everything to another bank is near-certain intent to leave; a payoff quote is only a hint.
English patterns run on normalised lower-case text. Hard negatives are listed explicitly and
veto any cue they overlap ("I closed the app", "cancel the transfer I just made",
"switch on notifications").
"""

# ruff: noqa: E501  (regex tables: splitting patterns mid-alternation would hurt reading)

from __future__ import annotations

# A few common competitor names so "moving to Monzo" counts; deployments extend this via the
# taxonomy's optional top-level ``competitors:`` list.
DEFAULT_COMPETITORS = (
    "monzo",
    "revolut",
    "starling",
    "chase",
    "barclays",
    "hsbc",
    "lloyds",
    "natwest",
    "santander",
    "nationwide",
    "halifax",
    "wise",
    "n26",
    "citi",
    "wells fargo",
    "bank of america",
    "ally",
    "amex",
    "american express",
    "metro bank",
    "tsb",
    "first direct",
    "virgin money",
    "co-op bank",
    "招商银行",
    "工商银行",
    "工行",
    "建设银行",
    "建行",
    "农业银行",
    "农行",
    "中国银行",
    "中行",
    "交通银行",
    "浦发",
    "微众",
    "网商银行",
    "支付宝",
    "余额宝",
    "移动",
    "联通",
    "电信",
)

_OTHER = r"(?:another|a different|a new|a better|other|my other|an external|some other)"
_PROVIDER = r"(?:bank|banks|lender|provider|building society|credit union|carrier|network|company)"
_MINE = (
    r"(?:all (?:of )?my \w+|everything|all my money|every penny|the lot|my (?:money|savings|salary|"
    r"mortgage|isa|account|accounts|business|funds|balance|wages|pension|loan)|it all)"
)

EN_CUES: list[tuple[str, float, str]] = [
    (
        r"\b(?:close|closing|shut(?:ting)? down|terminat(?:e|ing)|cancel(?:l?ing)?|delete|deleting)"
        r" (?:down )?(?:my|our|the|this|all|all my|every|these)? ?(?:\w+ )?(?:account|accounts|membership"
        r"|subscription|contract|plan)\b",
        0.85,
        "close account",
    ),
    (r"\bclose (?:everything|it all)\b|\bcancel everything\b", 0.75, "close everything"),
    (
        rf"\b(?:mov(?:e|ing)|transferr?(?:ing)?|tak(?:e|ing)|shift(?:ing)?|send(?:ing)?|tak(?:e|ing)) "
        rf"{_MINE}(?: \w+){{0,3}} (?:over )?(?:to|into|with) {_OTHER} {_PROVIDER}",
        0.8,
        "moving money to another bank",
    ),
    (
        rf"\bswitch(?:ing|ed)? (?:my \w+ |everything |over )?(?:to|over to) {_OTHER} {_PROVIDER}",
        0.75,
        "switching to another bank",
    ),
    (
        r"\b(?:switch|switching|change|changing) (?:banks|providers|lenders|carriers)\b",
        0.75,
        "switching banks",
    ),
    (
        r"\b(?:leav(?:e|ing)|quit(?:ting)?|ditch(?:ing)?|done with|finished with|breaking up with) "
        r"(?:you|you guys|you people|this bank|your bank|the bank)\b",
        0.8,
        "leaving the bank",
    ),
    (
        r"\btak(?:e|ing) my (?:business|money|custom) (?:elsewhere|somewhere else)\b",
        0.85,
        "taking business elsewhere",
    ),
    (
        r"\b(?:thinking|considering|planning|deciding) (?:of|about|on)? ?(?:leaving|switching|moving "
        r"(?:banks|my \w+)|closing|going elsewhere)",
        0.75,
        "considering leaving",
    ),
    (r"\bgo(?:ing)? elsewhere\b|\bsomewhere else\b", 0.55, "going elsewhere"),
    (
        r"\b(?:somewhere|elsewhere|another place|some ?place) (?:\w+ ){0,2}(?:with |offering )?(?:a |much )?better\b",
        0.6,
        "better deal elsewhere",
    ),
    (
        r"\b(?:switch|mov|tak|transferr?)\w* (?:\w+ ){0,4}away from (?:you|larkspur|this bank|your bank|the bank)\b",
        0.8,
        "moving away",
    ),
    (
        r"\b(?:get|take|pull|move|cash) (?:all|every penny|the lot|everything)(?: of)?(?: my)?(?: \w+)? out\b",
        0.6,
        "taking everything out",
    ),
    (
        r"\b(?:planning|going|want|plan) to move (?:it|my \w+|everything|the money|my money)\b",
        0.3,
        "planning to move money",
    ),
    (
        r"\bwhy should i stay\b|\bgive me a reason to stay\b|\bcan you (?:match|beat) (?:it|that|this|them"
        r"|the offer)\b|\boffering me (?:\S+ ){0,3}to (?:switch|move|join)\b",
        0.7,
        "retention ask",
    ),
    (
        rf"\b(?:remortgag|refinanc)\w* (?:\w+ ){{0,3}}(?:with|to|at|through) {_OTHER} {_PROVIDER}|"
        rf"\b{_OTHER} {_PROVIDER} (?:is |are )?(?:refinanc|remortgag)\w*",
        0.8,
        "refinancing elsewhere",
    ),
    (r"\b(?:remortgag|refinanc)\w*", 0.3, "refinancing"),
    (
        r"\bif i (?:leave|switch|move (?:banks|away|my \w+)|close|cancel|go elsewhere|break)\b",
        0.5,
        "asking what leaving costs",
    ),
    (
        r"\bi want out\b|\bget out of (?:this|my|the) (?:loan|contract|mortgage|account|deal)\b|"
        r"\bdon'?t want to continue\b",
        0.6,
        "wants out",
    ),
    (
        r"\b(?:i'?m|i am|we'?re|we are) (?:so |totally |completely )?done with (?!(?:this|the) (?:chat|conversation"
        r"|call)\b|it\b|for\b|that\b)\w+",
        0.7,
        "done with the bank",
    ),
    (r"\b(?:had|have had|i'?ve had) enough\b", 0.45, "had enough"),
    (
        rf"\bopen(?:ed|ing)? (?:an |a new |my )?account (?:with|at) {_OTHER} {_PROVIDER}",
        0.7,
        "opened an account elsewhere",
    ),
    (
        r"\b(?:my|a|our) new (?:bank|lender|provider|building society|mortgage lender)\b",
        0.65,
        "new bank",
    ),
    (r"\b(?:cancel|close|closing|cancelling) (?:my |the )?credit card\b", 0.5, "close credit card"),
    (
        r"\bdon'?t (?:need|use|want) (?:it|this|the (?:card|account)|you)(?: \w+){0,2} (?:now|anymore|any more)\b",
        0.4,
        "no longer needs it",
    ),
    (
        r"\bbetter (?:rate|rates|deal|deals|offer|offers|interest|terms)(?: \w+){0,3} "
        r"(?:elsewhere|at|with|from|over at)\b",
        0.6,
        "better rate elsewhere",
    ),
    (
        rf"\b{_OTHER} {_PROVIDER} (?:is )?(?:offer(?:s|ing)?|gave|gives|pays?|has)\b",
        0.6,
        "competitor offer",
    ),
    (r"\bcompetitors?\b", 0.5, "competitor"),
    (
        r"\b(?:withdraw|take out|cash out|pull out|get out|empty|drain)(?: \w+){0,2} "
        r"(?:all|everything|every penny|the lot|my (?:whole|entire) \w+)\b|\bempty(?:ing)? my account\b",
        0.55,
        "taking everything out",
    ),
    (
        r"\btransfer(?:ring)? (?:out )?(?:my |the )?(?:whole|entire|full|total) (?:balance|amount|savings)\b",
        0.6,
        "transferring the whole balance",
    ),
    (
        r"\bpay ?-?off (?:amount|figure|quote|balance)\b|\bsettlement (?:figure|amount|quote)\b|"
        r"\bredemption (?:figure|statement|quote)\b|\bpay (?:off|back) (?:my|the) (?:\w+ )?(?:loan|mortgage)\b|"
        r"\bearly (?:repayment|payoff|settlement)\b",
        0.25,
        "payoff",
    ),
    (
        r"\b(?:early )?(?:termination|exit|closing|cancellation|redemption|break|early repayment) (?:fee|fees|"
        r"charge|charges|penalty|penalties)\b|\bbreak(?:ing)? (?:my|the) contract\b",
        0.25,
        "exit fee",
    ),
    (r"\bport(?:ing)? (?:out )?(?:my )?number\b|\bpac code\b", 0.7, "porting number"),
    (
        r"\b(?:not|won'?t|will not|don'?t (?:plan|want) to) (?:be )?renew(?:ing|al)?\b|"
        r"\bcancel (?:the |my )?(?:auto-?)?renewal\b",
        0.6,
        "not renewing",
    ),
    (r"\bwhat do i need to do to leave\b|\bhow do i leave\b", 0.8, "how to leave"),
]

EN_NEGATIVE = [
    r"\b(?:close[ds]?|closing|shut|restart(?:ed)?) (?:the |my |this )?(?:app|application|window|tab|"
    r"browser|website|site|page|ticket|case|chat)\b",
    r"\bcancel(?:l?ed|l?ing)? (?:the |my |this |that |a )?(?:transfer|payment|order|direct debit|"
    r"standing order|transaction|request|appointment|card payment)\b",
    r"\bswitch(?:ed|ing)? (?:on|off)\b",
    r"\bswitch(?:ing)? to (?:paperless|e-?statements|dark mode|english|chinese|the app|online)\b",
    r"\bmov(?:e|ing) (?:house|home|address|abroad|flat)\b",
    r"\bleav(?:e|ing) (?:a|the) (?:review|message|note|comment|tip)\b",
]

ZH_CUES: list[tuple[str, float, str]] = [
    (
        r"销户|注销(?:我的|这个|所有)?(?:账户|账号|帐户|银行卡|储蓄卡|信用卡|卡)?|关闭(?:我的)?(?:账户|帐户|账号)"
        r"|把(?:这个)?账户关|把卡销|卡销掉|不要这张卡了",
        0.85,
        "close account",
    ),
    (
        r"换(?:一)?(?:家|个)?银行(?!卡)|换到(?:别的|其他|别家|另一家)|跳槽到|转投",
        0.75,
        "switching banks",
    ),
    (
        r"(?:转|换|搬)(?:去|到)(?:别的|其他|别家|另一家)(?:银行|平台|运营商)",
        0.6,
        "moving to another bank",
    ),
    (r"携号转网|转网", 0.8, "porting number"),
    (r"不想(?:再)?继续了?|不想再(?:用|合作)", 0.6, "wants out"),
    (r"(?:转|换|搬)(?:去|到)别家", 0.6, "moving to another bank"),
    (
        r"不想(?:再)?用(?:你们)?了|不用你们了|再也不(?:用|来)|不想在你们(?:这|家)|受够了你们",
        0.7,
        "leaving",
    ),
    (r"(?:考虑|打算|准备|想要?)(?:换|走|离开|转走|销户)|要走了|我走了", 0.7, "considering leaving"),
    (
        r"(?:全部|都|所有|全|一次性全)(?:转走|转出|取出|取走|提走)|清空(?:账户|储蓄|余额)?|钱都转出去",
        0.6,
        "taking everything out",
    ),
    (
        r"(?:别的|其他|别家|人家)银行.{0,8}(?:利率|利息|条件|优惠|费率).{0,4}(?:更高|更好|更低|好多)|"
        r"(?:利率|利息)(?:更高|比你们高)",
        0.6,
        "better rate elsewhere",
    ),
    (r"提前还(?:款|清)|结清(?:贷款|房贷|车贷)|还清贷款|一次性还清", 0.4, "payoff"),
    (r"违约金|解约|提前解约|终止合同|手续费.{0,4}(?:销户|解约)", 0.5, "exit fee"),
    (r"不(?:再)?续(?:约|费|订)|到期(?:就)?不续", 0.6, "not renewing"),
    (r"竞争对手|挽留", 0.55, "retention ask"),
]

ZH_NEGATIVE = [
    r"(?:关|关掉|关闭|退出|重启)(?:了)?(?:app|APP|应用|软件|页面|网页|窗口)",
    r"(?:取消|撤销|撤回)(?:一下)?(?:刚才|刚刚|这笔|那笔|我的)?(?:的)?(?:转账|付款|交易|订单|预约|汇款)",
    r"打开通知|关闭通知|开启通知",
]

# Counter-cues: words that say the customer is staying, or that the "closing" is routine (a lost
# card being replaced). Each scales the combined risk down by (1 - strength).
EN_COUNTER: list[tuple[str, float, str]] = [
    (
        r"\b(?:i'?ll be |i'?m |we'?re |we'?ll be )?stay(?:ing)? with (?:you|larkspur|the bank)\b|"
        r"\bnot (?:leaving|switching|going anywhere)\b|\bwon'?t (?:be )?(?:leaving|switching)\b",
        0.7,
        "staying",
    ),
    (
        r"\b(?:lost|stolen|missing) (?:my |the |a )?(?:card|wallet|phone|purse)\b|\b(?:card|it) (?:was |got |is )?"
        r"(?:lost|stolen)\b|\breplace(?:ment)?\b|\breissue\b|\bnew one\b",
        0.7,
        "replacing a card",
    ),
    (r"\boverpay\w*", 0.6, "overpaying, not leaving"),
    (
        r"\bnever ?mind\b|\bchanged my mind\b|\bafter all\b|\bnot any ?more\b.{0,20}\b(?:leav|clos|switch)|"
        r"\b(?:was|were) (?:going|gonna|about|planning|thinking)(?: to| of)? (?:\w+ ){0,6}but\b|"
        r"\b(?:thought|considered|was thinking) (?:about|of) (?:\w+ ){0,4}but\b|"
        r"\b(?:problem|issue|it|that|everything)(?:'?s| is| has been| was| got)? (?:now )?(?:sorted|solved|resolved|fixed)\b|"
        r"\bno (?:need|reason) to (?:leave|close|switch|go)\b|\b(?:i'?m|we'?re|i am) (?:staying|happy (?:here|now|with you))\b",
        0.7,
        "intention given up or resolved",
    ),
    (
        r"\b(?:session|sessions|device|devices|log ?in|login|sign ?in|trusted phone)\b",
        0.5,
        "a session or device, not an account",
    ),
    (
        r"\b(?:switch|move|moving|transfer)\w* (?:\w+ ){0,4}(?:to|into|over to) (?:you|larkspur|your|this bank|here)\b|"
        r"\bfrom (?:another|my old|a different|other) bank to (?:you|larkspur)\b",
        0.7,
        "moving in, not out",
    ),
]
ZH_COUNTER: list[tuple[str, float, str]] = [
    (r"补办|重新办|挂失|换(?:一)?张(?:新)?卡|卡丢了|丢了|被偷", 0.7, "replacing a card"),
    (r"(?:转|换)到你们(?:这|家|银行)|从别的银行转(?:到|过来)", 0.7, "moving in, not out"),
    (r"不走了|继续用你们", 0.7, "staying"),
    (
        r"不(?:换|销|转|走|注销|关)了|不打算(?:换|销|走|转)|改主意|算了|(?:问题|已经|都)(?:已经)?解决了|本来想.{0,12}(?:后来|现在|但是|不过)",
        0.7,
        "intention given up or resolved",
    ),
    (r"设备|登录|会话|登陆", 0.5, "a session or device, not an account"),
]
