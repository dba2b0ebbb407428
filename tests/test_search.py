"""Search on the seed: recall and ranking, script-blind and pinyin queries, exact offsets, syntax."""

from __future__ import annotations

import re
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import Node, Rectification, Report
from tui.search import SearchEngine, SearchResult


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def engine(seed_report):
    engine = SearchEngine([seed_report], in_memory=True)
    engine.open()
    return engine


def by_label(report: Report, label: str) -> Node:
    found = [node for node in report.walk() if node.label == label]
    assert len(found) == 1, label
    return found[0]


def texts(report: Report) -> dict[str, str]:
    """What each document of the report searches: node id → plain text, "" → the report's page."""
    return {"": report.page_text(), **{node.id: node.plain_text() for node in report.walk()}}


def text_of(report: Report, node_id: str) -> str:
    return texts(report)[node_id]


def ids(result: SearchResult) -> list[str]:
    return [hit.node_id for hit in result.hits]


def test_jinzhuan_puts_problem_9_first(engine, seed_report):
    result = engine.search("金砖")
    assert result.hits[0].node_id == "2.1.1.9" == by_label(seed_report, "(9)").id
    assert result.hits[0].breadcrumb == "二、 › (一) › 1. › (9)"
    assert result.hits[0].label == "(9)"
    # every node whose text has 金砖 is found, and nothing else
    expected = {key for key, text in texts(seed_report).items() if "金砖" in text}
    assert set(ids(result)) == expected and result.total == len(expected) > 1


def test_housing_finds_problem_17(engine, seed_report):
    result = engine.search("保障性住房")
    assert result.hits[0].node_id == by_label(seed_report, "(17)").id
    assert result.hits[0].label == "(17)"


@pytest.mark.parametrize(
    "simplified, others",
    [
        ("金砖", ["金磚", "jinzhuan", "jin zhuan", "JinZhuan", "jīn zhuān", "jin1 zhuan1", '"jin zhuan"']),
        ("鼓浪屿", ["鼓浪嶼", "gu lang yu", "gulangyu", "gǔ làng yǔ", "gu'lang'yu"]),
        ("厦门", ["廈門", "xiamen", "xia men"]),
        ("保障性住房", ["保障性住房", "baozhangxing zhufang"]),
    ],
)
def test_traditional_and_pinyin_find_the_same_nodes(engine, simplified, others):
    expected = ids(engine.search(simplified))
    assert expected
    for query in others:
        assert ids(engine.search(query)) == expected, query


@pytest.mark.parametrize("token", ["RCEP", "TOD", "2021", "8.1%", "7033.89"])
def test_latin_words_and_numbers_are_whole_tokens(engine, seed_report, token):
    result = engine.search(token)
    whole = re.compile(rf"(?<![0-9A-Za-z.]){re.escape(token)}(?![0-9A-Za-z]|\.[0-9])")
    expected = {key for key, text in texts(seed_report).items() if whole.search(text)}
    assert expected, f"{token} is in the seed"
    assert set(ids(engine.search(token, limit=100))) == expected
    for hit in result.hits:
        text = text_of(seed_report, hit.node_id)
        assert [text[start:end] for start, end in hit.matches] == [token] * len(hit.matches)


def test_latin_words_in_the_text_are_not_read_as_pinyin(engine):
    # "tod" could never be pinyin, but "rcep" must not be expanded either: literal hits only.
    assert ids(engine.search("rcep")) == ids(engine.search("RCEP"))
    assert engine.search("33.89").total == 0  # part of 7033.89, not a word of its own
    assert engine.search("202").total == 0  # part of 2021


def test_a_number_without_percent_finds_the_percentage(engine):
    assert set(ids(engine.search("8.1%", limit=100))) <= set(ids(engine.search("8.1", limit=100)))


@pytest.mark.parametrize(
    "query, form",
    [
        ("金砖", "金砖"),
        ("保障性住房", "保障性住房"),
        ("鼓浪屿", "鼓浪屿"),
        ("鼓浪嶼", "鼓浪屿"),
        ("金磚", "金砖"),
        ("房", "房"),
        ("厦门市", "厦门市"),
        ("整改情况", "整改情况"),
        ("集成电路", "集成电路"),
    ],
)
def test_offsets_are_every_occurrence_in_plain_text(engine, seed_report, query, form):
    result = engine.search(query, limit=100)
    assert result.hits
    for hit in result.hits:
        text = text_of(seed_report, hit.node_id)
        assert [text[start:end] for start, end in hit.matches] == [form] * len(hit.matches)
        assert [start for start, _ in hit.matches] == [m.start() for m in re.finditer(re.escape(form), text)]
        assert hit.snippet_spans
        assert all(hit.snippet[start:end] == form for start, end in hit.snippet_spans)
        assert "\n" not in hit.snippet


def test_pinyin_offsets_point_at_the_chinese(engine, seed_report):
    for hit in engine.search("gu lang yu").hits:
        text = text_of(seed_report, hit.node_id)
        assert {text[start:end] for start, end in hit.matches} == {"鼓浪屿"}


def test_title_matches_rank_above_body_matches(engine, seed_report):
    result = engine.search("鼓浪屿")
    in_title = [hit for hit in result.hits if "鼓浪屿" in hit.title]
    assert in_title and result.hits[0] is in_title[0]
    scores = [hit.score for hit in engine.search("厦门", limit=100).hits]
    assert scores == sorted(scores, reverse=True)
    titles = engine.search("title:金砖")
    assert ids(titles) == ["2.1.1.9"]
    assert all(end <= len(titles.hits[0].title) for _, end in titles.hits[0].matches)


def test_words_phrase_or_not(engine, seed_report):
    def having(*words):
        return {key for key, text in texts(seed_report).items() if all(word in text for word in words)}

    assert set(ids(engine.search("金砖 厦门", limit=100))) == having("金砖", "厦门")
    assert set(ids(engine.search("金砖 OR 保障性住房", limit=100))) == having("金砖") | having("保障性住房")
    assert set(ids(engine.search("金砖 | 保障性住房", limit=100))) == having("金砖") | having("保障性住房")
    assert set(ids(engine.search("金砖 -RCEP", limit=100))) == having("金砖") - having("RCEP")
    assert set(ids(engine.search("金砖 NOT RCEP", limit=100))) == having("金砖") - having("RCEP")
    assert set(ids(engine.search('"集成电路"', limit=100))) == having("集成电路")
    assert set(ids(engine.search("(金砖 OR 鼓浪屿) 厦门", limit=100))) == (having("金砖") | having("鼓浪屿")) & having(
        "厦门"
    )
    # a phrase is exact: the bigrams of 保障性住房 all occurring apart is not a match
    assert set(ids(engine.search("住房保障性", limit=100))) == having("住房保障性")


def test_punctuation_around_a_word_is_ignored(engine):
    assert ids(engine.search("（金砖）")) == ids(engine.search("金砖"))
    assert ids(engine.search("“金砖”")) == ids(engine.search("金砖"))


BAD_INPUT = [
    "",
    " ",
    "*",
    "?",
    "(",
    ")",
    "((",
    "AND",
    "OR",
    "NOT",
    "-",
    "--",
    "title:",
    "title:(",
    '"',
    '""',
    '"金砖',
    '金砖"',
    'title:"',
    "foo:bar",
    "金砖 AND",
    "OR 金砖",
    "NOT -",
    "x" * 5000,
    "金砖" * 3000,
    "\x00\x01\x1b[31m",
    "\u202e金砖",
    "(" * 400 + "金砖",
    ")金砖(",
    "-" * 50,
    "金砖 -",
    "\t\n\r",
    "||",
    "title:title:金砖",
    "*金砖*",
]


@pytest.mark.parametrize("query", BAD_INPUT)
def test_bad_syntax_gives_results_or_a_hint(engine, query):
    result = engine.search(query)
    assert isinstance(result, SearchResult)
    assert result.hits or result.hint
    assert result.total >= len(result.hits)


def test_junk_never_means_everything(engine):
    for query in ["*", "?", "AND", "(", "title:", "-金砖", "NOT 金砖"]:
        result = engine.search(query)
        assert result.hits == [] and result.hint, query


def test_junk_around_words_keeps_the_words(engine):
    expected = ids(engine.search("金砖"))
    for query in ['"金砖', "(金砖", "金砖)", "金砖 AND", "\x1b[31m金砖\x07", "*金砖*", "title:title:金砖"]:
        assert set(ids(engine.search(query))) <= set(expected) and engine.search(query).hits, query
    assert engine.search('"金砖').hint  # the unclosed quote is reported


def test_long_input_is_cut_with_a_hint(engine):
    result = engine.search("金砖 " + "x" * 1000)
    assert result.hint and "200" in result.hint


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=list('金砖厦门房住 "()-|*:?OR NOTANDtitle\x1b\x00rcepjinzhuan2021.%'), max_size=40))
def test_any_input_is_safe(engine, seed_report, query):
    result = engine.search(query)
    for hit in result.hits:
        text = text_of(seed_report, hit.node_id)
        assert all(0 <= start < end <= len(text) for start, end in hit.matches)


def test_limit_and_total(engine):
    everything = engine.search("厦门", limit=1000)
    first = engine.search("厦门", limit=3)
    assert len(first.hits) == 3 and first.total == everything.total > 3
    assert ids(first) == ids(everything)[:3]


def hand_report(title: str, rectification: str) -> Report:
    problem = Node(
        "1.1",
        "(1)",
        "arabic-paren",
        1,
        2,
        "problem",
        title,
        rectification=Rectification("整改情况", "：", rectification),
    )
    return Report(title="手工报告", nodes=[Node("1", "一、", "cn-dun", 1, 1, "part", "总体情况", children=[problem])])


def test_search_can_be_limited_to_one_report(seed_report):
    other = hand_report("金砖创新基地建设", "推动金砖合作。")
    engine = SearchEngine([seed_report, other], in_memory=True)
    both = engine.search("金砖", limit=100)
    assert {hit.report for hit in both.hits} == {seed_report.sha256, other.key}
    only = engine.search("金砖", limit=100, report=other.key)
    assert [(hit.report, hit.node_id) for hit in only.hits] == [(other.key, "1.1")]
    assert engine.node(other.key, "1.1").title == "金砖创新基地建设"


def test_rectification_offsets_include_its_label():
    report = hand_report("住房问题", "一是加快保障性住房建设。")
    hit = SearchEngine([report], in_memory=True).search("保障性住房").hits[0]
    node = report.find("1.1")
    start, end = hit.matches[0]
    assert node.plain_text()[start:end] == "保障性住房"
    assert start > node.field_offsets()["rectification"]


def test_searches_from_several_threads_agree(engine):
    queries = ["金砖", "厦门", "鼓浪屿", "2021", "保障性住房", "整改情况"] * 5
    expected = {query: ids(engine.search(query, limit=7)) for query in queries}
    found, errors = {}, []

    def worker(query):
        try:
            found.setdefault(query, []).append(ids(engine.search(query + " ", limit=7)))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(query,)) for query in queries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(result == expected[query] for query, results in found.items() for result in results)


def test_a_title_match_beats_many_body_matches():
    in_body = Node(
        "1.1", "(1)", "arabic-paren", 1, 2, "problem", "文化遗产保护不够。", text="鼓浪屿" * 5 + "保护修缮。"
    )
    in_title = Node(
        "1.2", "(2)", "arabic-paren", 2, 2, "problem", "鼓浪屿申遗工作还不够有力,文化遗产核心要素利用不足。"
    )
    report = Report(
        title="测试", nodes=[Node("1", "一、", "cn-dun", 1, 1, "part", "总体", children=[in_body, in_title])]
    )
    assert ids(SearchEngine([report], in_memory=True).search("鼓浪屿")) == ["1.2", "1.1"]
