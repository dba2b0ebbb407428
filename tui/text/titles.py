"""Cited documents: 《…》 titles, nested ones included — one rule for the text pane (which
underlines them), the cited-documents view and `xunshi citations`.

Titles may nest: 《关于〈中华人民共和国…〉的决定》 or 《…《…》…》. The outer title is one span and
each inner title another, one level deeper. A 《 that is not closed in the same paragraph is not
a title. 〈〉 count only inside 《》, since on their own they are often plain angle brackets.
"""

from __future__ import annotations

_CLOSE = {"》": "《", "〉": "〈"}


def title_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, depth) of every complete 《…》 in `text`, brackets included, in text order."""
    spans: list[tuple[int, int, int]] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char == "\n":
            stack.clear()  # a title never spans paragraphs
        elif char == "《" or char == "〈" and stack:
            stack.append((char, index))
        elif char in _CLOSE and stack:
            opener, start = stack[-1]
            if opener != _CLOSE[char]:
                if char == "》":  # 《 … 〈 … 》: the 〈 was a stray angle bracket
                    while stack and stack[-1][0] != "《":
                        stack.pop()
                    if not stack:
                        continue
                    opener, start = stack[-1]
                else:
                    continue
            stack.pop()
            if index > start + 1:  # 《》 names nothing
                spans.append((start, index + 1, len(stack)))
    return sorted(spans)
