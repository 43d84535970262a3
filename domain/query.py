"""The one string a customer message is read as, by understanding and by search.

Understanding (``UnderstandingEngine.analyze``) and retrieval (``knowledge.hybrid.plan_query``)
both embed the message. They call :func:`normalize_query` on what they are given, so within one
turn they embed the identical string and a shared :class:`knowledge.embed_cache.CachingEmbedder`
computes the vector once. (Placeholder removal for redacted text happens before either, in
``agent.nodes``, because it belongs to the privacy layer.)
"""

from __future__ import annotations

from domain.chinese import to_simplified

# Longer messages are cut: the embedder reads ~256 tokens, and regexes stay cheap.
MAX_QUERY_CHARS = 2000


def normalize_query(text: str) -> str:
    """Stripped, cut to :data:`MAX_QUERY_CHARS`, traditional Chinese simplified. Idempotent."""
    return to_simplified((text or "").strip()[:MAX_QUERY_CHARS])
