"""Traditional → simplified Chinese, the one place Warmline converts.

Customers write in traditional characters (Taiwan, Hong Kong, overseas) while the help centre,
the intent examples and the lexicons are simplified. Everything that reads Chinese text —
understanding, the query side of search and the article side of the index — reads it through
:func:`to_simplified`, so 帳戶/賬戶/账户 all meet as 账户.

OpenCC (the BYVoid library, ``t2s`` configuration) does the conversion. It lives in
``domain`` so that ``agent`` and ``knowledge`` can both import it without either importing the
other.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# OpenCC follows the 1986 table, where 帳 becomes 帐; mainland usage (and the help centre) writes
# money-and-accounts words with 账 (账户, 转账, 账单). 帐 keeps its own sense only in these.
_ZHANG_CLOTH = ("帐篷", "蚊帐", "帐幕", "营帐", "帷帐", "帐子", "罗帐", "纱帐", "床帐")
_ZHANG_GUARD = {w: w.replace("帐", "\ue000") for w in _ZHANG_CLOTH}


@functools.cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text with traditional Han characters (and OpenCC's t2s phrases) simplified.

    A no-op, without touching OpenCC, for text with no Han character. Idempotent.
    """
    if not text or not _HAN.search(text):
        return text
    out: str = _converter().convert(text)
    if "帐" in out:
        for word, guarded in _ZHANG_GUARD.items():
            out = out.replace(word, guarded)
        out = out.replace("帐", "账").replace("\ue000", "帐")
    return out
