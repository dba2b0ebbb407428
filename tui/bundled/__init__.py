"""The bundled report, shipped inside the package so that an installed copy has it.

The checkout keeps the report at the top level, where people edit it: `seeds/` (the sources) and
`data/` (what `xunshi build` made of them). The wheel maps those two folders into this package
(pyproject.toml, `[tool.setuptools] package-dir`: `tui.bundled.seeds` is `seeds/`,
`tui.bundled.data` is `data/`), so an installed copy reads them from here, through
importlib.resources, whatever directory it runs from. In a checkout, and in its editable install
(a plain path entry), this folder holds neither: `tui.library.paths` uses the top-level ones.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The folders an installed copy ships here.
FOLDERS = ("seeds", "data")


def installed_folder(name: str) -> Path | None:
    """`seeds` or `data` as shipped inside an installed copy; None in a checkout.

    Only a real folder counts (a wheel is installed unpacked); a zipped copy would need the
    files extracted first, which nothing here does."""
    if name not in FOLDERS:
        raise ValueError(f"not a bundled folder: {name!r}")
    folder = resources.files(__name__) / name
    return folder if isinstance(folder, Path) and folder.is_dir() else None


def installed() -> bool:
    """True in an installed copy (the bundled report is package data), False in a checkout."""
    return installed_folder("data") is not None
