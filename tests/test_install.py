"""Installed as a tool: the wheel carries the bundled report, and a copy unpacked from it runs
from any directory, reading its report from the package and writing nothing beside it.

The wheel is built once (`uv build`: the sdist, then the wheel from it, as an installer does).
Building needs the build backend from the package registry; where it cannot be had (offline)
the wheel's tests are skipped saying so, except in CI, where that is a failure.
.ci/install-check does the same with real installs (pip into a fresh venv) and the explorer in tmux.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import tui

ROOT = Path(__file__).resolve().parent.parent
MAPPED = {"tui.bundled.seeds": "seeds", "tui.bundled.data": "data"}
SEED = "xiamen-2022-02-22"


def packages_on_disk() -> set[str]:
    """What setuptools' find_packages(include=["tui*"]) finds: every folder under tui/ with an
    __init__.py whose parents all have one (setuptools itself is not in the test environment)."""
    found = set()
    for init in (ROOT / "tui").rglob("__init__.py"):
        parts = init.parent.relative_to(ROOT).parts
        if all((ROOT.joinpath(*parts[:depth]) / "__init__.py").is_file() for depth in range(1, len(parts) + 1)):
            found.add(".".join(parts))
    return found


def test_the_listed_packages_are_every_package_and_the_two_mapped_folders():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == MAPPED
    listed = config["packages"]
    assert len(listed) == len(set(listed))
    assert set(listed) == packages_on_disk() | set(MAPPED), "add the new package to pyproject.toml's list"
    assert "tui.bundled" in listed and "tui.app.widgets" in listed
    data = config["package-data"]
    assert data["tui.bundled.seeds"] == ["*.txt"] and data["tui.bundled.data"] == ["*.yaml", "catalog.json"]


def test_a_checkout_reads_the_top_level_folders():
    from tui import bundled
    from tui.library import paths

    assert not paths.installed() and bundled.installed_folder("seeds") is None
    assert paths.seeds_dir() == ROOT / "seeds" and paths.data_dir() == ROOT / "data"
    with pytest.raises(ValueError):
        bundled.installed_folder("tui")


def _uv() -> list[str] | None:
    """uv: the one running the tests (`uv run` says where), else one on PATH or in python3."""
    if os.environ.get("UV"):
        return [os.environ["UV"]]
    if shutil.which("uv"):
        return [shutil.which("uv") or "uv"]
    for python in ("python3", "/usr/bin/python3"):
        if subprocess.run([python, "-m", "uv", "--version"], capture_output=True).returncode == 0:
            return [python, "-m", "uv"]
    return None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    uv = _uv()
    out = tmp_path_factory.mktemp("dist")
    if uv is None:
        reason = "uv is not installed (python3 -m pip install uv)"
    else:
        done = subprocess.run([*uv, "build", str(ROOT), "--out-dir", str(out)], capture_output=True, text=True)
        wheels = sorted(out.glob("*.whl"))
        if done.returncode == 0 and len(wheels) == 1:
            return wheels[0]
        reason = f"`uv build` failed (the build backend comes from the package registry): {done.stderr[-600:]}"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def test_the_wheel_carries_the_bundled_report_and_every_file_the_program_reads(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for shipped, source in (
            (f"tui/bundled/seeds/{SEED}.txt", f"seeds/{SEED}.txt"),
            (f"tui/bundled/data/{SEED}.yaml", f"data/{SEED}.yaml"),
            ("tui/bundled/data/catalog.json", "data/catalog.json"),
            ("tui/analysis/status_rules.yaml", "tui/analysis/status_rules.yaml"),
            ("tui/app/app.tcss", "tui/app/app.tcss"),
        ):
            assert archive.read(shipped) == (ROOT / source).read_bytes(), shipped
        for mo in (ROOT / "tui" / "i18n" / "locale").rglob("*.mo"):
            assert archive.read(str(mo.relative_to(ROOT))) == mo.read_bytes()
        dist = f"xunshi-{tui.__version__}.dist-info"
        assert "xunshi = tui.cli:main" in archive.read(f"{dist}/entry_points.txt").decode()
        assert f"\nVersion: {tui.__version__}\n" in archive.read(f"{dist}/METADATA").decode()
        assert archive.read(f"{dist}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
    modules = {str(path.relative_to(ROOT)) for path in (ROOT / "tui").rglob("*.py")}
    assert len(modules) > 50 and not modules - names, sorted(modules - names)
    assert "tui/py.typed" in names and not any(name.startswith(("tests/", "seeds/", "data/")) for name in names)


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory) -> Path:
    """The wheel unpacked as an installer lays it out (the files of site-packages)."""
    site = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`xunshi ARGS` from the unpacked copy, in `cwd`: the package comes from `site`, ahead of the
    checkout's editable path entry, and its dependencies from the test environment."""
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    code = "import sys, tui, tui.cli; assert tui.__file__.startswith(sys.argv[1]); sys.exit(tui.cli.main(sys.argv[2:]))"
    return subprocess.run(
        [sys.executable, "-c", code, str(site), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_an_installed_copy_reads_its_report_from_the_package_in_any_directory(unpacked, tmp_path, home):
    bundled = unpacked / "tui" / "bundled"
    done = _run(unpacked, tmp_path, "paths")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(":", 1) for line in done.stdout.splitlines())
    assert Path(lines["data"].strip()) == bundled / "data" and Path(lines["seeds"].strip()) == bundled / "seeds"
    assert Path(lines["cache"].strip()) == home / "cache"
    done = _run(unpacked, tmp_path, "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(bundled / "seeds" / f"{SEED}.txt") + "\n")
    done = _run(unpacked, tmp_path, "search", "金砖", "--limit", "1")
    assert done.returncode == 0 and "金砖" in done.stdout, done.stderr


def test_build_in_an_installed_copy_writes_nothing_there_and_says_where_reports_go(unpacked, tmp_path, home):
    before = _files(unpacked)
    somewhere = tmp_path / "somewhere"
    somewhere.mkdir()
    done = _run(unpacked, somewhere, "build")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("xunshi build: this is an installed copy;")
    assert f"({unpacked / 'tui' / 'bundled' / 'data'})" in done.stdout
    assert "`xunshi FILE ...` or `xunshi FOLDER`" in done.stdout and str(home / "cache") in done.stdout
    assert "index     built: 1 of 1 report indexed" in done.stdout  # the index goes to the user's cache
    assert _files(unpacked) == before and list(somewhere.iterdir()) == []
    assert any((home / "cache" / "index").iterdir())
    done = _run(unpacked, somewhere, "build", "--check")
    assert (done.returncode, done.stdout) == (0, "data/ is up to date\n"), done.stderr
    done = _run(unpacked, somewhere, "screenshots")
    assert done.returncode == 2 and "name one with -o DIR" in done.stderr
    assert _files(unpacked) == before


def test_build_in_an_installed_copy_speaks_chinese(unpacked, tmp_path, home, chinese):
    done = _run(unpacked, tmp_path, "build", "--no-index")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("xunshi build：这是安装好的副本") and "`xunshi FOLDER` 打开" in done.stdout
