"""Fidelity on generated documents: every character that is not a leftover lands in the model.

Documents are random recombinations of the genre's parts (page furniture above and below the
report — site names, breadcrumbs, accessibility rows, footers, prev/next links — a 政务公开
metadata block with values on the key's line or the next, a title line, 来源/日期 lines with
furniture glued on, a meeting line, leftovers on their own line or glued to the first sentence,
intro, headings in five numbering styles (问题： among them) nested in random order, headings
with glued bodies, rectifications under every label the parser knows with 一是…/①…/（1）…
measures inline or one per paragraph, answers with no label at all, closing lines, blank lines,
indentation, CRLF/CR), printed in Simplified or in Traditional script. The generator knows what
it wrote, so the parse is checked against that, not against itself. Examples are derandomized:
CI is never red by chance.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.library import store
from tui.parse import parse_text
from tui.text.numerals import cn_number
from tui.text.script import convert

# Ordinary words only: no numerals, no leftover, title, metadata, closing or rectification words,
# so that random text never looks like structure by accident.
_BASE = "的了在和有我们他这为之以个上到说国就要会可也你对生能而子那得于着下自年过后里用道行所然家种事成方多经么去法学如都同现当没动面起看定天还进好部其些主样理心她本前开但因只从想实建设推落加强完善升化深制度机工项目服务管问题是"
_EXCLUDED = set(
    "一二三四五六七八九十百零〇两分享打印大中小浏览字体号关闭收藏返回扫整欢联来电邮共通巡公发日时作编责点阅访源期"
)
ALPHABET = "".join(sorted(set(_BASE) - _EXCLUDED))
STYLES = ("cn-dun", "cn-paren", "arabic-dot", "arabic-paren", "wenti")
RECT_LABELS = (
    "整改情况",
    "整改进展",
    "整改措施",
    "整改成效",
    "整改结果",
    "整改落实情况",
    "整改进展情况",
    "整改完成情况",
    "整改措施及成效",
    "整改",
)
LEFTOVER_LINES = (
    "分享",
    "打印",
    "大 中 小",
    "字体大小:[大][中][小]",
    "浏览次数:12",
    "【关闭窗口】",
    "关怀版 无障碍",
    "朗读",
    "分享到：",
    "【打印】【关闭】",
)
GLUED_PREFIXES = ("分享", "打印", "大 中 小")
ABOVE = ("某某县人民政府网", "首页 > 要闻 > 通知公告", "您当前所在位置：首页 > 政务公开", "跳至内容")
BELOW = (
    "上一篇：某某工作会议召开",
    "主办单位：某某县人民政府办公室 网站标识码：1234567890",
    "某某县版权所有 | 东ICP备10000123号-1",
    "扫一扫在手机打开当前页",
)
METADATA = (
    ("索引号", "ABC-2023-00412"),
    ("发布机构", "某某县某某局"),
    ("成文日期", "2023-04-20"),
    ("公开方式", "主动公开"),
)
FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

words = st.text(alphabet=ALPHABET, min_size=1, max_size=6)
clauses = st.lists(words, min_size=1, max_size=3).map("，".join)


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@st.composite
def labels(draw, style: str, ordinal: int, numbered_problems: bool = True) -> str:
    if style == "wenti":
        return f"问题{ordinal}：" if numbered_problems else "问题："
    if style == "cn-dun":
        return cn_number(ordinal) + "、"
    if style == "cn-paren":
        return draw(st.sampled_from(["({})", "（{}）"])).format(cn_number(ordinal))
    number = str(ordinal)
    if draw(st.booleans()):
        number = number.translate(FULL_DIGITS)
    if style == "arabic-dot":
        return number + draw(st.sampled_from([".", "．", "、"]))
    return draw(st.sampled_from(["({})", "（{}）"])).format(number)


@st.composite
def rectification(draw) -> tuple[list[str], int]:
    """Lines of a rectification and how many measures it enumerates."""
    label = draw(st.sampled_from(RECT_LABELS))
    mode = draw(st.sampled_from(["none", "inline", "lines", "circled-inline", "circled-lines", "paren-inline"]))
    count = 0 if mode == "none" else draw(st.integers(1, 12 if mode.startswith("inline") else 5))
    if mode == "paren-inline":
        count = max(count, 2)  # a lone （1） is a reference, not an enumeration
    lead = draw(clauses) + "。" if mode == "none" or draw(st.booleans()) else ""
    if mode.startswith("circled"):
        items = [chr(0x2460 + i) + draw(clauses) + ("。" if i == count - 1 else "；") for i in range(count)]
    elif mode == "paren-inline":
        items = [f"（{i + 1}）{draw(clauses)}" + ("。" if i == count - 1 else "；") for i in range(count)]
    else:
        items = [f"{cn_number(i + 1)}是{draw(clauses)}。" for i in range(count)]
    sep = draw(st.sampled_from([":", "："]))
    if label == "整改" and mode.endswith("lines"):
        mode = "inline"  # a bare 整改 is a label only with its colon, on its own line too
    if mode.endswith("lines"):
        head = label + (sep if draw(st.booleans()) else "")
        lines = [head + lead] if lead and head.endswith(sep) else [head] + ([lead] if lead else [])
        return lines + items, count
    return [label + sep + lead + "".join(items)], count


@st.composite
def documents(draw):
    lines: list[list[tuple[str, bool]]] = []  # each line: segments (text, is_leftover)
    expect = {"nodes": [], "leftovers": [], "gap": False}

    def add(*segments: tuple[str, bool]) -> None:
        lines.append(list(segments))
        for text, leftover in segments:
            if leftover:
                expect["leftovers"].append(text)

    for line in draw(st.lists(st.sampled_from(ABOVE), max_size=2, unique=True)):
        add((line, True))
    expect["metadata"] = {}
    for key, value in draw(st.lists(st.sampled_from(METADATA), max_size=3, unique=True)):
        expect["metadata"][key] = value
        if draw(st.booleans()):
            add((f"·{key}：", False))
            add((value, False))
        else:
            add((f"{key}：{value}", False))
    title = draw(st.booleans())
    if title:
        add(("关于" + draw(words) + "整改进展情况的通报", False))
    if draw(st.booleans()):
        meta = f"来源：{draw(words)}{draw(st.sampled_from(['', ' ', '　']))}2022-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))}"
        glued = draw(st.sampled_from(["", "字体大小:[大][中][小]", " 浏览次数:7", "分享", " 打印 关闭"]))
        add((meta, False), *([(glued, True)] if glued else []))
    expect["delivered"] = ""
    if draw(st.booleans()):
        expect["delivered"] = "2023年11月28日在某某县人民代表大会常务委员会第六次会议上"
        add(("——" + expect["delivered"], False))
    for token in draw(st.lists(st.sampled_from(LEFTOVER_LINES), max_size=2)):
        add((token, True))
    for index in range(draw(st.integers(0, 2))):
        prefix = draw(st.sampled_from(("",) + GLUED_PREFIXES)) if index == 0 else ""
        add(*([(prefix, True)] if prefix else []), (draw(clauses) + "。", False))

    styles = draw(st.permutations(STYLES))
    numbered_problems = draw(st.booleans())  # 问题1：… or 问题：… throughout one document
    counters: list[int] = []
    last_empty = False
    for index in range(draw(st.integers(0, 10))):
        depth = 0 if index == 0 else draw(st.integers(0, min(len(counters), 3)))
        del counters[depth + 1 :]
        if depth == len(counters):
            counters.append(0)
        gap = counters[depth] > 0 and draw(st.integers(0, 9)) == 0
        expect["gap"] |= gap and (styles[depth] != "wenti" or numbered_problems)  # 问题： has no number to skip
        counters[depth] += 2 if gap else 1
        label = draw(labels(styles[depth], counters[depth], numbered_problems))
        title_text = draw(clauses) + draw(st.sampled_from(["", "。"]))
        body = draw(clauses) + "。" if title_text.endswith("。") and draw(st.booleans()) else ""
        add((label + title_text + body, False))
        texts = [draw(clauses) + "。" for _ in range(draw(st.integers(0, 2)))]
        for text in texts:
            add((text, False))
        measures = None
        if draw(st.booleans()):
            rect_lines, measures = draw(rectification())
            for text in rect_lines:
                add((text, False))
        elif draw(st.integers(0, 3)) == 0:
            add((f"一是{draw(clauses)}。二是{draw(clauses)}。", False))  # an answer with no label
            measures = "unlabelled"
        expect["nodes"].append((label, title_text, depth + 1, measures))
        last_empty = not (body or texts or measures is not None)

    closing = bool(expect["nodes"]) and draw(st.booleans())
    if closing:
        add(("欢迎广大干部群众监督。", False))
        add(("联系电话：0592-1234567。", False))
    if draw(st.booleans()):
        add(("【关闭窗口】", True))
    for line in draw(st.lists(st.sampled_from(BELOW), max_size=2, unique=True)):
        add((line, True))
    expect["truncated"] = bool(expect["nodes"]) and not closing and last_empty
    expect["title"] = title
    script = draw(st.sampled_from(["s", "s", "s2t"]))

    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    rendered = []
    for segments in lines:
        indent = draw(st.sampled_from(["", "", "  ", "\u3000\u3000", "\t"]))
        trail = draw(st.sampled_from(["", "", " ", "\u3000"]))
        blank = draw(st.sampled_from(["", "", newline, newline + " " + newline]))
        rendered.append(blank + indent + "".join(text for text, _ in segments) + trail)
    source = in_script(newline.join(rendered), script)
    kept = in_script("".join(text for segments in lines for text, leftover in segments if not leftover), script)
    expect["leftovers"] = [in_script(text, script) for text in expect["leftovers"]]
    expect["nodes"] = [(in_script(l, script), in_script(t, script), d, m) for l, t, d, m in expect["nodes"]]
    expect["metadata"] = {in_script(k, script): in_script(v, script) for k, v in expect["metadata"].items()}
    expect["delivered"] = in_script(expect["delivered"], script)
    return source, kept, expect


def in_script(text: str, script: str) -> str:
    """`text` in Traditional character by character, so a piece converts alike wherever it
    stands (phrase conversion would depend on what comes next to it)."""
    return "".join(convert(char, script) for char in text)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_parse_faithfully(document):
    source, kept, expect = document
    report = parse_text(source)
    assert squeeze("".join(report.walk_text())) == squeeze(kept)
    assert squeeze("".join(report.leftovers)) == squeeze("".join(expect["leftovers"]))
    assert report.metadata == expect["metadata"]
    assert report.delivered == expect["delivered"]
    nodes = list(report.walk())
    assert [(n.label, n.title, n.level) for n in nodes] == [(l, t, d) for l, t, d, _ in expect["nodes"]]
    for node, (*_, measures) in zip(nodes, expect["nodes"], strict=True):
        if isinstance(measures, int):  # a labelled rectification: its measures exactly
            assert node.rectification is not None and node.rectification.label
            assert len(node.rectification.measures) == measures
        else:  # none, or an answer with no label: a problem's unlabelled rectification at most
            assert node.rectification is None or (node.rectification.label == "" and node.kind == "problem")
    assert report.truncated == expect["truncated"]
    assert any(w.startswith("编号不连续") for w in report.warnings) == expect["gap"]
    assert report.title_derived == (not expect["title"])
    assert dataclasses.asdict(store.load_yaml(store.dump_yaml(report))) == dataclasses.asdict(report)


# Any text at all, weighted towards the characters the parser reacts to.
_SPECIAL = "一二三十、．.()（）1234５①②是。，；:：整改情况进展措施来源日期字体大小[]【】中分享打印浏览次数\n\r \u3000\t\x00\x1b"
arbitrary = st.text(alphabet=st.one_of(st.sampled_from(_SPECIAL), st.characters()), max_size=400)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(arbitrary)
def test_any_text_parses_and_keeps_every_character(text):
    report = parse_text(text)
    walked = Counter(squeeze("".join(report.walk_text())))
    dropped = Counter(squeeze("".join(report.leftovers)))
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    assert walked + dropped == Counter(squeeze(normalised))
    ids = [node.id for node in report.walk()]
    assert len(ids) == len(set(ids))
    for node in report.walk():
        assert node.level == node.id.count(".") + 1
        assert all(child.id.startswith(node.id + ".") for child in node.children)
        if node.rectification:
            text_ = node.rectification.text
            for measure in node.rectification.measures:
                assert text_[measure.start : measure.end].startswith(measure.label)
                assert text_[measure.start + len(measure.label) : measure.end] == measure.text
