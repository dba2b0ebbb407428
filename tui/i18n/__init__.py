"""The interface's language: Chinese by default, in the script on screen; English for readers who
ask (`--lang en`, `XUNSHI_LANG=en`, or the remembered setting).

Messages are written in English in the code and looked up in gettext catalogs (Python's
standard `gettext`, `.mo` files compiled from the `.po` sources beside them by `catalogs.py`):

    from tui.i18n import _, n_
    _("Figures")                          # 数字 / 數字 / Figures
    n_("{count} hit", "{count} hits", n).format(count=n)

There is one Chinese catalog, in Simplified (`zh_Hans`). In a Traditional display its messages
are converted with OpenCC in the script on screen (`tui.text.script`), and a regional catalog
(`zh_TW`, `zh_HK`) gives the words that differ there (搜索 → 搜尋 in Taiwan) before conversion.
A message missing from a catalog is shown in English (a test fails on that).
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

from tui.text.script import convert

LANGUAGES = ("zh", "en")
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "xunshi"
#: The regional catalog of each Traditional display script, tried before the Simplified one.
REGIONS = {"s2tw": "zh_TW", "s2hk": "zh_HK"}

_setting = {"lang": "zh", "script": "s"}


def check_language(lang: str) -> str:
    """`lang` when it is known, else ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


def default_language() -> str | None:
    """The language asked for in the environment (XUNSHI_LANG), if any."""
    value = os.environ.get("XUNSHI_LANG", "").strip().lower()
    return value if value in LANGUAGES else None


def set_language(lang: str | None = None, script: str | None = None) -> None:
    """Speak `lang` from now on, in display script `script` (either may be left as it is)."""
    if lang is not None:
        _setting["lang"] = check_language(lang)
    if script is not None:
        _setting["script"] = script


def language() -> str:
    return _setting["lang"]


@cache
def _catalog(name: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[name])
    except OSError:  # no such catalog: messages stay as written
        return gettext.NullTranslations()


def _(message: str) -> str:
    """`message` in the interface's language and script."""
    if _setting["lang"] == "en" or not message:
        return message
    script = _setting["script"]
    region = REGIONS.get(script)
    if region is not None:
        regional = _catalog(region).gettext(message)
        if regional != message:
            return regional
    return convert(_catalog("zh_Hans").gettext(message), script)


def N_(message: str) -> str:
    """Marks a message to translate later, where it is shown (a class attribute, a Binding's
    description): the catalogs' test finds it, and `_` translates it on screen."""
    return message


def n_(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` things (English has two, Chinese one)."""
    if _setting["lang"] == "en":
        return singular if count == 1 else plural
    script = _setting["script"]
    return convert(_catalog("zh_Hans").ngettext(singular, plural, count), script)
