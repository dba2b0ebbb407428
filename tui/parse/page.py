"""What a reader hands the parser: the text, and for a saved web page what stood around it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    """`text` is the report's own text (for a web page: from its title to the end of the
    article); `before` and `after` are the page's other lines in order (its chrome, and a 政务公开
    table, which is read as metadata); `meta` the page's meta tags (ArticleTitle, PubDate …)."""

    text: str
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # warnings of the reader
