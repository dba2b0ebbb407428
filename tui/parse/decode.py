"""Bytes → text: the encodings these reports are published in, and refusing what is not text.

Government sites publish in UTF-8 (with or without a BOM), GB18030/GBK, and occasionally
UTF-16 with a BOM. Line ends are normalised to "\\n" so the parser sees one convention.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tui.parse.errors import ReportError

#: Files larger than this are refused before they are read (a report is tens of kilobytes).
MAX_BYTES = 20 * 1024 * 1024

_ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c")


def decode(data: bytes) -> str:
    """Decode report bytes; raise ReportError for binary or undecodable data."""
    return decode_with_notes(data)[0]


def decode_with_notes(data: bytes) -> tuple[str, list[str]]:
    """Like `decode`, with warnings for what had to be repaired (a few bad UTF-8 bytes)."""
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text, notes = _utf8(data[len(codecs.BOM_UTF8) :], "UTF-8", len(codecs.BOM_UTF8))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", "UTF-16")
    else:
        if b"\x00" in data:
            raise ReportError("this looks like a binary file (it contains NUL bytes), not a text report")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if _cut_inside_last_character(data, error):
                text, notes = _utf8(data, "UTF-8", 0)
            else:
                try:
                    text = data.decode("gb18030")
                except UnicodeDecodeError:
                    text, notes = _utf8(data, "UTF-8 or GB18030", 0)
    _refuse_binary(text)
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def _cut_inside_last_character(data: bytes, error: UnicodeDecodeError) -> bool:
    return error.reason == "unexpected end of data" and error.end == len(data)


def _utf8(data: bytes, name: str, offset: int) -> tuple[str, list[str]]:
    """UTF-8 that may hold a few bad bytes: a stray byte, or a file cut inside its last character.

    Those are kept as U+FFFD (or the cut character dropped) with a warning, so one bad byte does
    not cost the reader the whole report; more than 1% bad characters is not UTF-8: refused,
    naming where the first bad byte is.
    """
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        first, cut = error.start, _cut_inside_last_character(data, error)
    if cut:
        return data[:first].decode("utf-8"), [
            (
                f"文件在一个字符中间结束（第 {first + offset} 字节）/ the file ends inside a character "
                f"(byte {first + offset}): it was cut off"
            )
        ]
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    if bad * 100 > len(text):
        raise ReportError(f"cannot decode the file as {name} (first bad byte at offset {first + offset})")
    return text, [
        (
            f"{bad} 处无法解码的字节显示为 �，第一处在第 {first + offset} 字节 / {bad} undecodable byte "
            f"sequence(s) shown as �, the first at byte {first + offset}"
        )
    ]


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise ReportError(f"cannot decode the file as {name} (bad bytes at offset {error.start})") from None


def _refuse_binary(text: str) -> None:
    """Text with NULs or many control characters is a binary file that happened to decode."""
    if "\x00" in text:
        raise ReportError("this looks like a binary file (it contains NUL characters), not a text report")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    if controls > max(8, len(sample) // 100):
        raise ReportError("this looks like a binary file (too many control characters), not a text report")


@dataclass
class SourceBytes:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_bytes(path: str | Path) -> SourceBytes:
    """Read a report file with every failure turned into one clear ReportError line."""
    path = Path(path)
    try:
        if not path.exists():
            raise ReportError(f"{path}: no such file")
        if path.is_dir():
            raise ReportError(f"{path}: is a directory, not a report file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(f"{path}: too big ({size / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB)")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReportError(f"{path}: cannot read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:
        raise ReportError(f"{path}: too big (over {MAX_BYTES // 1048576} MB)")
    if not data:
        raise ReportError(f"{path}: the file is empty")
    return SourceBytes(path.name, data)
