"""Traditional → simplified conversion (domain.chinese) and where it is applied."""

from __future__ import annotations

import pytest

from domain.chinese import to_simplified
from knowledge.chunking import Chunk
from knowledge.sparse import SparseEncoder


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("我的信用卡被盜刷了，怎麼凍結？", "我的信用卡被盗刷了，怎么冻结？"),
        ("國際匯款的手續費是多少錢？", "国际汇款的手续费是多少钱？"),
        # OpenCC's t2s gives 帐; accounts and money are written 账 (as the help centre does).
        ("轉帳到其他銀行的帳戶", "转账到其他银行的账户"),
        ("對帳單", "对账单"),
        ("露營用的帳篷", "露营用的帐篷"),  # 帐 keeps its cloth sense
    ],
)
def test_traditional_becomes_simplified(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize(
    "text",
    ["", "How do I freeze my card?", "我的账户被冻结了", "ATM 把我的卡吞了 😡", "汇丰银行的账单"],
)
def test_simplified_and_non_han_text_is_unchanged(text: str) -> None:
    assert to_simplified(text) == text
    assert to_simplified(to_simplified(text)) == to_simplified(text)


def test_article_and_query_sides_meet() -> None:
    """A traditional article is embedded and indexed simplified; a traditional query matches a
    simplified article lexically."""
    chunk = Chunk(
        chunk_id="c",
        article_id="a",
        title="帳戶結清",
        section="",
        text="註銷帳戶前請先轉出餘額。",
        url="",
        language="zh",
        tags=(),
        updated="",
        position=0,
        content_hash="h",
        article_hash="h",
    )
    assert chunk.embed_text == "账户结清\n注销账户前请先转出余额。"
    sparse = SparseEncoder("bigram")
    assert sparse.encode_query("註銷帳戶") == sparse.encode_query("注销账户")
    assert sparse.encode_document("帳戶餘額") == sparse.encode_document("账户余额")
