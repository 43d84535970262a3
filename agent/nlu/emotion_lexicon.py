"""Emotion lexicon data (English + Chinese), kept apart from the scoring logic.

Each entry is (pattern, weight). English patterns are regular expressions matched on the
normalised (lower-cased) text with word boundaries added; Chinese patterns are regexes matched
on the raw text (no word boundaries in Chinese). Weights are rough strengths in 0..1: a single
strong word ("furious", "气死") should carry a message on its own; weak ones need company.
Social-media forms are included on purpose (slang, abbreviations, emoji, kaomoji), since
customers write the way they post.
"""

# ruff: noqa: E501  (regex tables: splitting patterns mid-alternation would hurt reading)

from __future__ import annotations

EMOTIONS = ("neutral", "satisfied", "confused", "anxious", "frustrated", "angry", "sad")
NEGATIVE = frozenset({"confused", "anxious", "frustrated", "angry", "sad"})

Entry = tuple[str, float]

EN: dict[str, list[Entry]] = {
    "satisfied": [
        (r"thanks?( you)?( so much| a lot)?", 0.45),
        (r"thx|ty|tysm", 0.4),
        (r"appreciate[ds]?( it)?", 0.55),
        (r"great|awesome|amazing|excellent|fantastic", 0.5),
        (r"perfect|brilliant|wonderful|lovely", 0.5),
        (r"love (it|this|that|you)", 0.55),
        (r"that (helped|helps|worked)|it worked|works now", 0.6),
        (r"(all )?sorted", 0.45),
        (r"happy|glad|pleased|satisfied|relieved", 0.5),
        (r"you('re| are) the best", 0.7),
        (r"problem solved|solved|resolved", 0.45),
        (r"nice|cool|good job|well done", 0.35),
        (r"helpful|super helpful", 0.5),
        (r"(working|works) (again|now|perfectly)|went through", 0.4),
        (r"best \w+( \w+)? (i'?ve|i have) (ever )?(used|had)|legends?|life ?saver|star", 0.55),
        (r"(that was|so|super|really) (quick|fast|easy)|in seconds|cheers|ta|wow", 0.35),
        (r"a relief|relieved|much easier|easier than", 0.45),
    ],
    "confused": [
        (r"confus(ed|ing)", 0.65),
        (r"(don'?t|do not) get (why|how|what|it)|unclear to me", 0.55),
        (r"(don'?t|do not|doesn'?t|does not) (understand|get it)", 0.6),
        (r"makes? no sense|doesn'?t make (any )?sense|not making sense", 0.65),
        (r"what does (this|that|it) mean", 0.55),
        (r"i'?m (lost|not sure|unsure)", 0.45),
        (r"no idea|not clear|unclear|puzzled|baffled|huh|wdym", 0.5),
        (r"how come", 0.35),
        (r"why (is|does|did|would) (it|this|that)", 0.25),
        (r"which one|what do you mean", 0.4),
        (r"i thought", 0.25),
        (r"wait what|what\?+|wait,? (so|why|how)", 0.45),
        (r"what does .{1,40} mean|what do you mean by", 0.5),
        (r"what'?s the difference between|which (one )?is (right|correct)|which one should", 0.45),
        (
            r"(didn'?t|don'?t|do not|did not|can'?t) follow|explain (that|it|this) again|more simply",
            0.55,
        ),
        (r"idk|dunno|no clue|what \w+( \w+)? means|what (does|is) an? \w+", 0.4),
        (
            r"says one thing|contradict|doesn'?t add up|different numbers|not sure (what|which|how|if)",
            0.4,
        ),
    ],
    "anxious": [
        (r"worr(y|ied|ying)|nervous|scared|afraid|frightened|terrified|panick?(ing|ed)?", 0.65),
        (r"anxious|anxiety|stressed|stressing|freaking out|freak out", 0.65),
        (r"urgent(ly)?|asap|right now|immediately|emergency", 0.45),
        (r"(fraud|stolen|hacked|scammed|someone (used|took|stole))", 0.5),
        (r"(can'?t|cannot) afford|rent is due|bills? due|overdrawn|need (the|my) money", 0.4),
        (r"what if|hope (it|this|that)|please help|help me", 0.3),
        (r"is my money safe", 0.6),
        (r"lost my (card|wallet|phone)", 0.45),
        (r"deadline|running out of time", 0.4),
        (
            r"(gone|missing|disappeared) from my account|don'?t know where it went|money (is )?(gone|missing)",
            0.55,
        ),
        (
            r"(rent|mortgage|completion|payment) is (due )?(today|tomorrow)|due (today|tomorrow)",
            0.45,
        ),
        (r"(please|pls|plz) tell me|will it (definitely )?be ok|is it safe|what do i do\?*", 0.35),
        (r"disappeared|vanished|locked out|frozen", 0.4),
        (r"(haven'?t|have not|didn'?t|did not) (lost|been (scammed|hacked|robbed))", 0.5),
    ],
    "frustrated": [
        (r"frustrat(ed|ing)|annoy(ed|ing)|irritat(ed|ing)|fed up|sick of|tired of", 0.7),
        (r"(still|again)( not| hasn'?t| haven'?t| isn'?t| no)?", 0.2),
        (r"(third|3rd|fourth|fifth|another|multiple|several) (time|call|email)s?", 0.45),
        (
            r"(hours?|days?|weeks?|forever|ages) (waiting|on hold|now)|waiting (for )?(ages|forever)",
            0.45,
        ),
        (r"ridiculous|useless|pointless|hopeless|joke|nonsense|rubbish|terrible|awful", 0.55),
        (r"doesn'?t work|not working|broken|keeps? (failing|crashing|happening)", 0.4),
        (r"seriously|come on|ugh+|argh+|smh|ffs|omg|jeez|sigh|meh", 0.45),
        (r"waste of (time|money)|going (around )?in circles|no one (helps|answers|replies)", 0.6),
        (r"why (is|does) (this|it) (always|never)|every (single )?time", 0.45),
        (r"not (good enough|acceptable)|can'?t believe", 0.5),
        (r"over it|done with this", 0.5),
        (r"still (won'?t|doesn'?t|isn'?t|not|can'?t|hasn'?t|haven'?t|no)", 0.45),
        (
            r"(\w+|\d+) times (today|now|already|this week)|(keep|keeps) (asking|saying|telling|sending|happening)",
            0.5,
        ),
        (
            r"already (answered|told|said|explained|sent|done|tried)|that doesn'?t (answer|help)|not what i asked",
            0.5,
        ),
        (r"on hold|in a queue for|(been )?waiting (for )?\d+", 0.4),
        (r"(log|logs|kicked) me out", 0.35),
        (
            r"(so|too|really|this) (hard|difficult|complicated|slow)|you people|you lot|one more time|i swear",
            0.45,
        ),
    ],
    "angry": [
        (r"angry|furious|livid|outraged|pissed( off)?|mad at|fuming|enraged|infuriat(ed|ing)", 0.8),
        (r"unacceptable|disgrace(ful)?|disgusting|outrageous|appalling|pathetic|shameful", 0.75),
        (r"scam(mers)?|rip ?off|robbery|thie(f|ves)|stealing|crooks?|fraudsters", 0.6),
        (r"wtf|what the (hell|heck|fuck)|f+u+c+k+\w*|f\*+\w*|sh[i1*]t+|damn|bloody|crap", 0.7),
        (r"worst (bank|service|experience|company|app)( ever)?", 0.7),
        (r"hate (you|this|it)", 0.75),
        (r"(sue|lawyer|legal action|report(ing)? you|ombudsman|regulator|criminal)", 0.6),
        (r"how dare|shame on you|screw (you|this)", 0.8),
        (r"incompetent|idiots?|morons?", 0.75),
        (r"stupid|clowns?|rude|disrespectful", 0.6),
        (r"liars?|lied to|lying to|you (stole|robbed|took)|nobody cares|unbelievable", 0.7),
        (
            r"wast(e|ing) my time|give me my money back|took my money|charged me .* for nothing",
            0.55,
        ),
    ],
    "sad": [
        (r"sad|upset|unhappy|heartbroken|devastated|depress(ed|ing)|miserable|crying", 0.7),
        (r"disappoint(ed|ing|ment)|let down|feel(ing)? (bad|awful|terrible)", 0.6),
        (r"lost my (job|husband|wife|mother|father|mum|mom|dad)|passed away|died|funeral", 0.75),
        (r"made redundant|laid off|got fired|lost (his|her|our) job|passed|bereaved", 0.65),
        (r"(can'?t|couldn'?t) cope|struggling|hard times|lonely|hopeless", 0.55),
        (r"(i|i'?m) (give|giving) up", 0.5),
        (r"ashamed|embarrassed|feel (so )?stupid|such a failure|heartbreaking|grief|grieving", 0.6),
        (r"lost (all )?my (savings|money|pension)|wiped (us|me) out|didn'?t make it", 0.6),
        (
            r"my late (wife|husband|mother|father|mum|dad|partner)|hard to (even )?(type|say|talk)",
            0.65,
        ),
        (
            r"feel(ing)? (really |so |very )?(low|down|hopeless|alone)|divorc(e|ed|ing)|split up",
            0.5,
        ),
        (r"(can'?t|cannot) afford|had to cancel", 0.4),
    ],
}

ZH: dict[str, list[Entry]] = {
    "satisfied": [
        (r"谢谢|感谢|多谢|谢啦|辛苦了", 0.45),
        (r"太好了|好极了|很好|真好|不错|棒|赞|给力", 0.5),
        (r"满意|开心|高兴|放心了|解决了|搞定了|可以了|明白了", 0.5),
        (r"太感谢|非常感谢", 0.65),
        (r"爱了|好耐心|很耐心|贴心|靠谱|专业|效率(真|很)?高|点个?赞|好评", 0.55),
    ],
    "confused": [
        (r"不明白|不懂|看不懂|搞不懂|没看懂|不太清楚|不清楚|糊涂|迷糊|懵", 0.6),
        (r"什么意思|啥意思|怎么回事|为什么会|怎么会|为啥", 0.45),
        (r"不知道(怎么|该|如何)", 0.45),
        (r"\?{2,}|？{2,}", 0.3),
        (r"(为什么|怎么)(不一样|对不上)|哪个(是)?对|到底(是|要)", 0.4),
        (r"找了半天|不知道在哪|可是我(什么都)?没|我(什么都)?没(做|干)", 0.4),
    ],
    "anxious": [
        (r"担心|着急|急死|好急|很急|焦虑|害怕|紧张|心慌|慌了|不安", 0.6),
        (r"紧急|马上|立刻|赶紧|尽快", 0.4),
        (r"被盗|被骗|盗刷|诈骗|冒用", 0.55),
        (r"怎么办(?!理)", 0.4),
        (r"还不起|交不起|付不起", 0.5),
        (
            r"慌|会不会(被|影响|有事)|(少了|不见了|没了)(好多|很多)?|没现金|钱.{0,3}(不见|没了)",
            0.45,
        ),
    ],
    "frustrated": [
        (r"(?<!麻)烦|烦死|麻烦死|无语|受够了|崩溃|心累|郁闷|头疼|折腾", 0.6),
        (r"又|还是没|一直没|到现在还|好几次|第[二三四五]次|多少次", 0.2),
        (r"等了(好久|半天|很久|一个小时|几天)|半天了|没人(理|管|回)", 0.5),
        (r"没用|不管用|不行啊|太慢|慢死了|有毛病|什么破", 0.5),
        (r"唉|哎|服了", 0.4),
        (r"(问|说|打|试)了[二两三四五六七八九十几好多]+(遍|次)|还是没人|每次都", 0.5),
        (r"闪退|卡死", 0.35),
    ],
    "angry": [
        (r"生气|愤怒|气死|火大|恼火|岂有此理|太过分|过分", 0.75),
        (r"垃圾|坑人|骗子|骗钱|黑心|无耻|混蛋|废物|滚|他妈|妈的|tmd|nmd", 0.75),
        (r"投诉|举报|曝光|起诉|报警|银保监|找律师", 0.6),
        (r"什么玩意|搞什么", 0.6),
        (r"凭什么|乱扣|态度(太)?差|什么态度|欺负人|说到做到|有完没完|太黑了|抢钱|抢劫|坑钱", 0.65),
    ],
    "sad": [
        (r"难过|伤心|失望|心痛|痛苦|绝望|哭了|想哭|沮丧|委屈", 0.65),
        (r"失业|去世|过世|住院|生病", 0.55),
        (r"难受|低落|喘不过气|压得|伤不起|心塞", 0.6),
        (
            r"(爸|妈|父亲|母亲|老公|老婆|丈夫|妻子|爷爷|奶奶|外公|外婆).{0,4}(走了|没了|去世|过世)",
            0.75,
        ),
        (r"离婚|分手|被骗光|一无所有", 0.5),
    ],
}

# Emoji and emoticons: the same in both languages.
EMOJI: dict[str, list[Entry]] = {
    # Unicode emoji and emoticons, then Weibo/WeChat-style tags ("[泪]", "[抓狂]"): the way
    # Chinese posts carry emoji.
    "satisfied": [
        (r"[😊🙂😀😃😄😁🥰😍👍🙏❤💯🎉✅🙌🥳]|:\)|:-\)|:D|\^_\^", 0.45),
        (r"\[(哈哈|嘻嘻|偷笑|爱你|鼓掌|赞|太开心|亲亲|可爱|威武|good|耶|微笑|心)\]", 0.45),
    ],
    "confused": [(r"[🤔😕🤷😵❓]|o_o|\?\?\?+", 0.45)],
    "anxious": [(r"[😰😟😨😱😬🥺]", 0.55), (r"\[(惊恐|害怕|紧张|可怜兮兮)\]", 0.55)],
    "frustrated": [
        (r"[😤🙄😩😫😒😑🤦]|-_-", 0.55),
        (r"\[(抓狂|汗|晕|无语|白眼|囧|疲倦|打哈欠)\]", 0.55),
    ],
    "angry": [
        (r"[😡🤬😠💢🖕]|>:\(", 0.75),
        (r"\[(怒|怒骂|鄙视|哼|左哼哼|右哼哼|吐|发怒|愤怒)\]", 0.65),
    ],
    "sad": [
        (r"[😢😭😞😔💔☹🙁]|:\(|:'\(|:-\(", 0.6),
        (r"\[(泪|衰|蜡烛|失望|委屈|悲伤|伤心|可怜|生病|心碎|流泪|大哭)\]", 0.6),
    ],
}

# Words that strengthen what follows them (English) or the clause (Chinese).
INTENSIFIERS_EN = (
    r"very|so|really|extremely|absolutely|totally|completely|utterly|incredibly|super|"
    r"seriously|fucking|freaking|bloody|damn|beyond|truly"
)
INTENSIFIERS_ZH = r"非常|特别|太|超级|真的|十分|极其|简直|实在"
NEGATORS_EN = r"not|no|never|n't|dont|don't|isn't|wasn't|aren't|hardly|without"
NEGATORS_ZH = r"不|没|别|未"

# Sarcasm: a positive word in a clearly negative frame is not satisfaction.
SARCASM_EN = [
    r"(great|wonderful|fantastic|perfect|brilliant|lovely|awesome),? (just|simply|really) \1",
    r"thanks? for nothing|thanks a lot\b.*(not|nothing|useless|again)|oh (great|wonderful|joy)",
    r"yeah,? right|sure,? (you do|it is)|/s\b|love (how|that) (you|i|it|this)",
    r"\b(great|nice|love|awesome)\b.* \b(again|another|still|charged|fees?|waiting|hold|hours?)\b",
    r"what a (joke|surprise)|(bravo|well done),? (really|guys)|so helpful.*not",
    r"🙃|🤡|👏👏",
    r"\b(cool|great|nice|fine|perfect|lovely|brilliant)[,.!]* \1[,.!]* \1\b",
    r"(still (waiting|not|no)|declined|on hold|another (fee|charge|error)|\d+ (hours|weeks|days)( now)?)"
    r".*\b(cool|great|nice|fantastic|brilliant|lovely|perfect|wonderful|awesome)\b",
    r"\blove that for me\b|\bjust what i needed\b.*(not|another|again)",
    r"\b(again|still|another|declined|failed|crashed|logged me out|bounced)\b.{0,40}\b(brilliant|great|"
    r"fantastic|perfect|lovely|wonderful|awesome|nice one)\b[.!]*\s*$",
]
# A praise word after "again" is sincere when things now work ("it works again, great!").
SARCASM_BLOCKERS_EN = r"\b(works?|working|fixed|sorted|resolved|thank\w*|thx|cheers)\b"
SARCASM_ZH = [
    r"呵呵",
    r"真是(太)?(好|棒|厉害)了.*(又|还|没)",
    r"(谢谢|感谢)你们.*(又|害|坑)",
    r"真行啊|服了你们",
]

# General feeling vocabulary, after Parrott's (2001) tree of emotions (primary -> secondary ->
# tertiary words) plus everyday and social-media forms. These words name a feeling whatever the
# topic, so text that is not about banking at all ("i feel so unloved", "im pretty aggravated")
# is read too; the banking-specific entries above carry the customer-service phrasings. Words
# that are often literal in banking ("cross-border", "the app is down", "set an alarm") are left
# out or only matched in a feeling frame.
_FEEL = r"(?:feel(?:s|ing)?|felt|i'?m|im|i am|i was)"
GENERAL_EN: dict[str, list[Entry]] = {
    "sad": [
        (
            r"gloom(y|iness)?|glum|melanchol(y|ic)|sorrow(ful)?|woeful|despair(ing)?|despondent|dejected|"
            r"disheartened|discouraged|demorali[sz]ed|downhearted|heavy[- ]hearted|forlorn|wretched|"
            r"depressed|depression|unhappy|unhappiness|miserable|misery|heartbroken|heartbreak|grie(f|ving|ved)|"
            r"mourn(ing)?|distraught|devastated|crushed|shattered|anguish(ed)?|agon(y|ized|ised)|tormented",
            0.6,
        ),
        (
            r"lonely|loneliness|lonesome|all alone|so alone|isolated|alienated|abandoned|neglected|rejected|unloved|"
            r"unwanted|unappreciated|left out|homesick|ignored|excluded|friendless",
            0.55,
        ),
        (
            r"guilt(y)?|ashamed|shame(ful)?|remorse(ful)?|regret(ful|ting)?|humiliated|humiliation|"
            r"mortified|embarrass(ed|ment)|inadequate|worthless|a failure|"
            r"insecure|self[- ]conscious|stupid of me",
            0.5,
        ),
        (
            r"hurt(ing)?|heartache|in pain|painful|suffer(ing|ed)?|numb|drained|exhausted|"
            r"worn out|burnt out|burned out|weary|defeated|helpless|hopeless|lost without|feeling blue|"
            r"low spirits?|down in the dumps|tearful|in tears|cried|crying|cry|wept|weep(ing)?|sob(bing|bed)?",
            0.5,
        ),
        (
            rf"{_FEEL} (?:so |very |really |a bit |a little )?(?:down|low|bad|awful|terrible|horrible|rotten|"
            r"crappy|shitty|lousy|sick|miserable|blah|tired|unwell|ill)",
            0.55,
        ),
        (
            # Words that are literal in banking ("damaged card", "empty account") count only when
            # the writer says they feel that way.
            rf"{_FEEL} (?:so |very |really |a bit |a little |kind of |kinda |like )?(?:an? )?"
            r"(?:ugly|damaged|used|empty|broken|small|stupid|dumb|gross|void|unwelcome|punished|"
            r"ungrateful|unfortunate|beaten( down)?|crushed|tortured|burden|failure)",
            0.5,
        ),
        (r"unkind|unfair to me|a burden", 0.45),
        (
            r"disappointed|disappointing|disappointment|dismayed|let down|letdown|displeased|disillusioned",
            0.55,
        ),
        (r"pity|pitiful|sympathy|poor me|boo hoo|sadly|sadness|saddened|tragic|tragedy", 0.45),
    ],
    "anxious": [
        (
            rf"{_FEEL} (?:so |very |really |a bit |a little |kind of |kinda |all )?"
            r"(?:weird|strange|odd|awkward|unsafe|unprotected|exposed|on edge|out of place)",
            0.45,
        ),
        (
            r"uncomfortable|disturbed|disturbing|feel(?:s|ing)? (?:a bit |a little |kind of )?off",
            0.45,
        ),
        (
            r"fear(ful|ing)?|afraid|scared|frightened|terrified|petrified|horrified|horror|terror|dread(ed|ing|ful)?|"
            r"panic(ky|king|ked)?|hysterical|frantic|alarmed|alarming|spooked|startled|shaken|rattled",
            0.6,
        ),
        (
            r"nervous|nervousness|anxious|anxiety|uneasy|unease|apprehensive|apprehension|jittery|jumpy|"
            r"shaky|tense|tension|on edge|restless|distressed|distress|troubled|worrisome|fretting|"
            r"stressed( out)?|stressful|overwhelmed|overwhelming|pressured|under pressure|paranoid",
            0.55,
        ),
        (
            r"vulnerable|threatened|unsafe|insecure about|intimidated|timid|shy|uncertain|unsure of myself|"
            r"doubtful|hesitant|reluctant|insecurity|helpless|powerless|suspicious|skeptical|wary",
            0.4,
        ),
    ],
    "angry": [
        (
            r"anger|angered|rage|raging|enraged|outrage(d)?|furious|fury|wrath|irate|livid|seething|"
            r"hostile|hostility|hatred|hateful|hate(?! to )|hated|hating|loathe|loathing|despise|detest|"
            r"resent(ful|ment|ed)?|bitter(ness)?|spite(ful)?|vengeful|vindictive|contempt(uous)?|scorn(ful)?",
            0.6,
        ),
        (
            r"disgusted|disgust|revolted|repulsed|sickened|appalled|offended|insulted|indignant|"
            r"disrespected|betrayed|cheated|wronged|violated|mistreated|jealous|jealousy|envious|envy|"
            r"mad|pissed|ticked off|peeved|miffed|vexed|heated|cranky|grumpy|grouchy|snappy|"
            r"cruel|vicious|greedy|selfish|heartless",
            0.55,
        ),
    ],
    "frustrated": [
        (
            r"aggravat(ed|ing)|agitated|exasperat(ed|ing)|impatient|irritable|bothered|bugged|"
            r"fed up|sick and tired|stifled|trapped|hindered|thwarted|"
            r"dissatisfied|unsatisfied|discontent(ed)?|displeased|irked|galling|grr+",
            0.55,
        ),
    ],
    "satisfied": [
        (
            r"joy(ful)?|cheerful|delighted|contented|grateful|thankful|blessed|excited|thrilled|"
            r"elated|ecstatic|overjoyed|optimistic|hopeful|proud|peaceful|at ease|loved|"
            r"lucky|fortunate|carefree|jolly|merry|gleeful|euphoric|blissful",
            0.5,
        ),
    ],
}

# The same idea for Chinese: everyday feeling words of social-media posts (Weibo-style), not
# tied to banking. Characters that are literal in banking text are only taken in a feeling
# form: 累 as 好累/累死 (not 累计), 怕 as 好怕/可怕 (not 恐怕), 丧 as 好丧 (not 丧失).
GENERAL_ZH: dict[str, list[Entry]] = {
    "sad": [
        (
            r"悲伤|悲哀|悲痛|伤感|心酸|心碎|心疼|泪崩|泪目|流泪|眼泪|哭死|大哭|哭泣|呜呜+|好惨|太惨|惨了",
            0.6,
        ),
        (
            r"孤独|寂寞|空虚|失落|遗憾|可惜|后悔|内疚|愧疚|自责|丢人|没意思|好丧|很丧|太丧|丧了|emo了",
            0.5,
        ),
        (
            r"好累|太累|很累|累死|累了|疲惫|倒霉|糟糕|糟透|不开心|不高兴|不快乐|高兴不起来|开心不起来",
            0.5,
        ),
    ],
    "anxious": [
        (
            r"忐忑|发愁|恐慌|慌张|惶恐|恐惧|可怕|好怕|很怕|太怕|怕怕|吓死|吓人|吓到|心里没底|提心吊胆",
            0.55,
        ),
        (r"压力(好|很|太|特别)?大|睡不着|失眠|坐立不安|不踏实|心神不宁", 0.5),
    ],
    "frustrated": [
        (r"烦躁|烦人|闹心|堵心|憋屈|窝火|抓狂|无奈|心寒|寒心|不爽|蛋疼|醉了|无力吐槽|受不了", 0.55),
    ],
    "angry": [
        (
            r"讨厌|厌恶|恶心|反感|气愤|恼怒|暴躁|可恶|该死|混账|去死|滚蛋|卧槽|我靠|妈蛋|尼玛|傻逼|脑残",
            0.6,
        ),
    ],
    "satisfied": [
        (
            r"哈哈+|嘻嘻|喜欢|幸福|快乐|感动|期待|兴奋|美好|温暖|可爱|好玩|好开心|爱你|么么哒|棒棒",
            0.45,
        ),
    ],
}
