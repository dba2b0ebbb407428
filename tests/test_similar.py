"""The same problem across reports (tui.analysis.similar) and `xunshi similar` / `xunshi compare`,
on generated corpora where the right answer is known, and on the test documents."""

from __future__ import annotations

import dataclasses
import difflib
import json
from functools import cache
from pathlib import Path

import pytest

from benchmarks.corpus import generate_text, seed_text
from tui import cli, i18n
from tui.analysis.similar import ProblemIndex, compare, pairs, statement
from tui.model import Node, Report
from tui.parse import parse_text, read_report
from tui.text.script import convert

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "documents"
SEED = ROOT / "seeds" / "xiamen-2022-02-22.txt"


@cache
def corpus(n: int = 30) -> list[Report]:
    """n generated reports: the seed's problems shuffled among positions, 5% of characters changed."""
    return [parse_text(generate_text(index), origin=f"report-{index:04d}.txt") for index in range(n)]


@cache
def seed_titles() -> tuple[str, ...]:
    return tuple(node.title for node in parse_text(seed_text(), origin="seed.txt").problems())


def origin(title: str) -> int:
    """Which seed problem a generated problem's title was made from (the closest seed title)."""
    titles = seed_titles()
    return max(range(len(titles)), key=lambda i: difflib.SequenceMatcher(None, title, titles[i]).ratio())


def test_statements_are_title_and_own_text_in_simplified_pairs():
    node = Node("1", "(1)", "arabic-paren", 1, 1, "problem", "违规吃喝问题仍有发生。", text="主要表现在：公款吃喝。")
    assert statement(node) == "违规吃喝问题仍有发生。\n主要表现在：公款吃喝。"
    assert [p for p, _ in pairs("違規吃喝")] == ["违规", "规吃", "吃喝"]  # Traditional folded
    assert pairs("党，风") == [("党", 0), ("风", 2)]


def test_the_same_problem_is_found_in_every_other_report():
    reports = corpus()
    index = ProblemIndex.build((r.key, r) for r in reports)
    assert len(index) == 30 * 19  # every problem, (19) too: it is cut off after its title, which is its statement
    first = reports[0]
    for node in first.problems():
        matches = index.similar(first.key, node.id, limit=10)
        assert len(matches) == 10
        assert all(m.ref.report != first.key for m in matches)  # other reports only
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
        assert {origin(m.ref.title) for m in matches} == {origin(node.title)}, node.heading
        match = matches[0]
        found = index.find(match.ref.report, match.ref.node_id)
        assert found == match.ref
        title = next(r for r in reports if r.key == match.ref.report).find(match.ref.node_id).plain_text()
        assert match.spans and all("\u4e00" <= title[a] <= "\u9fff" for a, _ in match.spans)


def test_scores_tell_the_same_problem_from_another():
    reports = corpus()
    index = ProblemIndex.build((r.key, r) for r in reports)
    first = reports[0]
    node = first.problems()[0]
    matches = index.similar(first.key, node.id, limit=len(index))
    same = [m.score for m in matches if origin(m.ref.title) == origin(node.title)]
    other = [m.score for m in matches if origin(m.ref.title) != origin(node.title)]
    assert len(same) == 29 and min(same) > 0.4 and max(other, default=0) < 0.3


def test_traditional_text_finds_its_simplified_original():
    simplified = read_report(SEED)
    traditional = dataclasses.replace(
        simplified,
        sha256="",
        origin="traditional.txt",
        nodes=[_s2t(node) for node in simplified.nodes],
    )
    index = ProblemIndex.build([(simplified.key, simplified), (traditional.key, traditional)])
    for node in traditional.problems():
        best = index.similar(traditional.key, node.id, limit=1)[0]
        assert best.ref.node_id == node.id and best.score > 0.99


def _s2t(node: Node) -> Node:
    return dataclasses.replace(
        node,
        title=convert(node.title, "s2t"),
        text=convert(node.text, "s2t"),
        children=[_s2t(c) for c in node.children],
    )


def test_a_problem_outside_the_index_is_weighed_with_its_idf():
    reports = corpus(5)
    index = ProblemIndex.build((r.key, r) for r in reports[1:])
    node = reports[0].problems()[3]
    matches = index.similar(reports[0].key, node.id, limit=4, node=node)
    assert len(matches) == 4 and {origin(m.ref.title) for m in matches} == {origin(node.title)}
    assert index.similar(reports[0].key, node.id) == []  # without the node: nothing to weigh


def test_similar_on_the_test_documents():
    paths = sorted(p for p in DOCUMENTS.iterdir() if p.suffix in (".txt", ".html", ".docx"))
    reports = [read_report(p) for p in paths]
    index = ProblemIndex.build((r.key, r) for r in reports)
    linlan = next(r for r in reports if r.origin == "linlan-xunshi-2022.txt")
    best = index.similar(linlan.key, "2.3.2.1", limit=3)  # (1)部分村党组织软弱涣散
    assert best[0].ref.origin == "haiyan-xunshi-2021.html" and best[0].ref.node_id == "2.7"  # …部分漁村黨組織軟弱渙散
    assert best[0].score > 2 * best[1].score


# --- two reports -----------------------------------------------------------------------------


def test_two_generated_reports_match_problem_for_problem():
    a, b = corpus()[0], corpus()[1]
    result = compare(a, b)
    assert len(result.matched) == len(a.problems()) == 19 and not result.new and not result.gone
    assert all(origin(p.a.title) == origin(p.b.title) for p in result.matched)
    assert [p.a.node_id for p in result.matched] == [
        n.id for n in a.problems() if n.id in {p.a.node_id for p in result.matched}
    ]
    assert all(p.changed == (p.status_a != p.status_b) for p in result.matched)


def _round_two() -> str:
    """The seed as its next round might read: (5) and (16) gone, (4) now finished, one new."""
    lines = seed_text().split("\n")
    out = []
    skip = False
    for line in lines:
        if line.startswith(("(5)", "(16)")):
            skip = True
            continue
        if skip and line.startswith("整改情况"):
            skip = False
            continue
        skip = False
        if line.startswith("整改情况") and out and out[-1].startswith("(4)"):
            line = "整改情况:已完成整改。出台《厦门市国土空间总体规划》,五缘湾片区开发全面完成。"
        out.append(line)
    out.append("(20)违规发放津贴补贴问题仍然存在。")
    out.append("整改情况:正在整改,已清退违规发放的津贴补贴12万元。")
    return "\n".join(out)


def test_one_bodys_two_rounds():
    first = read_report(SEED)
    second = parse_text(_round_two(), origin="round-two.txt")
    result = compare(first, second)
    gone = [ref.label for ref in result.gone]
    new = [ref.label for ref in result.new]
    assert gone == ["(5)", "(16)"] and new == ["(20)"]
    assert len(result.matched) == 17 and all(p.score > 0.95 for p in result.matched)
    assert {(p.a.label, p.status_a, p.status_b) for p in result.changed} == {("(4)", "in_progress", "done")}
    assert result.statuses[(second.key, result.new[0].node_id)] == "in_progress"


# --- the commands ----------------------------------------------------------------------------


@pytest.fixture
def english():
    before = (i18n.language(), i18n._setting["script"])
    i18n.set_language("en", "s")
    yield
    i18n.set_language(*before)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_similar_command(capsys, english):
    target = f"{DOCUMENTS / 'linlan-xunshi-2022.txt'}#2.3.2.1"
    code, out, err = run(capsys, "similar", target, str(DOCUMENTS), "--limit", "3")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "linlan-xunshi-2022.txt#2.3.2.1 (1)部分村党组织软弱涣散"
    assert lines[1].startswith("0.63  haiyan-xunshi-2021.html  2.7 （七）基層黨組織") and "✓ done" in lines[1]
    assert len(lines) == 4
    code, out, _ = run(capsys, "similar", target, str(DOCUMENTS), "--json", "--limit", "1")
    data = json.loads(out)
    assert data[0]["node_id"] == "2.7" and data[0]["status"] == "done" and data[0]["spans"]


def test_similar_says_why_not(capsys, english):
    code, out, err = run(capsys, "similar", f"{SEED}#2.1.1.9")
    assert code == 1 and "no other reports to look in" in err
    code, out, err = run(capsys, "similar", f"{SEED}#2.1.1", str(DOCUMENTS))
    assert code == 1 and "2.1.1 1. is a heading above problems, not a problem" in err
    code, out, err = run(capsys, "similar", str(SEED), str(DOCUMENTS))
    assert code == 1 and "FILE#NODE" in err
    code, out, err = run(capsys, "similar", f"{SEED}#2.1.1.9", str(DOCUMENTS), "--minimum", "0.99")
    assert code == 1 and "no problem of the other reports is alike" in out


def test_compare_command(capsys, english, tmp_path):
    second = tmp_path / "round-two.txt"
    second.write_text(_round_two(), "utf-8")
    code, out, _ = run(capsys, "compare", str(SEED), str(second))
    assert code == 0
    assert "matched 17," in out and "gone 2, new 1" in out
    new = out[out.index("new (in B only):") :].splitlines()
    assert len(new) == 2 and new[1].endswith("(20)违规发放津贴补贴问题仍然存在  [… in progress]")
    code, out, _ = run(capsys, "compare", "--json", str(SEED), str(second))
    data = json.loads(out)
    assert [g["label"] for g in data["gone"]] == ["(5)", "(16)"] and [n["label"] for n in data["new"]] == ["(20)"]
    four = next(p for p in data["matched"] if p["a"]["label"] == "(4)")
    assert four["changed"] and four["b"]["status"] == "done"
