"""What counts as a figure: a number printed with its unit — one rule for the text pane (which
bolds figures), the figures view and `xunshi figures`.

A figure is a number followed by a unit ("7033.89亿元", "5万余个", "25%以上", "百余项", "近5000个")
or a bare magnitude after 突破/超 ("突破千亿"). A four-digit year followed by 年 ("2021年") is a
date, not a figure. Numbers with no unit (R1线, 3号线, "9·8"), ordinals (第5), numbers inside
《…》 titles, Chinese numerals without 十/百/千/万/亿 ("三年行动", "一张图"), a lone 百/千/万/亿
before a unit ("万家", "千家万户"; "百余项" counts) and Chinese numerals before 年 ("百年校庆")
are left out: in these reports they are slogans far more often than counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.text.numerals import MAGNITUDES, arabic_number, chinese_number
from tui.text.titles import title_spans

# Units, longest first when one is a prefix of another. Counting units ("个", "家" …) usually
# precede the thing counted; the others follow it.
MEASURE_UNITS = (
    "%", "％", "‰", "个百分点", "百分点", "倍", "美元", "元", "标箱", "标准箱",
    "平方公里", "平方米", "公里", "千米", "米", "公顷", "亩", "吨", "千瓦时", "千瓦", "兆瓦",
    "年", "个月", "天", "小时", "岁", "航次",
)  # fmt: skip
COUNT_UNITS = (
    "套(间)", "套（间）", "期(场)", "期（场）", "人次", "家次", "个", "家", "套", "间", "项", "处",
    "条", "所", "户", "人", "名", "笔", "起", "批", "次", "栋", "份", "场", "期", "辆", "台", "座",
    "艘", "架", "件", "例", "宗", "块",
)  # fmt: skip
UNITS = tuple(sorted(MEASURE_UNITS + COUNT_UNITS, key=len, reverse=True))
COUNT = frozenset(COUNT_UNITS)
# Units that also start common words ("千亿台阶", "3项目" is not said, "条件", "人员"): not a unit there.
_NOT_BEFORE = {
    "台": "阶湾风账", "条": "件例款", "家": "庭乡属长", "人": "员民才口士大群", "名": "单称额义",
    "项": "目", "所": "有在属得以", "场": "景所地馆", "期": "间待限刊", "起": "来步草点诉",
    "件": "事", "座": "谈", "次": "要数序级", "批": "准示复评", "处": "理置罚分长", "间": "隔接",
    "份": "额", "岁": "月", "天": "然津空气", "户": "籍口型", "年": "级代龄轻",
}  # fmt: skip


def _unit_pattern(unit: str) -> str:
    follow = _NOT_BEFORE.get(unit)
    return re.escape(unit) + (f"(?![{follow}])" if follow else "")


_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:[.．]\d+)?"
_FIGURE = re.compile(
    r"(?=[近约大超逾不将接\d零〇一二两三四五六七八九十百千万亿])"  # fails fast on most characters
    r"(?P<pre>(?<![最就附临靠])近|约合|大约|(?<![签制节预契公条合])约|(?<![赶])超过|(?<![赶])超|逾|不足|不到|将近|接近)?"
    r"(?:"
    rf"(?P<num>(?<![\dA-Za-zＡ-Ｚａ-ｚ.．·•/\-第]){_ARABIC}(?:[-~～—–至到]{_ARABIC})?)"
    r"(?P<mag>万亿|千亿|百亿|亿|千万|百万|十万|万|千(?![米瓦克])|百(?!分))?"
    r"|(?P<cn>(?<![第零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九]*[十百千万亿][零〇一二两三四五六七八九十百千万亿]*)"
    r")"
    r"(?P<mid>余|多)?"
    rf"(?P<unit>{'|'.join(_unit_pattern(unit) for unit in UNITS)})?"
    r"(?P<suf>以上|以下|左右|之多|有余)?"
)
_BARE_MAGNITUDE_BEFORE = ("突破", "超过", "超", "达到", "达", "逾", "近")
_LARGE = ("万亿", "亿", "万")
#: A year (or a span of years) followed by 年: a date, never a figure.
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:[-~～—–至到](?:19|20)\d\d)?年")


@dataclass
class FigureSpan:
    """A figure found in a text, before anyone asks what it measures."""

    start: int
    end: int
    number_start: int  # where the number itself starts (after a leading qualifier)
    unit_end: int  # just past the unit (before a trailing 以上 …)
    number: float | None
    unit: str
    base_unit: str
    scale: float
    qualifier: str


def find_figures(text: str) -> list[FigureSpan]:
    """Every figure in `text`, in order; numbers inside 《…》 titles are left out."""
    titles = [(start, end) for start, end, _ in title_spans(text)]
    found = []
    for match in _FIGURE.finditer(text):
        span = _accept(text, match)
        if span is not None and not inside(span.number_start, titles):
            found.append(span)
    return found


def is_unit(text: str) -> bool:
    """Whether `text` is a unit as printed after a number: 亿元, 万标箱, %, 个 (a magnitude allowed)."""
    for magnitude in ("", *MAGNITUDES):
        if text.startswith(magnitude) and text[len(magnitude) :] in UNITS:
            return True
    return False


def figure_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every figure in `text`: what the pane marks."""
    return [(span.start, span.end) for span in find_figures(text)]


def _accept(text: str, match: re.Match) -> FigureSpan | None:
    """The figure `match` stands for, or None when it is a date, an ordinal or a slogan."""
    pre, mid, unit, suf = (match.group(name) or "" for name in ("pre", "mid", "unit", "suf"))
    number_start = match.start("num") if match.group("num") else match.start("cn")
    if match.group("num"):
        printed, magnitude = match.group("num"), match.group("mag") or ""
        if unit == "年" and not magnitude and YEAR.fullmatch(printed + "年"):
            return None  # a date: 2021年, 2020-2035年
        if not unit and magnitude in ("", "千", "百"):
            return None  # a bare number: R1线, 3号线, "9·8"
        number = arabic_number(printed)
    else:
        printed = match.group("cn")
        if not any(char in printed for char in "十百千万亿") or unit == "年":
            return None  # 三年行动, 一张图, 百年校庆
        if printed in ("百", "千", "万", "亿") and not mid and not pre:
            return None  # 万家, 千家万户 (but 百余项, 十个)
        magnitude = next((m for m in _LARGE if printed.endswith(m) and len(printed) > len(m)), "")
        if not unit:
            after_verb = text.endswith(_BARE_MAGNITUDE_BEFORE, 0, match.start())
            if not printed.endswith("亿") or not after_verb and not pre:
                return None  # 千亿产业链, 三大万亿
            magnitude = magnitude or printed  # a lone 亿 after 超 / 突破
        digits = printed[: len(printed) - len(magnitude)]
        number = chinese_number(digits) if digits else 1.0
    if not unit and not magnitude:
        return None
    qualifier = "".join(part for part in (pre, mid, suf))
    return FigureSpan(
        start=match.start(),
        end=match.end(),
        number_start=number_start,
        unit_end=match.end("unit") if unit else match.end(),
        number=number,
        unit=magnitude + unit,
        base_unit=unit,
        scale=MAGNITUDES.get(magnitude, 1.0),
        qualifier=qualifier,
    )


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)
