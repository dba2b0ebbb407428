"""The genre, not one file: encodings, headers, leftovers, numbering styles, truncation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.parse import decode, parse_text, read_report

VARIANTS = Path(__file__).resolve().parent / "variants"


def read(name):
    return read_report(VARIANTS / name)


def tree(report):
    return [(n.id, n.label, n.kind) for n in report.walk()]


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("name", sorted(p.name for p in VARIANTS.glob("*.txt")))
def test_fidelity_on_every_variant(name):
    """Every non-leftover character of the source is in the walk, in order."""
    report = read(name)
    source = squeeze(decode((VARIANTS / name).read_bytes()))
    position = 0
    for leftover in map(squeeze, report.leftovers):  # cut each leftover where it occurs, in order
        position = source.index(leftover, position)
        source = source[:position] + source[position + len(leftover) :]
    assert squeeze("".join(report.walk_text())) == source


def test_utf8_bom_title_line_and_header_with_author():
    report = read("utf8-bom-title.txt")
    assert report.title == "中共某某市委关于巡视整改进展情况的通报" and not report.title_derived
    assert report.header == [
        "中共某某市委关于巡视整改进展情况的通报",
        "发布时间:2023-03-01 10:30 来源:中共某某市委办公室 作者:市委办",
    ]
    assert report.source == "中共某某市委办公室"
    assert report.published == "2023-03-01T10:30"
    assert report.leftovers == ["分享"]
    assert tree(report) == [
        ("1", "一、", "part"),
        ("2", "二、", "part"),
        ("2.1", "（一）", "section"),
        ("2.1.1", "1．", "group"),
        ("2.1.1.1", "（1）", "problem"),
        ("2.1.1.2", "（1）".replace("1", "2"), "problem"),
    ]
    first = report.find("2.1.1.1").rectification
    assert first.sep == "："
    assert [m.label for m in first.measures] == ["一是", "二是", "三是"]  # 三是 after a comma
    assert first.measures[1].text == "强化督促检查，"
    assert report.find("2.1.1.2").rectification.measures == []
    assert report.closing[0].startswith("欢迎广大干部群众") and report.closing[1:] == ["中共某某市委", "2023年3月1日"]
    assert report.find("1").text.startswith("市委高度重视")
    assert not report.truncated and report.warnings == []


def test_utf16_crlf_circled_measures_inline_and_one_per_paragraph():
    report = read("utf16-crlf.txt")
    assert report.title == "某某县委巡察整改进展情况通报"
    assert (report.source, report.published) == ("县纪委监委", "2021-12-30")
    assert report.header[1] == "日期:2021年12月30日 来源:县纪委监委"
    assert report.leftovers == ["浏览量:", "大 中 小"]
    assert tree(report) == [("1", "一、", "section"), ("1.1", "（一）", "problem"), ("1.2", "（二）", "problem")]
    inline = report.find("1.1").rectification
    assert (inline.label, [m.label for m in inline.measures]) == ("整改进展", ["①", "②", "③"])
    assert inline.measures[2].text == "约谈相关负责人。"
    lines = report.find("1.2").rectification
    assert lines.text == "①开展业务培训2期；\n②选拔年轻干部4名。"
    assert [m.text for m in lines.measures] == ["开展业务培训2期；", "选拔年轻干部4名。"]
    assert "\r" not in "".join(report.walk_text())


def test_gb18030_lone_cr_starting_at_paren_level_with_1_dun():
    report = read("gb18030-cr.txt")
    assert report.title == "区卫健局巡察整改进展情况" and report.title_derived
    assert (report.source, report.published) == ("某某区人民政府网", "2022-06-15")
    assert report.leftovers == ["打印"] and report.intro[0].startswith("根据区委巡察工作安排")
    assert tree(report) == [
        ("1", "（一）", "section"),
        ("1.1", "1、", "problem"),
        ("1.2", "2、", "problem"),
        ("2", "（二）", "section"),
        ("2.1", "3、", "problem"),
    ]
    labels = [report.find(i).rectification.label for i in ("1.1", "1.2", "2.1")]
    assert labels == ["整改措施", "整改措施", "整改成效"]
    assert [m.text for m in report.find("1.1").rectification.measures] == ["修订议事规则；", "建立会议台账。"]
    assert report.warnings == []  # 3、 continues the numbering of the cousins: no gap


def test_fullwidth_numbering_indentation_and_blank_lines():
    report = read("fullwidth-indent.txt")
    assert report.title == "关于巡视整改进展情况的通报"
    assert report.header[1] == "日期：2022-09-01\u3000来源：某某市纪委"
    assert report.leftovers == ["浏览次数：1024"]
    assert [n.label for n in report.walk()] == ["一、", "二、", "（一）", "１．", "（1）", "（2）", "２．", "（3）"]
    assert [n.ordinal for n in report.walk()] == [1, 2, 1, 1, 1, 2, 2, 3]
    assert [n.style for n in report.walk()][2:5] == ["cn-paren", "arabic-dot", "arabic-paren"]
    assert report.find("1").text == "市委把巡视整改作为重大政治任务。"
    assert not any(text.startswith("\u3000") for text in report.walk_text())
    assert [len(p.rectification.measures) for p in report.problems()] == [2, 3, 0]


def test_leftovers_on_their_own_line_and_glued():
    report = read("leftovers-glued.txt")
    assert report.leftovers == ["字号：[大][中][小]", "打印", "大 中 小", "【打印本页】", "【关闭窗口】"]
    assert report.header[1] == "来源：县委办 发布时间：2020-01-02 08:05:09"
    assert report.published == "2020-01-02T08:05:09"
    assert report.intro == ["根据县委部署，县委巡察组对县商务局开展了巡察。"]
    assert report.find("1.1").rectification.text == "已完成。"


def test_numbering_gaps_and_repeats_are_warnings():
    report = read("gaps.txt")
    assert [n.id for n in report.walk()] == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3"]
    assert [n.label for n in report.walk()][1:4] == ["(一)", "(三)", "(三)"]
    assert report.warnings == [
        "编号不连续：(一)之后是(三)（节点 1.2） / numbering gap: (三) follows (一) (node 1.2)",
        "编号重复：(三)紧接着又出现（节点 1.3） / numbering repeated: (三) appears twice in a row (node 1.3)",
        "编号不连续：(2)之后是(4)（节点 2.3） / numbering gap: (4) follows (2) (node 2.3)",
    ]
    assert [n.label for n in report.problems()] == ["(1)", "(2)", "(4)"]
    assert report.find("1.1").kind == "heading"  # same depth, other style: not a problem


def test_text_without_numbering_is_readable_with_a_warning():
    report = read("plain.txt")
    assert report.nodes == [] and len(report.intro) == 2
    assert report.warnings == [
        "没有找到编号标题，全文作为导言 / no numbered headings found; the whole text is kept as the introduction"
    ]
    assert not report.truncated


def test_last_paragraph_without_closing_punctuation_is_truncated():
    report = read("unpunctuated-end.txt")
    node = report.find("1.1")
    assert node.truncated and report.truncated
    assert [m.label for m in node.rectification.measures] == ["一是", "二是"]
    assert report.warnings == [
        (
            "原文最后一段没有结束标点，在（一）中中断 / the last paragraph has no closing punctuation: "
            "the source text is cut off inside （一）"
        )
    ]


def test_circled_numbers_as_a_heading_level():
    report = read("circled-headings.txt")
    assert tree(report) == [
        ("1", "一、", "section"),
        ("1.1", "1.", "group"),
        ("1.1.1", "①", "problem"),
        ("1.1.2", "②", "problem"),
        ("1.2", "2.", "group"),
        ("1.2.1", "③", "problem"),
    ]
    assert [m.label for m in report.find("1.1.2").rectification.measures] == ["①", "②"]


def test_heading_alone_on_its_line_takes_the_next_line_as_title():
    report = parse_text("一、\n总体情况。正文在这里。\n(一)问题。\n整改情况\n一是甲。\n二是乙。\n")
    first = report.find("1")
    assert (first.title, first.text) == ("总体情况。", "正文在这里。")
    rect = report.find("1.1").rectification
    assert (rect.label, rect.sep, rect.text) == ("整改情况", "", "一是甲。\n二是乙。")
    assert [m.text for m in rect.measures] == ["甲。", "乙。"]


def test_rectification_glued_to_the_heading_line():
    report = parse_text("(一)问题一。整改情况：一是甲。二是乙。\n")
    node = report.find("1")
    assert node.title == "问题一。" and node.text == ""
    assert [m.label for m in node.rectification.measures] == ["一是", "二是"]


def test_measure_labels_need_sequence_and_boundary():
    rect = (
        parse_text(
            "(一)问题。\n整改情况：巡视是体检，说的是实话。二是没有一是在前。一是先做。而二是不算。二是后做。三是收尾。\n"
        )
        .find("1")
        .rectification
    )
    assert [(m.label, m.text) for m in rect.measures] == [
        ("一是", "先做。而二是不算。"),
        ("二是", "后做。"),
        ("三是", "收尾。"),
    ]
    assert rect.lead == "巡视是体检，说的是实话。二是没有一是在前。"


def test_eleven_and_more_measures():
    labels = ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "十一是", "十二是"]
    text = "".join(f"{label}做第{i}件事。" for i, label in enumerate(labels, 1))
    rect = parse_text(f"(1)问题。\n整改情况：{text}\n").find("1").rectification
    assert [m.label for m in rect.measures] == labels
    assert rect.measures[10].text == "做第11件事。"


def test_a_real_title_line_in_the_middle_of_metadata():
    report = parse_text(
        "来源：县政府网\n关于巡察整改进展情况的通报\n日期：2022年3月4日 14:05\n根据安排开展了巡察。\n一、整改\n"
    )
    assert report.title == "关于巡察整改进展情况的通报" and report.published == "2022-03-04T14:05"
    assert report.truncated and report.find("1").truncated


def test_bad_dates_are_warnings_not_errors():
    report = parse_text("发布时间：2022-13-45\n(一)正文。\n")
    assert report.published == "" and any("2022-13-45" in w for w in report.warnings)


def test_an_intro_that_starts_with_a_date_is_not_metadata():
    report = parse_text(
        "2021年3月至5月，省委第三巡视组对某县开展了巡视。\n一、整改情况\n(一)问题。\n整改情况：已完成。\n"
    )
    assert report.header == [] and report.published == ""
    assert report.intro[0].startswith("2021年3月至5月")
    assert report.title == "某县巡视整改进展情况"


def test_closing_needs_a_closing_phrase():
    report = parse_text("(一)问题。\n整改情况：已完成。\n来信来访办理更及时。\n欢迎广大干部群众监督。\n中共某县委\n")
    assert report.find("1").rectification.text == "已完成。\n来信来访办理更及时。"
    assert report.closing == ["欢迎广大干部群众监督。", "中共某县委"]
    assert not report.truncated


def test_rectification_before_any_heading_is_kept_with_a_warning():
    report = parse_text("整改情况：总体完成。\n(一)问题。\n")
    assert report.intro == ["整改情况：总体完成。"]
    assert report.warnings[0].startswith("整改段落出现在任何编号标题之前")
