"""Hostile inputs for the robustness tests, generated at test time (nothing large is committed).

`REPORT` is a small report in the genre whose text carries Rich/Textual markup, terminal escape
sequences and bidi overrides; `UNSAFE` finds anything in program output that a terminal would
obey rather than print. The file writers put their output under a directory the test owns.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent.parent / "seeds" / "xiamen-2022-02-22.txt"
SEED_TITLE = "厦门市巡视整改进展情况"

MARKUP = ("[/]", "[bold red]红字[/]", "[@click=app.quit]x[/]", "[link=http://x]y[/link]")
ESCAPES = {
    "clear screen": "\x1b[2J\x1b[H",
    "colour": "\x1b[31;1m",
    "osc 52 clipboard write": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "osc title": "\x1b]0;pwned\x1b\\",
    "bell": "\x07",
    "c1 csi": "\x9b31m",
    "dcs": "\x1bP1$r\x1b\\",
    "bidi override": "\u202e",
    "bidi isolate": "\u2066",
    "backspace": "\x08",
}

# What must never reach a terminal from report text: ESC, other C0 controls except tab and
# newline, DEL, C1 controls, bidi embeddings/overrides/isolates.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# Ordinary prose, so that the escapes are as rare as in a real report (a file that is mostly
# control characters is refused as binary, which is right, and not what these tests are about).
PADDING = "为深入贯彻落实巡视整改要求，全市上下统一思想、压实责任，推动各项整改任务落地见效。" * 80


def hostile_report_text() -> str:
    """A report with markup and escapes in its title, headings, text and measures."""
    esc = "".join(ESCAPES.values())
    return (
        f"厦门巡视整改{MARKUP[0]}进展情况{ESCAPES['clear screen']}通报\n"
        "来源:测试网站 2022-01-01\n"
        f"{PADDING}\n"
        f"一、总体情况{MARKUP[1]}\n"
        f"(一)第一节{ESCAPES['colour']}标题。正文 {MARKUP[2]} 和 {MARKUP[3]} 以及{esc}完。\n"
        "二、问题整改\n"
        "(一)某方面\n"
        "1.某组\n"
        f"(1)问题{MARKUP[0]}一{ESCAPES['bidi override']}反转。\n"
        f"整改情况:一是措施{MARKUP[1]}{ESCAPES['osc 52 clipboard write']}。二是措施二{ESCAPES['bell']}。\n"
    )


def unsafe_in(text: str) -> list[str]:
    """The unsafe characters found in `text`, as escapes a failure message can show."""
    return sorted({repr(match.group()) for match in UNSAFE.finditer(text)})


# -- files -------------------------------------------------------------------------------------
SMALL = "巡视整改进展情况通报\n来源:测试网站 2022-01-01\n一、总体情况\n(一)第一节。正文。\n(二)第二节。正文二。\n"


def encodings(text: str = SMALL) -> dict[str, bytes]:
    """The same text in every encoding and line-end convention the parser must read."""
    return {
        "utf8": text.encode("utf-8"),
        "utf8-bom": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf16-le-bom": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf16-be-bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "gb18030": text.encode("gb18030"),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "lone-cr": text.replace("\n", "\r").encode("utf-8"),
        "gb18030-crlf": text.replace("\n", "\r\n").encode("gb18030"),
    }


def write_sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that costs no disk (a hole), for the too-big refusal."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def write_big(path: Path, megabytes: int) -> Path:
    """A real file of report-like text of about `megabytes` MB (written in 1 MB chunks)."""
    chunk = (SEED.read_text("utf-8") * 200).encode("utf-8")[: 1 << 20]
    with path.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(chunk)
    return path
