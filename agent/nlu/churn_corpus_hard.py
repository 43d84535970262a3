"""Harder template families for the churn head's generated set (used by churn_corpus.py).

The first generator was too easy (out-of-fold Brier 0.01 against 0.09 on real text): every
positive said "account" or a fee, every negative shared few words with a positive. These
families close the gap from both sides:
- leaving without account words ("well, that's one customer you won't have anymore", "I don't want to be your customer
  any more"), moving money or products out without the word "switch" (salary account, ISA,
  the whole balance), sarcastic, rambling and formal registers, routine talk first;
- hard negatives in the same frames: sessions and devices ("terminate the web session on my laptop",
  注销登录设备), cancelling a card / transfer / subscription / standing order rather than the
  account, money moving *in*, frustration about a routine problem, and intentions that were
  given up or resolved ("I was going to switch but you fixed it", 本来想换银行，现在不换了) —
  with a few positives where the problem is fixed but the customer leaves anyway, so a
  "resolved" word is evidence, not a veto.

Each family is a list of (frame, fillers) whose group id (family/frame) lets the head's
calibration hold out whole templates (churn_model.py), as unseen wording would be.
"""

# ruff: noqa: E501  (template tables)

from __future__ import annotations

GONE_EN = [
    "i have no wish to remain your customer",
    "well, that's one customer you won't have anymore",
    "you just lost another customer",
    "i'm done with this bank",
    "i'm done with you people",
    "consider me gone",
    "this is goodbye",
    "i won't be banking with you much longer",
    "find yourselves another customer",
    "never banking with you again",
    "this bank has lost my business",
    "time to find a new bank",
    "i'm breaking up with {bank}",
    "this is my last month as your customer",
    "i'm leaving you for {other}",
    "i no longer want to be with {bank}",
    "that's it, i'm moving banks",
    "done. finished. leaving",
    "i want out",
    "i'm walking away from {bank}",
    "no more {bank} for me",
    "i'm taking my money somewhere it's appreciated",
    "not staying another year with you",
    "farewell, larkspur. what's the closing procedure",
    "please treat this message as my formal notice to leave",
    "time to abandon ship",
    "i'm out, close it",
    "i've opened an account at {other}, deal with this one",
    "will my standing orders carry over to the new bank after the switch",
    "before the switch goes through, what do i need to sort out",
    "does the switching service close this account automatically",
    "once i've switched will you forward my payments to {other}",
]
MOVE_OUT_EN = [
    "send all of it over to my account with {other}",
    "send my whole balance to my {other} account",
    "move everything over to {other}",
    "get all my money out of here",
    "withdraw everything and close up",
    "move my salary account to {other}",
    "move my salary account elsewhere",
    "move my {acct} somewhere else",
    "transfer my isa to another provider",
    "move my pension out to {other}",
    "pay off the {loan} in full and be done with you",
    "release my account for the switch",
    "use the switching service to go to {other}",
    "redirect my salary to {other} for good",
    "empty the {acct} into my {other} account",
    "send every last penny to {other}",
    "cash out everything and leave",
    "redeem all my savings and take them elsewhere",
    "move my retirement savings to another provider",
    "move my fixed deposit to {other} when it matures",
    "take my mortgage to {other} when the fix ends",
]
DO_FRAMES_EN = [
    "{v}",
    "{why}{v}",
    "{v}. {next}",
    "{why}{v}. {next}",
    "which documents do i need to {v}",
    "what paperwork is needed to {v}",
    "how quickly can you {v}",
    "what's the quickest way to {v}",
    "{why}how do i {v}",
    "tell me how to {v}",
]
NEXT_EN = [
    "how do i do it",
    "what's the process",
    "what do you need from me",
    "sort it out",
    "where do i sign",
    "what happens to my direct debits",
    "how long does it take",
    "who do i speak to",
]
WHY_HARD_EN = [
    "frankly i'm fed up with your charges, ",
    "thanks for nothing. ",
    "wow, another charge, brilliant. ",
    "so after an hour on hold, ",
    "long story short, i got a better offer, ",
    "my partner and i talked it over and ",
    "Dear Sir or Madam, ",
    "no offence but ",
    "ok so ",
    "right. ",
    "ngl ",
    "tbh ",
    "just paid my rent and ",
    "been a customer since uni but ",
    "my card got declined twice last week, ",
    "the problem got fixed eventually but ",
    "even though it's sorted now, ",
    "",
]

# Hard negatives: the same verbs and frames, an object that is not the relationship.
SESSION_EN = [
    "terminate the web session on my laptop",
    "end my session",
    "terminate my online banking session",
    "log me out of every device",
    "remove my old phone from online banking",
    "deregister this device",
    "close all my open sessions",
    "sign out everywhere",
    "delete my saved login on the shared computer",
    "end the call",
    "terminate the screen share",
    "cancel my login on this laptop",
    "kill the session on my work pc",
]
CANCEL_THING_EN = [
    "cancel my {thing}",
    "terminate the {thing}",
    "stop my {thing}",
    "i want to cancel the {thing}",
    "please cancel {thing} asap",
    "how do i end the {thing}",
    "get rid of the {thing}",
    "delete the {thing}",
]
THING_EN = [
    "card, it was stolen",
    "transfer from this morning",
    "spotify subscription",
    "standing order to my landlord",
    "direct debit for the gym",
    "recurring payment to netflix",
    "card order",
    "cheque",
    "branch appointment",
    "travel notice",
    "text alerts",
    "paper statements",
    "scheduled payment",
    "savings pot",
    "dispute, it's been refunded",
    "monthly transfer to my savings",
    "virtual card",
    "duplicate payment",
]
RESOLVED_PAST_EN = [
    "i was going to close my account",
    "i wanted to switch banks",
    "i was about to move everything to {other}",
    "i nearly left last week",
    "i thought about leaving",
    "i was ready to cancel my account",
    "i was planning to go to {other}",
    "yesterday i asked how to close my account",
    "i was this close to leaving",
    "i'd made up my mind to switch",
    "last week i wanted to move my salary to {other}",
    "i almost closed my account",
    "i meant to cancel my account",
    "i had the switching form ready",
]
RESOLVED_NOW_EN = [
    "but you fixed it so i'm staying",
    "but the refund came through, so never mind",
    "but it's sorted now, i'll stay",
    "but the issue is resolved, no need anymore",
    "but i changed my mind",
    "but i'm happy now",
    "but i'll stay after all",
    "but the manager sorted it out. anyway what's my balance",
    "but forget that, how do i order a new card",
    "but your team was great, keeping my account",
    "but the complaint got handled, so i'm keeping things as they are",
    "but i'm not switching anymore",
    "but it's been resolved, i'll keep banking here",
    "but no need now",
    "but i've decided to stay",
]
STILL_LEAVING_EN = [  # resolved words, still leaving: positives
    "it's fixed now but too late, close my account",
    "the refund came through but i'm still switching to {other}",
    "thanks for sorting it but i've already decided to leave",
    "i was going to give you another chance but no, i'm off to {other}",
]
NOT_LEAVING_EN = [
    "not closing anything, just {routine}",
    "i'm not leaving, just {routine}",
    "don't close my account, i only want to {routine}",
    "please don't cancel my account, i just need to {routine}",
    "no plans to switch, {routine}",
    "happy with you overall, {routine}",
]
ROUTINE_EN = [
    "check my balance",
    "update my address",
    "ask about savings rates",
    "reset my pin",
    "get a statement",
    "change my direct debit date",
    "order a new card",
]
INCOMING_EN = [
    "move my salary to you",
    "i'm switching to you from {other}",
    "transfer all my money from {other} into this account",
    "i left {other} for you, how do i set up direct debits",
    "just joined from {other}, where's my sort code",
    "moving my isa from {other} to you",
    "bring my mortgage over from {other}",
    "my wages go into this bank from next month, what's my sort code",
    "moving my main account here from {other}",
    "recently joined you from {other}, how do i move my direct debits over",
]
FRUSTRATED_ROUTINE_EN = [
    "this is ridiculous, where is my new card",
    "third time asking, reset my pin",
    "your app is rubbish, how do i see statements",
    "i'm fed up, why was i charged twice",
    "honestly i've had enough of the app crashing, how do i update it",
    "sick of waiting, when will my transfer arrive",
    "terrible service as usual, what's my balance",
    "wow, another outage, brilliant. can i pay my bill by phone",
]

GONE_ZH = [
    "不想再当你们的客户了",
    "你们失去了一个老客户",
    "我要换一家银行了",
    "以后不在你们这办业务了",
    "受够了，再见",
    "这银行我不用了",
    "准备跟你们说拜拜了",
    "已经在别家开户了，这边不要了",
    "别家利息高，我打算过去",
    "我要走了",
    "再也不用你们银行",
    "这是我在你们这最后一个月",
    "打算另找一家银行了",
    "新银行那边都办好了，老账户这边怎么收尾",
    "这种服务谁还待得下去，我撤了",
    "换银行的时候自动扣款怎么办",
]
MOVE_OUT_ZH = [
    "把钱全部转到我{other}的卡",
    "余额全转出去",
    "把工资卡迁到{other}",
    "理财全部赎回转走",
    "把存款都搬到{other}",
    "房贷转到{other}",
    "把{acct}里的钱清空转走",
    "钱全取出来不存了",
    "解除合同",
    "养老金转出到别的机构",
    "定期到期后转去{other}",
]
DO_FRAMES_ZH = [
    "{v}",
    "{why}{v}",
    "{v}，{next}",
    "{why}{v}，{next}",
    "{v}需要带什么材料",
    "怎么最快{v}",
    "{why}请问怎么{v}",
]
NEXT_ZH = ["怎么办手续", "要什么材料", "流程是什么", "多久能办好", "找谁办"]
WHY_HARD_ZH = [
    "说实话你们的手续费太离谱了，",
    "呵呵，又扣费，真棒。",
    "等了一个小时客服，",
    "别家给的利率更高，",
    "跟家里商量过了，",
    "老客户了，",
    "问题后来是解决了，但是",
    "",
]
SESSION_ZH = [
    "注销网银里登记的旧手机",
    "退出所有设备的登录",
    "结束会话",
    "删除绑定的旧手机",
    "解绑这台设备",
    "注销网银在这台电脑上的登录",
    "终止本次会话",
    "关闭当前登录",
]
CANCEL_THING_ZH = [
    "取消{thing}",
    "停掉{thing}",
    "帮我关掉{thing}",
    "怎么取消{thing}",
    "注销{thing}",
]
THING_ZH = [
    "这笔转账",
    "每月的自动扣款",
    "视频会员自动续费",
    "网点预约",
    "短信提醒",
    "基金定投",
    "被盗的那张卡",
    "电子账单",
    "旧的收款人",
    "虚拟卡",
]
RESOLVED_PAST_ZH = [
    "本来想销户",
    "之前想换银行",
    "原本打算把钱转走",
    "差点就销户了",
    "上周想注销账户",
    "本来要转去{other}",
]
RESOLVED_NOW_ZH = [
    "问题已经处理好了，就不换了",
    "后来你们处理好了，就不销了",
    "算了，不转了",
    "客服帮我解决了，继续用",
    "改主意了，帮我查下余额",
    "现在没事了",
    "眼下没这个打算了",
    "事情处理完就不折腾了",
    "你们处理得挺好，不走了",
    "想想还是留下吧",
]
STILL_LEAVING_ZH = [
    "问题是解决了，但我还是要销户",
    "虽然处理好了，我还是打算换银行",
    "退款到了也没用，账户还是注销吧",
]
FRUSTRATED_ROUTINE_ZH = [
    "太离谱了，我的新卡到底什么时候到",
    "第三次问了，密码怎么重置",
    "app太烂了，怎么查流水",
    "又扣我两次钱，怎么回事",
    "服务真差，转账什么时候到账",
]
INCOMING_ZH = [
    "把别的银行的钱全转到这张卡",
    "我从{other}转到你们这了，工资怎么设置",
    "刚在你们这开户，把{other}的存款转过来",
]
