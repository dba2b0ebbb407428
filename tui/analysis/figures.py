"""Every figure of a report: the number with its unit, the phrase it measures, the year.

What counts as a figure is `tui.text.figures` (one rule for the pane, this list and the CLI). A
year stated with 年 ("2021年") is not a figure: it becomes the `year` of the figures in its
clause or sentence.

The phrase is a heuristic: the noun right after a counting unit
("20个幼儿园项目" → 幼儿园项目), else the clause before the number trimmed of verbs, years,
comparisons and list labels ("2021年全市地区生产总值增长8.1%" → 全市地区生产总值); a figure whose
clause names nothing ("同比增长12.3%") inherits the phrase of the figure before it in the sentence.

Offsets are into `node.plain_text()`, so a view can jump to the node and highlight the figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from tui.analysis import natural_id
from tui.model import Node, Report
from tui.text.figures import COUNT, YEAR, FigureSpan, find_figures, inside, is_unit
from tui.text.numerals import MAGNITUDES
from tui.text.script import finder
from tui.text.titles import title_spans

_CLAUSE_END = "，,；;。、:：!！?？\n"
_SENTENCE_END = "。!！?？\n"
_CLAUSE_ENDS = re.compile(f"[{re.escape(_CLAUSE_END)}]")
_SENTENCE_ENDS = re.compile(f"[{re.escape(_SENTENCE_END)}]")
_NOUN_END = _CLAUSE_END + "()（）"
_PARENTHESIS = re.compile(r"[(（][^()（）\n]{0,12}[)）]")

_YEAR_PHRASE = re.compile(
    r"(?:截至|截止|到)?(?:19|20)\d\d年(?:度)?"
    r"(?:[前后上下]?[一二三四1-4]?个?季度|上半年|下半年|全年|年初|年底|年末|底|末|初|以来|来|秋季|春季|夏季|冬季"
    r"|\d{1,2}(?:[-至]\d{1,2})?月份?[底末初中]?(?:\d{1,2}日)?)?(?:以来|来)?"
)
_COMPARISON = re.compile(r"较|同比|环比|比上年|比去年|比(?:19|20)\d\d年|与(?:19|20)\d\d年")
_LEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[①-⑳]|其中|全年|当年|同时|此外|另外|另|截至|共|在|对|向|将|把|由|从|面向|围绕|通过|预计|占|的)+"
)
# Verbs cut from the end of a phrase ("地区生产总值增长" → 地区生产总值), longest first.
_TRAILING_VERBS = tuple(
    sorted(
        [
            "增长",
            "增加",
            "增至",
            "提高至",
            "提高到",
            "提高",
            "提升至",
            "提升",
            "下降",
            "降低",
            "减少",
            "达到",
            "达",
            "突破",
            "超过",
            "完成",
            "新增",
            "实现",
            "累计",
            "分别",
            "共计",
            "总计",
            "合计",
            "共",
            "为",
            "至",
            "到",
            "占",
            "是",
            "已",
            "有",
            "超",
            "近",
            "逾",
            "约",
            "排名",
            "位列",
            "位居",
            "居",
            "签约",
            "引入",
            "拨付",
            "预计",
            "推进",
            "录取",
            "招收",
            "惠及",
            "吸引",
            "竣工",
            "建成",
            "新建成",
            "新建",
            "开工",
            "新开工",
            "完工",
            "投入",
            "打通",
            "召开",
            "举办",
            "发布",
            "推出",
            "构建",
            "征集",
            "生成",
            "筹集",
            "安排",
            "收回",
            "查实",
            "认领",
            "开行",
            "带动",
            "培育",
            "引进",
            "落地",
            "融入",
            "组织",
            "创建",
        ],
        key=len,
        reverse=True,
    )
)
# Verbs that take the measured noun as object ("完成集装箱吞吐量1204.64万标箱"): the phrase is
# what follows the last of them.
_OBJECT_VERBS = re.compile(
    r"完成|实现|新增|招收|录取|拨付|查实|收回|筹集|引入|引进|吸引|签约|认领|召开|举办|推出|构建|发布|征集|生成|"
    r"实施|开行|新建成|建成|安排|出台|惠及|填补|达到|突破|新开工|完工|打通|融入|培育|带动|组织|开展"
)
# Where the noun after a counting unit stops ("1.4万余名机关干部参与" → 机关干部).
_NOUN_STOP = re.compile(
    r"和|及|与|等|并|已|正|分别|进行|实现|参与|完成|投入|开展|立案|落地|位居|位列|获|被|均|全部|通过|按|中实现|"
    r"突破|总计|合计|申报|融入|达到|达"
)


@dataclass
class Figure:
    """One figure as printed, what it measures, and where it is.

    `value` is exactly `node.plain_text()[start:end]`, qualifier included ("约11.7亿元").
    `unit` is as printed with its magnitude ("亿元", "万个", "%"); `base_unit` drops the
    magnitude ("元", "个"); `number` is the printed number (11.7), None for a range ("3-5年");
    `scale` is the magnitude's factor, so `amount` (number × scale) compares across units.
    """

    value: str
    number: float | None
    unit: str
    qualifier: str  # 约 / 近 / 超 / 余 / 以上 … as printed, "" when exact
    phrase: str  # what the figure measures, "" when nothing in its sentence says
    year: int | None  # the year stated in its clause or sentence
    report: str  # the report's key (sha256)
    node_id: str
    start: int  # offsets into node.plain_text()
    end: int
    base_unit: str = ""
    scale: float = 1.0
    context: str = ""  # the sentence the figure stands in

    @property
    def amount(self) -> float | None:
        return None if self.number is None else self.number * self.scale

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "number": self.number,
            "unit": self.unit,
            "base_unit": self.base_unit,
            "qualifier": self.qualifier,
            "phrase": self.phrase,
            "year": self.year,
            "report": self.report,
            "node_id": self.node_id,
            "start": self.start,
            "end": self.end,
            "context": self.context,
        }


def extract_figures(report: Report) -> list[Figure]:
    """Every figure of every node of `report`, in document order (intro and closing excluded)."""
    key = report.key
    figures: list[Figure] = []
    for node in report.walk():
        figures.extend(node_figures(node, key))
    return figures


def extract_all(reports: list[Report]) -> list[Figure]:
    return [figure for report in reports for figure in extract_figures(report)]


def node_figures(node: Node, report: str = "") -> list[Figure]:
    """The figures of one node (title, text and rectification), offsets into its plain text."""
    text = node.plain_text()
    titles = [(start, end) for start, end, _ in title_spans(text)]
    years = [m for m in YEAR.finditer(text) if not inside(m.start(), titles)]
    figures: list[Figure] = []
    previous: Figure | None = None
    found = find_figures(text)
    if not found:
        return figures
    sentence_ends = [m.start() for m in _SENTENCE_ENDS.finditer(text)]
    clause_ends = [m.start() for m in _CLAUSE_ENDS.finditer(text)]
    for raw in found:
        sentence_start, sentence_end = _bounds(sentence_ends, raw.start, len(text))
        clause_start, _ = _bounds(clause_ends, raw.start, len(text))
        if previous is not None and previous.end > clause_start and previous.end <= raw.start:
            clause_start = previous.end
        same_sentence = previous if previous is not None and previous.end > sentence_start else None
        phrase = _phrase(text, raw, clause_start, same_sentence)
        figure = Figure(
            value=text[raw.start : raw.end],
            number=raw.number,
            unit=raw.unit,
            qualifier=raw.qualifier,
            phrase=phrase,
            year=_year_of(text, years, raw.start, clause_start, sentence_start),
            report=report,
            node_id=node.id,
            start=raw.start,
            end=raw.end,
            base_unit=raw.base_unit,
            scale=raw.scale,
            context=text[sentence_start:sentence_end].strip(),
        )
        figures.append(figure)
        previous = figure
    return figures


def _bounds(ends: list[int], offset: int, length: int) -> tuple[int, int]:
    """The span around `offset` between the delimiters at positions `ends` (sorted)."""
    index = bisect_left(ends, offset)
    start = ends[index - 1] + 1 if index else 0
    return start, ends[index] + 1 if index < len(ends) else length


def _year_of(text: str, years: list[re.Match], offset: int, clause_start: int, sentence_start: int) -> int | None:
    """The nearest year before `offset`: in the clause first, else in the sentence.

    A year that is a comparison's base ("较2020年增加4117人") is not the figure's year.
    """
    candidates = [
        m for m in years if sentence_start <= m.start() < offset and not text.endswith(("较", "比", "与"), 0, m.start())
    ]
    in_clause = [m for m in candidates if m.start() >= clause_start]
    chosen = (in_clause or candidates)[-1:]
    return int(chosen[0].group(1)) if chosen else None


def _phrase(text: str, raw: FigureSpan, clause_start: int, previous: Figure | None) -> str:
    """What the figure measures (see the module docstring for the heuristic)."""
    if raw.base_unit in COUNT and raw.end == raw.unit_end:
        after = _noun_after(text, raw.end)
        if after:
            return after
    before = _noun_before(text[clause_start : raw.start])
    if before:
        return before
    return previous.phrase if previous is not None else ""


def _noun_after(text: str, offset: int) -> str:
    """The noun right after a counting unit, up to the clause end, a number or a verb.

    A parenthesis right after the unit is skipped: "11处(12栋)D级危房" → D级危房….
    """
    skipped = _PARENTHESIS.match(text, offset)
    if skipped:
        offset = skipped.end()
    end = offset
    while end < len(text) and text[end] not in _NOUN_END and not text[end].isdigit():
        end += 1
    words = text[offset:end]
    if not words or words[0] in "的之":
        return ""
    stop = _NOUN_STOP.search(words)
    if stop:
        words = words[: stop.start()]
    return _tidy(words.removesuffix("中") if len(words) >= 3 else words)


def _noun_before(words: str) -> str:
    """The clause before a figure, trimmed of comparisons, years, labels and verbs."""
    comparison = _COMPARISON.search(words)
    if comparison:
        words = words[: comparison.start()]
    words = _LEADING.sub("", _tidy(_YEAR_PHRASE.sub("", words)).strip("()（）"))
    words = _trim_verbs(_tidy(words))
    verbs = list(_OBJECT_VERBS.finditer(words))
    if verbs:
        last = verbs[-1]
        after = _tidy(words[last.end() :])
        words = after or _trim_verbs(_tidy(words[: last.start()]))
    return _tidy(_LEADING.sub("", words))


def _trim_verbs(words: str) -> str:
    while words.endswith(_TRAILING_VERBS):
        verb = next(verb for verb in _TRAILING_VERBS if words.endswith(verb))  # longest first
        words = _tidy(words[: -len(verb)])
    return words


def _tidy(words: str) -> str:
    """Strip spaces and a quote or bracket pair that wraps the whole phrase."""
    words = words.strip(" \t")
    if len(words) >= 2 and words[0] in "“\"‘'「『(（【" and words[-1] in "”\"’'」』)）】":
        inner = words[1:-1]
        if not any(char in inner for char in '“”"‘’「」『』()（）【】'):
            return inner.strip()
    if words[:1] in "“”" and words.count("“") + words.count("”") == 1:
        return words.strip("“”")
    return words


# --- sorting and filtering, for the CLI and the figures view -------------------------------

SORT_KEYS = ("document", "value", "unit", "phrase", "year")


def sort_figures(figures: list[Figure], key: str = "document", reverse: bool = False) -> list[Figure]:
    """A new list sorted by `key` (one of SORT_KEYS); ties keep document order.

    "document" orders reports by first appearance in `figures`, then node ids naturally.
    "value" compares `amount` (number × magnitude), so 2.86万亿元 sorts above 7033.89亿元.
    """
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}: choose one of {', '.join(SORT_KEYS)}")
    order = {report: index for index, report in reversed(list(enumerate(f.report for f in figures)))}
    ordered = sorted(figures, key=lambda f: (order[f.report], natural_id(f.node_id), f.start))
    if key == "document":
        return ordered[::-1] if reverse else ordered
    keys = {
        "value": lambda f: (f.amount is None, f.amount or 0.0),
        "unit": lambda f: (f.base_unit, f.unit),
        "phrase": lambda f: (f.phrase == "", f.phrase),
        "year": lambda f: (f.year is None, f.year or 0),
    }
    return sorted(ordered, key=keys[key], reverse=reverse)


def filter_figures(
    figures: list[Figure], unit: str | None = None, text: str | None = None, year: int | None = None
) -> list[Figure]:
    """Figures whose unit is `unit`, whose value, phrase or sentence contains `text` (Traditional
    input folded to Simplified), and of `year`.

    A unit matches as printed (亿元), without its magnitude (元), and with a larger magnitude in
    front (亿元 finds 2.86万亿元: ten thousand 亿元). A `text` that is itself a unit (亿元, %) is
    taken as one: `/亿元` lists amounts in 亿元, not every figure whose sentence says 亿元."""
    result = figures
    if text and is_unit(text.strip()):
        unit, text = unit or text.strip(), None
    if unit:
        result = [f for f in result if has_unit(f, unit)]
    if text:
        found = finder(text)
        result = [f for f in result if found(f"{f.value}\n{f.phrase}\n{f.context}")]
    if year is not None:
        result = [f for f in result if f.year == year]
    return result


def has_unit(figure: Figure, unit: str) -> bool:
    if unit in (figure.unit, figure.base_unit):
        return True
    magnitude = figure.unit[: -len(unit)] if figure.unit.endswith(unit) else None
    return bool(magnitude) and magnitude in MAGNITUDES


def units(figures: list[Figure]) -> list[tuple[str, int]]:
    """Each base unit with how many figures use it, most used first (for a unit filter menu)."""
    counts: dict[str, int] = {}
    for figure in figures:
        counts[figure.base_unit or figure.unit] = counts.get(figure.base_unit or figure.unit, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
