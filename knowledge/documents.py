"""Knowledge-base articles: read Markdown, HTML and plain-text files into :class:`Article`\\ s.

Markdown articles carry YAML front matter (id, title, url, language, tags, updated). Files
without it still load: the id comes from the file name, the title from the first heading, the
language from the parent folder (``en/``, ``zh/``) or the script of the text. Chunking lives in
:mod:`knowledge.chunking`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from domain.errors import InvalidInput

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | PDF_SUFFIXES

LANGUAGE_DIRS = frozenset({"en", "zh", "de", "fr", "es", "it", "ja", "ko", "pt", "nl"})
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SLUG = re.compile(r"[^a-z0-9]+")


# Bump when chunking or the sparse encoding changes: every article then re-indexes once.
# 2: Chinese question-word bigrams dropped from the sparse side.
INDEX_FORMAT = "2"


class DocumentError(InvalidInput):
    """A knowledge-base file cannot be read as an article."""

    code = "bad_document"


@dataclass(frozen=True, slots=True)
class Article:
    """One knowledge-base article, its body as Markdown (HTML and text are converted)."""

    article_id: str
    title: str
    body: str
    language: str = "en"
    url: str = ""
    tags: tuple[str, ...] = ()
    updated: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Changes whenever anything that ends up in the index changes."""
        parts = [
            INDEX_FORMAT,
            self.article_id,
            self.title,
            self.language,
            self.url,
            ",".join(self.tags),
            self.updated,
            self.body,
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "article"


def guess_language(text: str, path: Path | None = None) -> str:
    if path is not None and path.parent.name.lower() in LANGUAGE_DIRS:
        return path.parent.name.lower()
    sample = text[:2000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    return "zh" if len(_CJK.findall(sample)) / letters > 0.2 else "en"


def read_text(path: Path) -> str:
    """UTF-8 text of a file; raises :class:`DocumentError` for binary, undecodable or empty."""
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError(f"{path.name}: empty file")
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{path.name}: binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path.name}: not valid UTF-8 (byte {exc.start})") from exc
    if not text.strip():
        raise DocumentError(f"{path.name}: empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_article(path: Path) -> Article:
    """Read one file into an :class:`Article`, picking the parser by suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{path.name}: unsupported file type {suffix or '(none)'}")
    if suffix in PDF_SUFFIXES:
        return parse_pdf(path)
    text = read_text(path)
    if suffix in MARKDOWN_SUFFIXES:
        return parse_markdown(text, path)
    if suffix in HTML_SUFFIXES:
        return parse_html(text, path)
    return parse_plain_text(text, path)


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [t for t in re.split(r"[,\s]+", value) if t]
    if not isinstance(value, list | tuple):
        raise DocumentError(f"tags must be a list, got {type(value).__name__}")
    return tuple(str(t).strip().lower() for t in value if str(t).strip())


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        m = re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        if m:
            return m.group(1).strip()
    return None


def build_article(meta: dict[str, Any], body: str, path: Path | None) -> Article:
    """Fill in what the metadata leaves out; validates what it gives."""
    source = str(path) if path else ""
    body = body.strip()
    if not body:
        raise DocumentError(f"{path.name if path else 'article'}: no body text")
    stem = path.stem if path else "article"
    article_id = str(meta.get("id") or slugify(stem)).strip()
    title = str(meta.get("title") or _first_heading(body) or stem.replace("-", " ")).strip()
    language = str(meta.get("language") or guess_language(body, path)).strip().lower()
    updated = meta.get("updated")
    known = {"id", "title", "url", "language", "tags", "updated"}
    return Article(
        article_id=article_id,
        title=title,
        body=body,
        language=language,
        url=str(meta.get("url") or ""),
        tags=_tags(meta.get("tags")),
        updated=str(updated) if updated is not None else "",
        source=source,
        extra={k: v for k, v in meta.items() if k not in known},
    )


def parse_markdown(text: str, path: Path | None = None) -> Article:
    meta: dict[str, Any] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            raise DocumentError(f"{path.name if path else 'article'}: bad front matter") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise DocumentError(f"{path.name if path else 'article'}: front matter not a map")
        meta = loaded or {}
        text = text[m.end() :]
    return build_article(meta, text, path)


def parse_html(text: str, path: Path | None = None) -> Article:
    """HTML → Markdown-ish body (headings kept as ``#`` lines so chunking can split on them)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    meta: dict[str, Any] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").lower().removeprefix("og:")
        content = tag.get("content")
        if name in {"id", "article-id", "url", "tags", "updated", "language"} and content:
            meta["id" if name == "article-id" else name] = str(content)
    html_tag = soup.find("html")
    if html_tag is not None and html_tag.get("lang") and "language" not in meta:
        meta["language"] = str(html_tag.get("lang")).split("-")[0]
    if soup.title and soup.title.string:
        meta.setdefault("title", soup.title.string.strip())
    for bad in soup(["script", "style", "nav", "header", "footer", "noscript", "template"]):
        bad.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    lines: list[str] = []
    blocks = root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td"])
    for el in blocks:
        if el.find_parent(["p", "li", "pre", "td"]) is not None:
            continue  # nested block already emitted by its parent
        content = " ".join(el.get_text(" ", strip=True).split())
        if not content:
            continue
        if el.name[0] == "h":
            lines.append(f"\n{'#' * int(el.name[1])} {content}\n")
        elif el.name == "li":
            lines.append(f"- {content}")
        else:
            lines.append(f"{content}\n")
    body = "\n".join(lines).strip() or " ".join(root.get_text(" ", strip=True).split())
    return build_article(meta, body, path)


def parse_plain_text(text: str, path: Path | None = None) -> Article:
    """First non-empty line is the title; blank-line separated paragraphs are the body."""
    lines = text.strip().splitlines()
    title = lines[0].strip() if lines else ""
    body = "\n".join(lines[1:]).strip() if len(lines) > 1 else title
    return build_article({"title": title}, f"# {title}\n\n{body}", path)


def parse_pdf(path: Path) -> Article:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:
        raise DocumentError(f"{path.name}: PDF support needs the pypdf package") from exc
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as exc:
        raise DocumentError(f"{path.name}: unreadable PDF ({exc})") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise DocumentError(f"{path.name}: PDF has no extractable text")
    meta: dict[str, Any] = {}
    info = reader.metadata
    if info is not None and info.title:
        meta["title"] = str(info.title)
    return build_article(meta, text, path)
