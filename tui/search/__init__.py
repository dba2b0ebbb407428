"""Full-text search over report nodes (Whoosh, Han n-grams, pinyin, exact spans). No Textual here.

`SearchEngine(reports).open()` then `.search(query)`; see `engine` for the API.
"""

from .engine import Hit, SearchEngine, SearchResult

__all__ = ["Hit", "SearchEngine", "SearchResult"]
