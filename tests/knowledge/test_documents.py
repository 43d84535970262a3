from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.chunking import MAX_UNITS, chunk_article, split_sections, units
from knowledge.documents import DocumentError, load_article, parse_html, parse_markdown


def test_markdown_front_matter_and_sections(articles: dict[str, str]) -> None:
    article = parse_markdown(articles["en/cards-freeze.md"])
    assert article.article_id == "cards-freeze"
    assert article.tags == ("cards", "security")
    assert article.updated == "2026-10-01"
    chunks = chunk_article(article)
    assert [c.section for c in chunks] == ["How to freeze your card", "Unfreezing your card"]
    first = chunks[0]
    # the one-line intro is folded into the next section rather than indexed alone
    assert first.text.startswith("Freezing your card temporarily")
    assert first.chunk_id == "en/cards-freeze#0"
    assert first.url == "https://help.example/cards-freeze"
    assert first.embed_text.startswith("Freezing your card — How to freeze your card")
    assert len({c.content_hash for c in chunks}) == len(chunks)


def test_long_sections_split_with_overlap() -> None:
    sentences = [f"Sentence number {i} explains one more detail about fees." for i in range(80)]
    body = "# Long\n\n## Details\n" + "\n\n".join(sentences)
    chunks = chunk_article(parse_markdown(body, Path("long.md")))
    assert len(chunks) > 2
    assert all(units(c.text) <= MAX_UNITS for c in chunks)
    # consecutive windows overlap: the end of one window opens the next
    assert chunks[0].text.split("\n\n")[-1] in chunks[1].text.split("\n\n")[:4]
    assert all(c.section == "Details" for c in chunks)


def test_headings_inside_code_fences_are_not_sections() -> None:
    body = (
        "# T\n\n## Real\nSome text here that is long enough to stand alone as a chunk.\n"
        "```\n## not a heading\n```\n"
    )
    assert [name for name, _ in split_sections(body)] == ["Real"]


def test_markdown_without_front_matter_uses_file_name_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "zh" / "card-help.md"
    path.parent.mkdir()
    path.write_text(
        "# 银行卡帮助\n\n## 挂失\n如果银行卡丢失，请立即在应用中挂失。", encoding="utf-8"
    )
    article = load_article(path)
    assert (article.article_id, article.language, article.title) == (
        "card-help",
        "zh",
        "银行卡帮助",
    )


def test_html_article() -> None:
    html = """<html lang="en"><head><title>Overdraft fees</title>
    <meta name="article-id" content="fees-overdraft"><meta name="tags" content="fees, overdraft">
    <script>var x = 1;</script></head><body><nav>Menu</nav><article>
    <h1>Overdraft fees</h1><p>An arranged overdraft costs 39.9% EAR.</p>
    <h2>Unarranged overdrafts</h2><p>We decline payments that would take you past your limit.</p>
    <ul><li>No fee for declined payments</li></ul></article></body></html>"""
    article = parse_html(html, Path("fees.html"))
    assert article.article_id == "fees-overdraft"
    assert article.tags == ("fees", "overdraft")
    assert "var x" not in article.body and "Menu" not in article.body
    chunks = chunk_article(article)
    assert any(c.section == "Unarranged overdrafts" and "No fee" in c.text for c in chunks)


def test_plain_text_article(tmp_path: Path) -> None:
    path = tmp_path / "opening-hours.txt"
    path.write_text("Opening hours\n\nOur phone lines are open 8am to 8pm every day.\n")
    article = load_article(path)
    assert article.title == "Opening hours" and article.article_id == "opening-hours"
    assert "8am to 8pm" in chunk_article(article)[0].text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"   \n", "empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.md", "caf\xe9 cr\xe8me".encode("latin-1"), "UTF-8"),
        ("image.png", b"\x89PNG", "unsupported"),
        ("bad-yaml.md", b"---\nid: [oops\n---\n# T\ntext", "front matter"),
    ],
)
def test_bad_files_raise_document_error(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=reason):
        load_article(path)


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with one line of Helvetica text, built by hand (xref offsets included)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_article(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = tmp_path / "branch-hours.pdf"
    path.write_bytes(_tiny_pdf("Branches open 9am to 5pm on weekdays."))
    article = load_article(path)
    assert article.article_id == "branch-hours"
    assert "9am to 5pm" in chunk_article(article)[0].text


def test_broken_pdf_is_a_document_error(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(DocumentError):
        load_article(path)
