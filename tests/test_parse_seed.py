"""The seed report parses into exactly the structure the issue describes."""

from __future__ import annotations

import hashlib
import re

from tui.text.numerals import cn_number


def outline(report):
    return [(node.id, node.label, node.kind) for node in report.walk()]


def test_header_facts(seed_report, seed_path):
    assert seed_report.source == "厦门市人民政府门户网站"
    assert seed_report.published == "2022-02-22T09:00"
    assert seed_report.leftovers == ["字体大小:[大][中][小]", "分享"]
    assert seed_report.header == ["来源:厦门市人民政府门户网站2022-02-2209:00"]
    assert seed_report.title == "厦门市巡视整改进展情况"
    assert seed_report.title_derived
    assert seed_report.origin == "xiamen-2022-02-22.txt"
    assert seed_report.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert len(seed_report.intro) == 1 and seed_report.intro[0].startswith("根据省委巡视工作的统一部署")
    assert seed_report.closing == []


def test_outline_structure(seed_report):
    parts = seed_report.nodes
    assert [(n.label, n.kind) for n in parts] == [("一、", "part"), ("二、", "part")]
    assert [(n.label, n.kind, n.id) for n in parts[0].children] == [
        ("(一)", "section", "1.1"),
        ("(二)", "section", "1.2"),
        ("(三)", "section", "1.3"),
    ]
    (section,) = parts[1].children
    assert (section.label, section.kind, section.id) == ("(一)", "section", "2.1")
    groups = section.children
    assert [(g.label, g.kind) for g in groups] == [("1.", "group"), ("2.", "group"), ("3.", "group")]
    labels = [[p.label for p in g.children] for g in groups]
    assert labels == [
        [f"({i})" for i in range(1, 10)],
        [f"({i})" for i in range(10, 18)],
        ["(18)", "(19)"],
    ]
    assert all(p.kind == "problem" for g in groups for p in g.children)
    assert len(seed_report.problems()) == 19
    assert seed_report.find("2.1.1.9").label == "(9)"
    assert seed_report.find("2.1.2.1").label == "(10)"
    assert [n.level for n in seed_report.walk()][:6] == [1, 2, 2, 2, 1, 2]


def test_heading_and_body_on_one_line(seed_report):
    first = seed_report.find("1.1")
    assert first.title == "提高政治站位,增强整改自觉。"
    assert first.text.startswith("厦门市委深刻认识到")
    assert first.rectification is None
    assert first.display_title == "提高政治站位,增强整改自觉"
    whole = seed_report.find("2.1.1")
    assert whole.title.endswith("不够深入。") and whole.text == ""


def test_truncated_at_problem_19(seed_report):
    last = seed_report.find("2.1.3.2")
    assert last.label == "(19)" and last.truncated
    assert last.title == "先行先试的政策优势发挥不充分。"
    assert last.rectification is None and last.text == ""
    assert seed_report.truncated
    assert [n.id for n in seed_report.walk() if n.truncated] == ["2.1.3.2"]
    assert seed_report.warnings == ["原文在问题(19)的标题之后中断 / source text is cut off after the heading of (19)"]


def labels_by_independent_count(text):
    """Count ordinal labels the naive way: 一是, 二是, … present in order after a 。 or at the start."""
    labels, n = [], 1
    position = 0
    while True:
        label = cn_number(n) + "是"
        found = [
            m.start()
            for m in re.finditer(label, text)
            if m.start() >= position and (m.start() == 0 or text[m.start() - 1] == "。")
        ]
        if not found:
            return labels
        labels.append(label)
        position = found[0] + len(label)
        n += 1


def test_every_measure_of_every_problem(seed_report):
    counts = {}
    for problem in seed_report.problems():
        if problem.rectification is None:
            continue
        rect = problem.rectification
        assert rect.label == "整改情况" and rect.sep == ":"
        expected = labels_by_independent_count(rect.text)
        assert [m.label for m in rect.measures] == expected
        counts[problem.label] = len(rect.measures)
        for measure in rect.measures:
            assert rect.text[measure.start : measure.start + len(measure.label)] == measure.label
            assert rect.text[measure.start + len(measure.label) : measure.end] == measure.text
            assert not measure.text.startswith(measure.label)
        # measures tile the text after the lead
        assert rect.measures[-1].end == len(rect.text.rstrip())
        for before, after in zip(rect.measures, rect.measures[1:]):
            assert before.end == after.start
    assert counts == {
        "(1)": 3,
        "(2)": 3,
        "(3)": 2,
        "(4)": 3,
        "(5)": 3,
        "(6)": 4,
        "(7)": 3,
        "(8)": 3,
        "(9)": 4,
        "(10)": 3,
        "(11)": 4,
        "(12)": 3,
        "(13)": 3,
        "(14)": 3,
        "(15)": 3,
        "(16)": 3,
        "(17)": 3,
        "(18)": 3,
    }


def test_leads_before_the_first_measure(seed_report):
    three = seed_report.find("2.1.1.3").rectification
    assert three.lead.startswith("深入贯彻“提升本岛、跨岛发展”战略") and three.lead.endswith("72.8%。")
    eleven = seed_report.find("2.1.2.2").rectification
    assert eleven.lead.startswith("更加自觉地把厦门发展放在全国全省大局中来谋划")
    assert seed_report.find("2.1.1.1").rectification.lead == ""
    nine = seed_report.find("2.1.1.9").rectification.measures
    assert nine[0].text.startswith("加强顶层设计。")


def test_fidelity_walk(seed_report, seed_path):
    source = re.sub(r"\s", "", seed_path.read_text("utf-8"))
    for leftover in seed_report.leftovers:
        source = source.replace(re.sub(r"\s", "", leftover), "", 1)
    walked = re.sub(r"\s", "", "".join(seed_report.walk_text()))
    assert walked == source
