"""The interface speaks Chinese by default: every message has a translation, the catalogs are
compiled from their sources, Traditional displays get Traditional (and regional) words."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from tui import i18n
from tui.i18n.catalogs import catalogs, read_po, write_mo

PACKAGE = Path(__file__).resolve().parent.parent / "tui"


def messages() -> dict[str, str]:
    """Every message the interface can show → where it is written: the arguments of _, N_ and
    n_, the descriptions and tooltips of bindings, and the texts of palette commands."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            texts: list[ast.expr] = []
            if name in ("_", "N_"):
                texts = node.args[:1]
            elif name == "n_":
                texts = node.args[:2]
            elif name == "Binding":
                texts = node.args[2:3] + [kw.value for kw in node.keywords if kw.arg in ("description", "tooltip")]
            elif name == "SystemCommand":
                texts = node.args[:2]
            for text in texts:
                if isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value:
                    found.setdefault(text.value, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def chinese() -> dict[str, str]:
    po = PACKAGE / "i18n" / "locale" / "zh_Hans" / "LC_MESSAGES" / "xunshi.po"
    found = {}
    for key, value in read_po(po.read_text("utf-8")).items():
        for message in key.split("\0"):  # a plural entry: singular and plural
            if message:
                found[message] = value
    return found


def test_every_message_has_a_chinese_translation():
    missing = {message: where for message, where in messages().items() if message not in chinese()}
    assert not missing, f"messages with no translation in zh_Hans/xunshi.po: {missing}"


def test_the_compiled_catalogs_are_current():
    """Regenerate them with `python -m tui.i18n.catalogs` after editing a .po."""
    for po, mo in catalogs():
        assert mo.exists() and mo.read_bytes() == write_mo(read_po(po.read_text("utf-8"))), mo


@pytest.fixture
def speaking():
    before = (i18n.language(), i18n._setting["script"])
    yield i18n.set_language
    i18n.set_language(*before)


def test_chinese_in_every_script_and_english_on_request(speaking):
    speaking("zh", "s")
    assert i18n._("Quit") == "退出"
    speaking("zh", "s2t")
    assert i18n._("Quit") == "退出"
    speaking("en")
    assert i18n._("Quit") == "Quit" and i18n.n_("{count} hit", "{count} hits", 2) == "{count} hits"


def test_the_language_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("XUNSHI_LANG", "EN")
    assert i18n.default_language() == "en"
    monkeypatch.setenv("XUNSHI_LANG", "klingon")
    assert i18n.default_language() is None
    with pytest.raises(ValueError, match="zh, en"):
        i18n.check_language("fr")
    assert os.environ.get("XUNSHI_LANG") == "klingon"
