"""A web page saved from the browser → the report's text, the page's chrome and its meta tags.

Two passes, each doing what it is good at:
- **trafilatura** finds the article: which of the page's paragraphs are its main text (it is
  made for that, and leaves menus, share rows, related links and footers out);
- **lxml** (trafilatura's own parser) gives every line of the page in order, and the meta tags
  government sites carry (ArticleTitle, PubDate, ContentSource, ColumnName, SiteName).
The report's text runs from the page's title line (an `<h1>` split by `<br>` stays two lines)
through the 来源/发布时间 line to the end of the article, so the parser reads the header as
printed; the lines before and after are the page's chrome, handed over to be set aside as
furniture (a 政务公开 table among them is read as metadata). trafilatura alone drops the
来源/发布时间 line and the time of day, and says nothing of what it left out: hence lxml too.

The charset a meta tag declares is honoured; GB2312 and GBK are read as GB18030, the superset
browsers use (GB2312 pages often hold characters only GBK or GB18030 has).
Both libraries are imported only when a page is opened: start-up never pays for them.
"""

from __future__ import annotations

import codecs
import logging
import re

from tui.parse.decode import decode_with_notes
from tui.parse.errors import ReportError
from tui.parse.header import TITLE_LINES, qualifies_as_title
from tui.parse.page import Page
from tui.parse.shadow import shadow

#: Meta tags kept (name as government sites spell it).
META_NAMES = ("ArticleTitle", "PubDate", "ContentSource", "ColumnName", "SiteName", "Author", "Keywords")
_META_BY_LOWER = {name.lower(): name for name in META_NAMES}
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_GB = ("gb2312", "gbk", "x-gbk", "gb18030", "cp936", "euc-cn", "csgb2312", "hz-gb-2312")
_BLOCK = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    )
)
_SKIP = frozenset(
    (
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "select",
        "option",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "map",
    )
)
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-—–]\s+|-(?=[^-]{1,20}$)")
#: How far above the article a title line that has the genre's form is looked for.
TITLE_REACH = 8


def decode_page(data: bytes) -> tuple[str, list[str]]:
    """The page's text, in the charset its meta tag declares (else UTF-8, else GB18030)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_with_notes(data)
    match = _CHARSET.search(data[:8192])
    if match:
        label = match.group(1).decode("ascii").lower()
        codec = "gb18030" if label in _GB else label
        try:
            return data.decode(codec), []
        except LookupError:
            pass
        except UnicodeDecodeError as error:
            if codec != "gb18030":
                try:
                    return data.decode("gb18030"), [_note(label, error)]
                except UnicodeDecodeError:
                    pass
    return decode_with_notes(data)


def _note(label: str, error: UnicodeDecodeError) -> str:
    return (
        f"网页声明的编码 {label} 与内容不符，已按 GB18030 读取 / the page declares {label} but is not: "
        f"read as GB18030 (first bad byte at {error.start})"
    )


def read_html(data: bytes) -> Page:
    """The report in a saved web page: its text, the chrome around it and its meta tags."""
    text, notes = decode_page(data)
    text = _XML_DECLARATION.sub("", text)
    from lxml import etree, html  # lxml: imported only when a web page is opened

    try:
        document = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ReportError(f"cannot read the page as HTML ({error})") from None
    meta = _meta_tags(document)
    lines = _page_lines(document)
    if not lines:
        return Page(text="", meta=meta, notes=notes)
    main = _main_text(text)
    region = _align(lines, main)
    if region is None:
        notes.append(
            "未能找出网页正文，整页文字都作为报告读取 / the page's main text was not found: every line of the "
            "page is read as the report"
        )
        return Page(text="\n".join(lines), meta=meta, notes=notes)
    first, last = region
    titles = [meta.get("ArticleTitle", ""), _page_title(document)]
    start = _title_line(lines, first, [title for title in titles if title]) or first
    return Page(
        text="\n".join(lines[start : last + 1]), before=lines[:start], after=lines[last + 1 :], meta=meta, notes=notes
    )


def _meta_tags(document) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in document.iter("meta"):
        name = _META_BY_LOWER.get((element.get("name") or "").strip().lower())
        content = _SPACE.sub(" ", element.get("content") or "").strip()
        if name and content and name not in meta:
            meta[name] = content
    return meta


def _page_title(document) -> str:
    """The `<title>`'s first part (`…的通报 - 白云区人民政府` → `…的通报`)."""
    found = document.find(".//title")
    if found is None or not found.text_content():
        return ""
    return _TITLE_SEPARATORS.split(_SPACE.sub(" ", found.text_content()).strip())[0]


def _page_lines(document) -> list[str]:
    """Every line of text the page shows, in order: block elements and `<br>` end lines."""
    body = document.find("body")
    root = body if body is not None else document
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and tag.lower() not in _SKIP:
            block = tag.lower() in _BLOCK
            if block:
                flush()
            if element.text:
                current.append(element.text)
            for child in element:
                walk(child)
                if child.tail:
                    current.append(child.tail)
            if block:
                flush()

    walk(root)
    flush()
    return lines


def _main_text(text: str) -> list[str]:
    """The article's lines as trafilatura finds them ([] when it finds none)."""
    import trafilatura  # trafilatura: imported only when a web page is opened

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # its warnings would land on the screen
    extracted = trafilatura.extract(
        text, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False
    )
    return [line for line in (extracted or "").splitlines() if _squash(line)]


def _squash(text: str) -> str:
    return _SPACE.sub("", text).replace("\u3000", "")


def _align(lines: list[str], main: list[str]) -> tuple[int, int] | None:
    """The page lines from the article's first line to its last."""
    if not main:
        return None
    squashed = [_squash(line) for line in lines]

    def same(page: str, wanted: str) -> bool:
        return bool(page) and (page == wanted or (len(wanted) >= 8 and (wanted in page or page in wanted)))

    head, tail = _squash(main[0]), _squash(main[-1])
    first = next((index for index, line in enumerate(squashed) if same(line, head)), None)
    if first is None:
        return None
    last = next((index for index in range(len(squashed) - 1, first - 1, -1) if same(squashed[index], tail)), None)
    return None if last is None else (first, last)


def _title_line(lines: list[str], first: int, titles: list[str]) -> int | None:
    """Where the page prints its title (one to three lines) above the article, nearest first:
    the text of its title tags, or, just above the article, a line with a title's form."""
    wanted = {_squash(title) for title in titles}
    for by_form in (False, True):
        for start in range(first - 1, -1, -1):
            for size in range(1, TITLE_LINES + 1):
                if start + size > first:
                    break
                joined = "".join(lines[start : start + size])
                if by_form and first - start <= TITLE_REACH and qualifies_as_title(shadow(joined)):
                    while size < TITLE_LINES and start > 0 and qualifies_as_title(shadow(lines[start - 1] + joined)):
                        start, size, joined = start - 1, size + 1, lines[start - 1] + joined  # a broken title
                    return start
                if not by_form and _squash(joined) in wanted:
                    return start
    return None
