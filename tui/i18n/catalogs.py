"""The catalogs' source (`.po`, edited by people) compiled into what gettext reads (`.mo`).

`python -m tui.i18n.catalogs` writes every `.mo` from its `.po`; a test fails when one is stale
or when a message of the interface has no translation. A small subset of the PO format is read:
comments, `msgid`, `msgid_plural`, `msgstr`, `msgstr[N]` and continued strings.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

from tui.i18n import DOMAIN, LOCALE_DIR

Entries = dict[str, str]  # msgid (singular "\0" plural) → msgstr (forms "\0"-joined)


def read_po(text: str) -> Entries:
    entries: Entries = {}
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None

    def finish() -> None:
        if "msgid" in fields:
            key = "".join(fields["msgid"])
            if "msgid_plural" in fields:
                key += "\0" + "".join(fields["msgid_plural"])
                forms = sorted(name for name in fields if name.startswith("msgstr["))
                value = "\0".join("".join(fields[name]) for name in forms)
            else:
                value = "".join(fields.get("msgstr", []))
            if value:
                entries[key] = value
        fields.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"line {number}: a string continues nothing")
            current.append(ast.literal_eval(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            finish()
        if not rest.startswith('"'):
            raise ValueError(f"line {number}: cannot read {line!r}")
        current = fields.setdefault(keyword, [])
        current.append(ast.literal_eval(rest))
    finish()
    return entries


def write_mo(entries: Entries) -> bytes:
    """The GNU .mo file for `entries` (no hash table: gettext does not need one)."""
    keys = sorted(entries)
    ids = [key.encode("utf-8") for key in keys]
    strs = [entries[key].encode("utf-8") for key in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, data = [], b""
    for item in ids + strs:
        offsets.append((len(item), start + len(data)))
        data += item + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    return header + tables + data


def catalogs() -> list[tuple[Path, Path]]:
    """(source .po, compiled .mo) of every catalog."""
    return [(po, po.with_suffix(".mo")) for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]


def main() -> int:
    for po, mo in catalogs():
        mo.write_bytes(write_mo(read_po(po.read_text("utf-8"))))
        print(mo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
