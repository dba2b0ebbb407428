"""Page furniture: what a web page puts around a report and a copy of the page drags along.

Breadcrumbs, site names, font-size and accessibility rows, share and print links, hit counters,
credit lines, footers, prev/next and related links. They are set aside into
`Report.leftovers`, never dropped silently and never mistaken for the report's text.

Three reaches, from safest to boldest:
- *tokens* (`【打印本页】`, `字号：[大][中][小]`, `浏览次数：12`, `朗读` …) make up a whole line
  anywhere in the text, one leftover per token;
- *lines* of a recognisable kind (breadcrumbs, bare URLs, image file names) anywhere, one
  leftover per line;
- *edge lines* (footers with 网站标识码/ICP备, credit lines, prev/next and related links) only
  in the head and the tail of the text, where the page's chrome stands.
Some tokens are also cut out of a 来源/发布时间 line they are glued to (`glued_spans`), or off
the start of the first sentence (`leading_spans`).

Everything works on the Simplified shadow (`tui.parse.shadow`) and returns spans, so the
caller keeps the characters as printed. Every pattern is bounded: a huge line is linear.
"""

from __future__ import annotations

import re

_OPEN = r"[【\[(（]"
_CLOSE = r"[】\])）]"
_SIZE = rf"{_OPEN}?\s{{0,2}}[大中小](?:\s{{0,2}}{_CLOSE})?"
#: 字号：[大][中][小], 字体大小:大 中 小, 【字体：大 中 小】, 字号 大中小, 字型：大 中 小
_FONT = (
    rf"【?(?:字体大小|字体|字号|字型)\s{{0,3}}[:：]?\s{{0,3}}(?:{_SIZE}\s{{0,3}}){{2}}{_SIZE}(?:\s{{0,2}}】)?"
    rf"|(?:字体大小|字体|字号|字型)\s{{0,3}}[:：]\s{{0,3}}(?:\[\s{{0,3}}\])?"
)
_SIZES = r"[\[【]大[\]】]\s{0,3}[\[【]中[\]】]\s{0,3}[\[【]小[\]】]|大[ \t\u3000]{1,3}中[ \t\u3000]{1,3}小"
_TARGETS = r"(?:\s{0,3}(?:微信|朋友圈|新浪微博|腾讯微博|微博|QQ空间|QQ好友|QQ|豆瓣|人人网|今日头条|钉钉)){0,8}"
_PRINT = r"[【\[]?(?:打印|列印)(?:本页|此页|文章)?[】\]]?"
_CLOSE_PAGE = r"[【\[]?关闭(?:窗口|本页|此页|视窗)?[】\]]?"
_COUNTER = (
    rf"{_OPEN}?(?:浏览次数|浏览量|浏览|阅读次数|阅读量|阅读数|阅读|点击数|点击量|点击率|点击|访问量|访问次数)"
    rf"\s{{0,3}}[:：](?:\s{{0,3}}{_OPEN}?\s{{0,2}}\d{{1,12}}(?:\s{{0,2}}{_CLOSE})?)?(?:\s{{0,2}}次)?(?:\s{{0,2}}{_CLOSE})?"
)
_PUBLISHER = r"发布者\s{0,3}[:：]\s{0,3}[^\s|｜]{0,40}"
_ACCESS = (
    r"关怀版|长者版|长辈版|适老版|无障碍(?:浏览|阅读)?|朗读|听新闻|语音播报|色调调节\s{0,3}[:：]?"
    r"|跳至内容|跳转到主要内容|【?(?:我要)?纠错】?|繁体版?|简体版?|English|登录|注册"
    r"|收藏(?:本页)?|返回顶部|返回|扫一扫在手机打开当前页|手机版|详细介绍|正文|大中小"
)

#: Tokens that may make up a whole line, anywhere in the text.
_TOKEN = re.compile(
    "|".join(
        (
            _FONT,
            _SIZES,
            _COUNTER,
            rf"【?分享到?\s{{0,2}}[:：]?】?{_TARGETS}",
            _PRINT,
            _CLOSE_PAGE,
            _ACCESS,
        )
    )
)
#: Tokens cut out of a 来源/发布时间 line, wherever they stand in it.
_GLUED = re.compile(
    "|".join(
        (
            _FONT,
            _SIZES,
            _COUNTER,
            _PUBLISHER,
            rf"【?分享(?:到?\s{{0,2}}[:：])?】?{_TARGETS}",
            _PRINT,
            _CLOSE_PAGE,
            r"朗读|关怀版|无障碍",
        )
    )
)
#: Tokens cut off the start of the first sentence (`分享根据省委…`, `大 中 小根据…`).
_LEADING = re.compile(rf"{_FONT}|{_SIZES}|{_COUNTER}|【?分享(?:到?\s{{0,2}}[:：])?】?|{_PRINT}")
_SEPARATORS = re.compile(r"[\s|｜/·•丨]*")

_CRUMB_PREFIX = re.compile(r"(?:您(?:当前|现在)?(?:所在)?的?|当前)?(?:所在)?位置\s{0,3}[:：]?\s{0,3}")
_CRUMB_SEP = re.compile(r"\s{0,3}(?:>>|->|[>＞›»→])\s{0,3}")
_CRUMB_HOME = ("首页", "网站首页", "主页", "返回首页")
_SENTENCE_MARKS = re.compile(r"[。，,；;！!？?]")
_URL = re.compile(r"(?:(?:原文)?链接\s{0,2}[:：]\s{0,2})?(?:https?://|www\.)\S{1,2000}", re.IGNORECASE)
_IMAGE = re.compile(r"[^\s。，]{1,120}\.(?:jpe?g|png|gif|bmp|webp|tiff?)", re.IGNORECASE)
_WEEKDAY = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s{0,3}星期[一二三四五六日天]")

_CREDIT = re.compile(
    rf"{_OPEN}?\s{{0,2}}(?:【?(?:我要)?纠错】?\s{{0,3}})?(?:责任编辑|责编|编辑|审核|校对|审校|签发|初审|复审|终审|摄影|通讯员|记者)"
    rf"\s{{0,3}}[:：][^。]{{0,40}}"
)
_FOOTER = re.compile(
    r"网站标识码|ICP备|ICP证|公网安备|版权所有|Copyright|©|主办单位\s{0,2}[:：]|主办\s{0,2}[:：]|承办\s{0,2}[:：]"
    r"|技术支持\s{0,2}[:：]|网站地图|联系我们|隐私声明|网站声明|使用帮助|建议使用.{0,20}浏览器",
    re.IGNORECASE,
)
_PREV_NEXT = re.compile(r"(?:上一篇|下一篇|上一条|下一条|上篇|下篇|上一页|下一页|上一则|下一则)\s{0,2}[:：]")
_RELATED = re.compile(
    r"(?:相关链接|相关新闻|相关文章|相关阅读|相关稿件|推荐阅读|热点推荐|热门推荐|一周热门|热点新闻|延伸阅读|标签|关键词)"
    r"\s{0,2}[:：]?.{0,80}"
)

Span = tuple[int, int]
#: A line of furniture is short: longer lines are text (and are not scanned for tokens).
MAX_FURNITURE_LINE = 300


def token_spans(line: str) -> list[Span] | None:
    """The tokens of a line made of furniture tokens only (one span each), else None."""
    if len(line) > MAX_FURNITURE_LINE:
        return None
    spans: list[Span] = []
    position = _SEPARATORS.match(line).end()  # type: ignore[union-attr]
    while position < len(line):
        match = _TOKEN.match(line, position)
        if match is None or not match.group().strip():
            return None
        spans.append(match.span())
        position = _SEPARATORS.match(line, match.end()).end()  # type: ignore[union-attr]
    return spans or None


def is_breadcrumb(line: str) -> bool:
    """`首页 > 要闻 > 通知公告`, `您当前所在位置：…`, `新华网>廉政> 正文`, `当前位置：首页>>…`."""
    if len(line) > MAX_FURNITURE_LINE or _SENTENCE_MARKS.search(line):
        return False
    prefix = _CRUMB_PREFIX.match(line)
    rest = line[prefix.end() :] if prefix and prefix.group().strip() else line
    parts = [part.strip() for part in _CRUMB_SEP.split(rest)]
    if len(parts) < 2 or not all(0 < len(part) <= 20 for part in parts):
        return bool(prefix and prefix.group().strip() and parts and parts[0] in _CRUMB_HOME)
    return bool(prefix and prefix.group().strip()) or len(parts) >= 3 or parts[0] in _CRUMB_HOME or parts[-1] == "正文"


def furniture_spans(line: str, edge: bool = False) -> list[Span] | None:
    """What of a whole line is furniture (spans into it), or None when the line is text.

    `edge`: the line stands in the head or the tail of the text, where footers, credit lines and
    prev/next links are furniture too."""
    spans = token_spans(line)
    if spans is not None:
        return spans
    whole = [(0, len(line))]
    if len(line) > MAX_FURNITURE_LINE and not line.startswith(("http", "www", "原文链接", "链接")):
        return None
    if is_breadcrumb(line) or _URL.fullmatch(line) or _IMAGE.fullmatch(line) or _WEEKDAY.fullmatch(line):
        return whole
    if edge and (_CREDIT.fullmatch(line) or _PREV_NEXT.match(line) or _RELATED.fullmatch(line) or _FOOTER.search(line)):
        return whole
    return None


def glued_spans(line: str) -> list[Span]:
    """Furniture glued into a metadata line (`来源：… 字号：[大][中][小] 打印 关闭`)."""
    return [match.span() for match in _GLUED.finditer(line) if match.group().strip()]


def leading_spans(line: str) -> list[Span]:
    """Furniture glued to the start of the first sentence (`分享根据省委…`)."""
    spans: list[Span] = []
    position = 0
    while True:
        match = _LEADING.match(line, position)
        if not match or not match.group():
            return spans
        spans.append(match.span())
        position = match.end()
        while position < len(line) and line[position].isspace():
            position += 1


def cut(line: str, spans: list[Span]) -> tuple[str, list[str]]:
    """`line` without `spans` (stripped) and the pieces cut, as printed."""
    if not spans:
        return line, []
    kept, pieces, position = [], [], 0
    for start, end in spans:
        kept.append(line[position:start])
        pieces.append(line[start:end])
        position = end
    kept.append(line[position:])
    return "".join(kept).strip(), pieces
