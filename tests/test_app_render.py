"""Pure tests of what the explorer puts on screen: sanitising, pane text, wrapping, highlights."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pilot import async_test
from rich.console import Console

from tui.app.render import CITATION_STYLE, FIGURE_STYLE, HIT, MEASURE_LABEL, node_detail, tree_label
from tui.text.safe import clean, clean_map
from tui.text.script import convert


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("红\x1b[31m色\x1b[0m字", "红色字"),
        ("标题\x1b]0;pwned\x07完", "标题完"),
        ("标题\x1b]52;c;ZXZpbA==\x1b\\完", "标题完"),
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),
        ("左\u202e右\u2066中\u2069", "左右中"),
        ("响\x07铃\x08退\r回\x00零\x7f删\x9b31m", "响铃退回零删"),
        ("多行\n保留\t制表", "多行\n保留 制表"),
        ("[bold]x[/bold] [/] [@click=app.quit]z[/]", "[bold]x[/bold] [/] [@click=app.quit]z[/]"),
        ("末尾孤立的\x1b", "末尾孤立的"),
    ],
)
def test_clean_strips_controls_and_keeps_text(raw, expected):
    assert clean(raw) == expected


@settings(max_examples=80)
@given(st.text(alphabet=st.sampled_from(list("厦门ab[]/\n\t\x1b\x07\x9b\u202e;0m]")), max_size=40))
def test_clean_map_moves_offsets_onto_the_clean_text(raw):
    cleaned, mapping = clean_map(raw)
    assert len(mapping) == len(raw) + 1 and mapping[-1] == len(cleaned)
    assert clean(raw) == cleaned  # one implementation: the plain and the mapped cleaning agree
    assert all(a <= b for a, b in itertools.pairwise(mapping))
    assert not any(ch in cleaned for ch in "\x1b\x07\x9b\u202e")
    # every kept character sits where the mapping says
    for index, char in enumerate(raw):
        if mapping[index + 1] > mapping[index]:
            assert cleaned[mapping[index]] in (char, " ")


def _problem(seed_report):
    return next(node for node in seed_report.problems() if node.label == "(9)")


def test_tree_label_is_as_printed_with_measure_count(seed_report, chinese):
    label = tree_label(_problem(seed_report), "s")
    assert label.plain.startswith("(9)打造“金砖国家新工业革命伙伴关系创新基地”尚未破题")
    assert label.plain.endswith(f"·{len(_problem(seed_report).rectification.measures)}项")


def test_truncated_node_is_marked_in_tree_and_pane(seed_report, chinese):
    last = seed_report.problems()[-1]
    assert last.truncated
    assert "[截断]" in tree_label(last, "s").plain
    assert "原文在此处中断" in node_detail(last, "s").plain


def test_pane_lists_measures_on_their_own_lines_and_marks_figures(seed_report):
    node = _problem(seed_report)
    text = node_detail(node, "s")
    lines = text.plain.split("\n")
    for measure in node.rectification.measures:
        assert any(line.startswith(measure.label) for line in lines), measure.label
    styled = {text.plain[span.start : span.end]: span.style for span in text.spans}
    assert styled.get("一是") == MEASURE_LABEL
    assert any(style == FIGURE_STYLE and part[0].isdigit() for part, style in styled.items())
    assert any(style == CITATION_STYLE and part.startswith("《") for part, style in styled.items())


def test_every_character_of_the_node_is_in_the_pane(seed_report):
    for node in seed_report.walk():
        shown = node_detail(node, "s").plain
        for _, value in node.plain_fields():
            compact = "".join(value.split())
            assert compact in "".join(shown.split()), node.id


@pytest.mark.parametrize("width", [17, 24, 31, 46, 80])
def test_long_chinese_lines_wrap_by_cell_width_without_losing_characters(seed_report, width):
    console = Console(width=width, color_system=None, legacy_windows=False)
    for node in seed_report.problems()[:6]:
        text = node_detail(node, "s")
        lines = text.wrap(console, width, overflow="fold")
        assert all(line.cell_len <= width for line in lines)
        joined = "".join("".join(line.plain.split()) for line in lines)
        assert joined == "".join(text.plain.split()), node.id


@pytest.mark.parametrize("mode", ["s", "s2t", "s2tw", "s2hk"])
def test_matches_highlight_the_same_characters_in_every_script(seed_report, mode):
    node = _problem(seed_report)
    plain = node.plain_text()
    start = plain.index("金砖")
    text = node_detail(node, mode, matches=[(start, start + 2)])
    marked = [text.plain[span.start : span.end] for span in text.spans if span.style == HIT]
    assert marked == [convert("金砖", mode)]


def test_snippet_starts_shortly_before_its_first_hit_and_marks_every_hit():
    from tui.app.render import snippet_text

    snippet = "…很长的一段开头文字没有命中,然后是金砖国家,再后是金砖基地。"
    first = snippet.index("金砖")
    second = snippet.index("金砖", first + 1)
    text = snippet_text(snippet, [(first, first + 2), (second, second + 2)], "s", lead=4)
    assert text.plain.startswith("…") and text.plain.index("金砖") == 5
    assert [text.plain[s.start : s.end] for s in text.spans if s.style == HIT] == ["金砖", "金砖"]
    assert snippet_text("金砖在前", [(0, 2)], "s").plain == "金砖在前"
    assert snippet_text("a\x1b[31mb", [(7, 8)], "s").plain == "ab"


def _styled(text, style) -> list[str]:
    """The runs of `text` carrying `style`, as strings, in order."""
    runs, current = [], None
    for index in range(len(text.plain)):
        has = any(span.start <= index < span.end and span.style is style for span in text.spans)
        if has and current is None:
            current = index
        elif not has and current is not None:
            runs.append(text.plain[current:index])
            current = None
    if current is not None:
        runs.append(text.plain[current:])
    return runs


@pytest.mark.parametrize("mode", ["s", "s2t"])
def test_the_pane_bolds_exactly_the_figures_the_figures_view_lists(seed_report, mode):
    from tui.analysis.figures import node_figures

    for node in seed_report.walk():
        shown = convert(node.plain_text(), mode)  # the pane converts the node's text as a whole
        listed = [shown[figure.start : figure.end] for figure in node_figures(node)]
        assert _styled(node_detail(node, mode), FIGURE_STYLE) == listed, node.id
    problem = next(node for node in seed_report.walk() if "2.86万亿元" in node.plain_text())
    assert "2.86万亿元" in _styled(node_detail(problem, "s"), FIGURE_STYLE)


# ---- bytes per move: runs of blanks join a neighbour that looks the same on them ---------------


def test_blanks_join_a_bold_neighbour_but_never_a_marked_one():
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    from tui.app.widgets.detail import merge_blank_runs

    base = Style(color="white", bgcolor="black")
    bold = base + Style(bold=True)
    heading = Strip([Segment(" ", base), Segment("(13)自主创新", bold), Segment("    ", base)])
    merged = merge_blank_runs(heading)
    assert [segment.style for segment in merged] == [bold] and merged.text == heading.text
    assert merged.cell_length == heading.cell_length
    marked = base + Style(reverse=True)  # a search hit: a space in it shows as a bar
    hit = Strip([Segment(" ", base), Segment("金砖", marked), Segment(" ", base)])
    assert list(merge_blank_runs(hit)) == list(hit)
    other_background = Style(color="white", bgcolor="blue", bold=True)
    assert len(list(merge_blank_runs(Strip([Segment(" ", base), Segment("x", other_background)])))) == 2


@async_test
async def test_a_move_to_a_sibling_repaints_only_the_pane_rows_that_changed(seed_report):
    from textual.geometry import Region

    from tui.app import XunshiApp
    from tui.app.widgets.detail import DetailPane

    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(10):  # problem (10): a short text; (11) is its sibling, breadcrumb alike
            await pilot.press("right_square_bracket")
        await pilot.pause()
        pane = app.explorer.detail
        painted: list[tuple[Region, ...]] = []
        refresh = pane.refresh
        pane.refresh = lambda *regions, **kwargs: (painted.append(regions), refresh(*regions, **kwargs))[1]
        before = [pane._line(y) for y in range(pane.scrollable_content_region.height)]
        await pilot.press("down")
        await pilot.pause()
        rows = {region.y for regions in painted for region in regions}
        after = [pane._line(y) for y in range(pane.scrollable_content_region.height)]
        assert all(painted) and painted  # never the whole pane
        assert rows == {y for y, (old, new) in enumerate(zip(before, after)) if old != new}
        assert 0 not in rows  # the breadcrumb, the same for both
        assert isinstance(pane, DetailPane) and pane.entry.node.label == "(11)"
