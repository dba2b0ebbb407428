"""Bad input: every failure is one ReportError line; nothing hangs, nothing is half-read."""

from __future__ import annotations

import codecs

import pytest

from tui.parse import MAX_BYTES, ReportError, decode, parse_text, read_report


@pytest.mark.parametrize(
    "data, text",
    [
        ("正文。\n".encode(), "正文。\n"),
        (codecs.BOM_UTF8 + "正文。".encode(), "正文。"),
        (codecs.BOM_UTF16_LE + "正文。\r\n二".encode("utf-16-le"), "正文。\n二"),
        (codecs.BOM_UTF16_BE + "正文。\r二".encode("utf-16-be"), "正文。\n二"),
        ("巡视整改，（一）１．".encode("gb18030"), "巡视整改，（一）１．"),
        ("𠀀𪚥".encode("gb18030"), "𠀀𪚥"),  # four-byte GB18030
        (b"a\r\nb\rc\n\rd", "a\nb\nc\n\nd"),
    ],
)
def test_decode(data, text):
    assert decode(data) == text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("第1条 ok".encode("utf-16-le"), "binary"),  # UTF-16 without a BOM: ASCII gives NULs
        (bytes(range(1, 32)) * 20, "control characters"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "UTF-16"),  # lone surrogate
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "UTF-8"),
        ("正文".encode() + b"\x80\xff\x81\x30\xff", "UTF-8 or GB18030"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "NUL"),
    ],
)
def test_decode_refuses(data, message):
    with pytest.raises(ReportError, match=message) as info:
        decode(data)
    assert "\n" not in str(info.value)


def test_read_report_errors(tmp_path):
    with pytest.raises(ReportError, match="missing.txt: no such file"):
        read_report(tmp_path / "missing.txt")
    with pytest.raises(ReportError, match="is a directory"):
        read_report(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(ReportError, match="the file is empty"):
        read_report(tmp_path / "empty.txt")
    (tmp_path / "blank.txt").write_text(" \n\u3000\t\n", "utf-8")
    with pytest.raises(ReportError, match="only white space"):
        read_report(tmp_path / "blank.txt")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(ReportError, match=r"bin.dat: this looks like a binary file"):
        read_report(tmp_path / "bin.dat")


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 100 * 1024 * 1024])
def test_too_big_is_refused_before_reading(tmp_path, size):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(size)
    with pytest.raises(ReportError, match="too big"):
        read_report(big)


def test_read_sets_origin_and_hash(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("(一)正文。".encode("gb18030"))
    report = read_report(path)
    assert report.origin == "r.txt" and len(report.sha256) == 64
    assert report.find("1").title == "正文。"


@pytest.mark.parametrize(
    "text",
    [
        "字" * 1_000_000,  # one huge line without punctuation (also a linear-time guard under the timeout)
        "来源:" + " " * 200_000 + "x",
        "(1)" + "是" * 200_000,
        "整改情况:" + "一是，二是，" * 50_000,
        "大 " * 200_000,
        "\n".join(["(1)问题。"] * 20_000),
        "\n".join(f"{'一二三'[i % 3]}、x" for i in range(20_000)),
    ],
)
def test_pathological_text_parses(text):
    report = parse_text(text)
    assert "".join(report.walk_text()) or report.leftovers


def test_control_characters_are_kept_in_the_model():
    """Stripping for the screen is the app's job; the model keeps the text as it is."""
    report = parse_text("(一)标题\x1b[31m。正文\x07。\n")
    assert report.find("1").title == "标题\x1b[31m。" and report.find("1").text == "正文\x07。"
