"""Figures: hand-made lists for four problems of the seed, the tricky forms one by one, sorting
and filtering, and the `xunshi figures` command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.analysis.figures import extract_figures, filter_figures, node_figures, sort_figures, units
from tui.model import Node, Rectification, Report

# Made by reading the seed, not by running the code: (value as printed, unit, qualifier, phrase,
# year). The phrase follows the documented rule: the noun after a counting unit, else the clause
# before the number without verbs, years, comparisons and list labels; an empty clause inherits.
HAND_MADE = {
    "(10)": [
        ("8.1%", "%", "", "全市地区生产总值", 2021),
        ("7000亿元", "亿元", "", "总量", 2021),
        ("3个", "个", "", "千亿台阶", 2021),
        ("15个", "个", "", "副省级城市", 2021),
        ("千亿", "亿", "", "新材料产业链产值", None),
        ("10条", "条", "", "千亿产业链群", None),
        ("111个", "个", "", "省重点在建项目", 2021),
        ("27个", "个", "", "省“重中之重”项目", 2021),
        ("126.3%", "%", "", "年度投资计划", 2021),
        ("118.4%", "%", "", "年度投资计划", 2021),
    ],
    "(15)": [
        ("20个", "个", "", "幼儿园项目", 2021),
        ("28个", "个", "", "中小学项目", 2021),
        ("5万余个", "万个", "余", "学位", 2021),
        ("近5000个", "个", "近", "小学一年级学位", 2021),
        ("52830人", "人", "", "户籍适龄儿童", 2021),
        ("4117人", "人", "", "户籍适龄儿童", 2021),  # 较2020年 is the base, not the year
        ("15412人", "人", "", "进城务工人员随迁子女通过积分入学派位", 2021),
        ("61.6%", "%", "", "派入公办校比例", 2021),
    ],
    "(16)": [
        ("百余项", "项", "余", "上海总院临床新技术", None),
        ("52项", "项", "", "厦门市乃至福建省技术空白", None),
    ],
    "(17)": [
        ("25%以上", "%", "以上", "商住用地供应", 2021),
        ("52起", "起", "", "涉嫌违法“炒房”行为", None),
        ("2725笔", "笔", "", "违规流入房地产领域贷款", None),
        ("16.6亿元", "亿元", "", "违规贷款", None),
        ("13名", "名", "", "炒房客", None),
        ("6万套(间)", "万套(间)", "", "保障性租赁住房项目", None),
        ("6个", "个", "", "保障房项目", None),
        ("1.94万套(间)", "万套(间)", "", "保障房房源", None),
    ],
}
# Numbers the seed prints that are not figures: dates, ordinals, model names, slogans.
NOT_FIGURES = (
    "2021年",
    "2035年",
    "12吋",
    "40周年",
    "3号线",
    "6代线",
    "R1",
    "9·8",
    "十九届",
    "三年",
    "一张图",
    "千亿产业链",
    "五年",
)


def _problem(report: Report, label: str) -> Node:
    (node,) = [node for node in report.problems() if node.label == label]
    return node


@pytest.mark.parametrize("label", sorted(HAND_MADE))
def test_seed_problem_matches_the_hand_made_list(seed_report, label):
    node = _problem(seed_report, label)
    figures = [f for f in extract_figures(seed_report) if f.node_id == node.id]
    got = [(f.value, f.unit, f.qualifier, f.phrase, f.year) for f in figures]
    assert got == HAND_MADE[label]


def test_every_seed_figure_points_at_its_text(seed_report):
    figures = extract_figures(seed_report)
    assert figures
    for figure in figures:
        node = seed_report.find(figure.node_id)
        assert node.plain_text()[figure.start : figure.end] == figure.value
        assert figure.report == seed_report.sha256
        assert figure.phrase, figure
        assert figure.context and figure.value in figure.context


def test_dates_ordinals_and_slogans_are_not_figures(seed_report):
    seen = set()
    for node in seed_report.walk():
        text, figures = node.plain_text(), node_figures(node)
        for words in NOT_FIGURES:
            start = text.find(words)
            while start >= 0:
                seen.add(words)
                end = start + len(words)
                assert not [f.value for f in figures if f.start < end and start < f.end], (node.id, words)
                start = text.find(words, end)
    assert seen == set(NOT_FIGURES)  # every example really is in the seed


def test_figures_inside_cited_titles_are_left_out(seed_report):
    # 《厦门市国土空间总体规划(2020-2035年)》 and 《2021年改革创新…》 hold no figure of the report.
    node = _problem(seed_report, "(4)")
    text = node.plain_text()
    title = text.index("《厦门市国土空间总体规划")
    assert all(not (title <= f.start < text.index("》", title)) for f in node_figures(node))


def _node(text: str) -> Node:
    return Node(
        id="1",
        label="(1)",
        style="arabic-paren",
        ordinal=1,
        level=1,
        kind="problem",
        title="标题。",
        rectification=Rectification(label="整改情况", sep=":", text=text),
    )


def _one(text: str):
    figures = node_figures(_node(text), "r")
    assert len(figures) == 1, [f.value for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    "text, value, number, unit, base_unit, qualifier, amount",
    [
        ("2021年来拨付企业研发费用补助资金约11.7亿元。", "约11.7亿元", 11.7, "亿元", "元", "约", 11.7e8),
        ("电子制造业产业集群产值超3000亿元。", "超3000亿元", 3000, "亿元", "元", "超", 3000e8),
        ("其中小学一年级学位近5000个。", "近5000个", 5000, "个", "个", "近", 5000),
        ("新增5万余个学位。", "5万余个", 5, "万个", "个", "余", 50_000),
        ("引入上海总院临床新技术百余项。", "百余项", 100, "项", "项", "余", 100),
        ("新材料产业链产值突破千亿。", "千亿", 1000, "亿", "", "", 1e11),
        ("人民币存贷款余额2.86万亿元。", "2.86万亿元", 2.86, "万亿元", "元", "", 2.86e12),
        ("集装箱吞吐量1204.64万标箱。", "1204.64万标箱", 1204.64, "万标箱", "标箱", "", 1204.64e4),
        ("供应较年初计划增长25%以上。", "25%以上", 25, "%", "%", "以上", 25),
        ("筹集项目6万套(间)。", "6万套(间)", 6, "万套(间)", "套(间)", "", 60_000),
        ("筹集项目6万套（间）。", "6万套（间）", 6, "万套（间）", "套（间）", "", 60_000),
        ("占比提高3.5个百分点。", "3.5个百分点", 3.5, "个百分点", "个百分点", "", 3.5),
        ("实施打通断头路3年行动。", "3年", 3, "年", "年", "", 3),
        ("建设周期3-5年。", "3-5年", None, "年", "年", "", None),
        ("新增停车泊位10,757个。", "10,757个", 10757, "个", "个", "", 10757),
        ("新增停车泊位１２个。", "１２个", 12, "个", "个", "", 12),
        ("吸引学员两万余人参与。", "两万余人", 2, "万人", "人", "余", 20_000),
        ("签约512个项目。", "512个", 512, "个", "个", "", 512),  # 签约 is not 约
    ],
)
def test_tricky_forms(text, value, number, unit, base_unit, qualifier, amount):
    figure = _one(text)
    assert (figure.value, figure.number, figure.unit, figure.base_unit, figure.qualifier) == (
        value, number, unit, base_unit, qualifier,
    )  # fmt: skip
    assert figure.amount == (pytest.approx(amount) if amount is not None else None)


@pytest.mark.parametrize(
    "text",
    ["2021年全面完成。", "《规划(2020-2035年)》印发。", "第5个项目。", "R1线完成可研。", "轨道3号线开通。",
     "实施三年行动。", "一张图一张表。", "千亿产业链群。", "走进千家万户。", "百年校庆。", "“9·8”投洽会。",
     "士兰微电12吋晶圆。", "连续跨越“千亿台阶”。", "1-11月累计增速。"],
)  # fmt: skip
def test_not_figures(text):
    assert node_figures(_node(text)) == []


@pytest.mark.parametrize(
    "text, phrase, year",
    [
        ("2021年全市地区生产总值增长8.1%。", "全市地区生产总值", 2021),
        ("厦门港2021年全年完成集装箱吞吐量1204.64万标箱。", "集装箱吞吐量", 2021),
        ("2021年前三季度金融业增加值同比增长9.6%。", "金融业增加值", 2021),
        ("全年实现地区生产总值7033.89亿元。", "地区生产总值", None),
        ("新增公共停车泊位10757个。", "公共停车泊位", None),
        ("1.4万余名机关干部参与。", "机关干部", None),
        ("推进11处(12栋)D级危房安全治理工作。", "D级危房安全治理工作", None),
        ("②修订制度5项。", "修订制度", None),  # a circled measure label is not part of the phrase
        ("①开展业务培训2期；", "业务培训", None),
    ],
)
def test_phrase_and_year(text, phrase, year):
    figure = node_figures(_node(text))[0]
    assert (figure.phrase, figure.year) == (phrase, year)


def test_a_clause_that_names_nothing_inherits_the_phrase_before_it():
    figures = node_figures(_node("截至2021年11月,岛外累计完成固投1834亿元,同比增长12.3%。2022年同比增长5%。"))
    assert [(f.value, f.phrase, f.year) for f in figures] == [
        ("1834亿元", "固投", 2021),
        ("12.3%", "固投", 2021),
        ("5%", "", 2022),  # a new sentence inherits nothing
    ]


def test_a_comparison_year_is_not_the_figures_year():
    (_, increase) = node_figures(_node("2021年招收儿童52830人,较2020年增加4117人。"))
    assert (increase.value, increase.year, increase.phrase) == ("4117人", 2021, "儿童")


def test_offsets_count_title_and_text_fields():
    node = Node(
        id="2",
        label="(2)",
        style="arabic-paren",
        ordinal=2,
        level=1,
        kind="problem",
        title="问题10个。",
        text="新增3家。",
        rectification=Rectification("整改情况", ":", "完成4项。"),
    )
    figures = node_figures(node)
    assert [node.plain_text()[f.start : f.end] for f in figures] == ["10个", "3家", "4项"]


def test_sort_and_filter(seed_report):
    figures = extract_figures(seed_report)
    by_value = sort_figures(figures, "value", reverse=True)
    assert by_value[0].value == "2.86万亿元"  # 2.86万亿 beats 8876.5亿 once magnitudes count
    assert sort_figures(by_value, "document") == figures
    money = filter_figures(figures, unit="元")
    assert money and all(f.base_unit == "元" for f in money)
    assert {f.unit for f in money} >= {"亿元", "万亿元"}
    assert filter_figures(figures, unit="亿元") == [
        f for f in money if f.unit in ("亿元", "万亿元")
    ]  # 万亿元 is 亿元 too
    assert filter_figures(figures, text="亿元") == filter_figures(
        figures, unit="亿元"
    )  # a unit typed as text is a unit
    assert "千亿" not in {f.value for f in filter_figures(figures, text="亿元")}
    assert [f.value for f in filter_figures(figures, text="吞吐量")] == ["1204.64万标箱", "5.62%"]
    assert filter_figures(figures, text="總投資") == filter_figures(figures, text="总投资") != []
    assert all(f.year == 2021 for f in filter_figures(figures, year=2021))
    counts = dict(units(figures))
    assert counts["元"] == len(money)
    assert sum(counts.values()) == len(figures)
    with pytest.raises(ValueError):
        sort_figures(figures, "size")


def test_figures_command_csv_json_and_text(tmp_path, seed_path, capfd):
    from tui.cli import main

    target = tmp_path / "figures.csv"
    assert main(["figures", str(seed_path), "--csv", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert any(row["value"] == "1204.64万标箱" and row["phrase"] == "集装箱吞吐量" for row in rows)

    assert main(["figures", str(seed_path), "--json", "--unit", "标箱"]) == 0
    (figure,) = json.loads(capfd.readouterr().out)
    assert (figure["value"], figure["year"], figure["label"], figure["origin"]) == (
        "1204.64万标箱", 2021, "(5)", seed_path.name,
    )  # fmt: skip

    assert main(["figures", str(seed_path), "--grep", "吞吐量"]) == 0
    lines = capfd.readouterr().out.splitlines()
    assert lines[0] == "where\tvalue\tunit\tyear\tphrase"  # a header line says what the columns are
    assert len(lines) == 3 and lines[1].split("\t")[1:] == ["1204.64万标箱", "万标箱", "2021", "集装箱吞吐量"]


def test_figures_command_refuses_a_missing_file(tmp_path, capfd):
    from tui.cli import main

    assert main(["figures", str(tmp_path / "missing.txt")]) == 1
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "missing.txt" in err


_ALPHABET = list(
    "0123456789.,-%１２一二两十百千万亿余多约近超以上年个元套(间)（）《》“”，,。、；:第较比增长完成新增项目 \n"
) + ["亿元", "万标箱", "2021年", "个百分点"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join))
def test_any_text_gives_figures_that_point_at_themselves(text):
    node = _node(text)
    plain = node.plain_text()
    previous_end = 0
    for figure in node_figures(node):
        assert plain[figure.start : figure.end] == figure.value
        assert previous_end <= figure.start < figure.end  # in order, never overlapping
        assert figure.number is None or figure.number >= 0
        assert figure.year is None or 1900 <= figure.year <= 2099
        previous_end = figure.end
