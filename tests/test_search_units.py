"""The pieces of search on their own: folding, tokens, the query parser, pinyin splitting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.search import pinyin
from tui.search.analyzer import fold, han_query_terms, index_terms, query_tokens
from tui.search.query import All, Alternative, Any, Leaf, Not, parse
from tui.search.spans import alternative_pattern


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60))
def test_fold_keeps_the_length(text):
    assert len(fold(text)) == len(text)


def test_fold_makes_full_width_plain_and_drops_accents():
    assert fold("ＲＣＥＰ２０２１") == "rcep2021"
    assert fold("jīn zhuān Café") == "jin zhuan cafe"
    assert fold("金砖") == "金砖"


def test_index_terms_are_han_1_and_2_grams_and_whole_latin_words():
    assert list(index_terms("金砖国")) == ["金", "砖", "国", "金砖", "砖国"]
    assert list(index_terms("RCEP、TOD片区,2021年增长8.1%,7033.89亿元")) == [
        "rcep",
        "tod",
        "片",
        "区",
        "片区",
        "2021",
        "年",
        "增",
        "长",
        "年增",
        "增长",
        "8.1%",
        "8.1",
        "7033.89",
        "亿",
        "元",
        "亿元",
    ]


def test_query_terms():
    assert han_query_terms("保障性住房") == ["保障", "障性", "性住", "住房"]
    assert han_query_terms("房") == ["房"]
    assert query_tokens("（金砖）RCEP,8.1%") == ["金砖", "rcep", "8.1%"]


def test_parse_words_phrases_and_operators():
    tree = parse('金砖 "新工业 革命" OR title:厦门 -RCEP NOT 2021').tree
    assert isinstance(tree, Any)
    left, right = tree.children
    assert isinstance(left, All) and [leaf.tokens for leaf in left.children] == [["金砖"], ["新工业", "革命"]]
    assert left.children[1].phrase
    assert isinstance(right, All)
    title, minus, not_ = right.children
    assert title.field == "title" and title.tokens == ["厦门"]
    assert isinstance(minus, Not) and minus.child.tokens == ["rcep"]
    assert isinstance(not_, Not) and not_.child.tokens == ["2021"]


def test_parentheses_group_and_unbalanced_ones_are_closed():
    tree = parse("(金砖 OR 鼓浪屿) 厦门").tree
    assert isinstance(tree, All) and isinstance(tree.children[0], Any)
    assert isinstance(parse("(金砖 OR 鼓浪屿").tree, Any)
    assert parse(")))金砖").tree.tokens == ["金砖"]


@pytest.mark.parametrize("text", ["", "*", "?", "(", "AND", "OR", "NOT", "-", "title:", '"', "|", "()", "\x00"])
def test_nothing_to_search_is_a_hint_not_a_tree(text):
    parsed = parse(text)
    assert parsed.tree is None and parsed.hints


def test_exclusions_alone_are_a_hint():
    parsed = parse("-金砖 NOT 厦门")
    assert parsed.tree is None and "exclude" in parsed.hints[-1]


def test_a_word_with_punctuation_inside_is_a_phrase():
    leaf = parse("2020-2035").tree
    assert isinstance(leaf, Leaf) and leaf.phrase and leaf.tokens == ["2020", "2035"]


def test_phrase_patterns_allow_punctuation_but_latin_words_stay_whole():
    pattern = alternative_pattern(Alternative(("金砖", "国家")))
    assert pattern.search("金砖国家") and pattern.search("金砖、国家") and not pattern.search("金砖的国家")
    number = alternative_pattern(Alternative(("2021",)))
    assert number.search("2021年") and not number.search("20215") and not number.search("x2021")
    assert not alternative_pattern(Alternative(("2",))).search("2.86万亿元")
    assert alternative_pattern(Alternative(("8.1",))).search("增长8.1%")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jinzhuan", [["jin", "zhuan"]]),
        ("jin zhuan", [["jin", "zhuan"]]),
        ("jīn zhuān", [["jin", "zhuan"]]),
        ("jin1zhuan1", [["jin", "zhuan"]]),
        ("gulangyu", [["gu", "lang", "yu"]]),
        ("xiamen", [["xia", "men"]]),
        ("xi'an", [["xi", "an"]]),
        ("xian", [["xian"]]),
        ("lǚ", [["lv"]]),
    ],
)
def test_pinyin_split_keeps_the_fewest_syllables(text, expected):
    assert pinyin.split(text) == expected


@pytest.mark.parametrize("text", ["rcep", "tod", "2021", "金砖", "", "x", "hm", "qqq"])
def test_not_pinyin(text):
    assert pinyin.split(text) == []


def test_ambiguous_splits_are_all_kept():
    splits = pinyin.split("changan")
    assert ["chang", "an"] in splits and ["chan", "gan"] in splits


def test_lexicon_chains_bigrams_and_reads_characters_two_ways():
    lexicon = pinyin.PinyinLexicon.from_terms(["厦", "门", "厦门", "金", "砖", "金砖", "砖国", "国"])
    assert lexicon.candidates(["xia", "men"]) == ["厦门"]
    assert lexicon.candidates(["sha", "men"]) == ["厦门"]  # 厦 alone reads shà
    assert lexicon.candidates(["jin", "zhuan", "guo"]) == ["金砖国"]
    assert "金" in lexicon.candidates(["jin"])
    assert lexicon.candidates(["gu", "lang"]) == []


def test_search_imports_no_textual_and_pinyin_only_when_needed(tmp_path, seed_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\n"
        "from tui.parse import read_report\n"
        "from tui.search import SearchEngine\n"
        f"engine = SearchEngine([read_report({str(seed_path)!r})])\n"
        "engine.open()\n"
        "assert engine.search('金砖 RCEP 2021').total >= 0 and engine.search('金磚').hits\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin imported for a Chinese query'\n"
        "assert engine.search('jinzhuan').hits and 'pypinyin' in sys.modules\n"
        "assert not [name for name in sys.modules if name.split('.')[0] in ('textual', 'rich')]\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, XUNSHI_HOME=str(tmp_path), PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
