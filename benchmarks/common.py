"""What the sections share: options, temporary corpora and caches, and the project's APIs.

The project's parts land while the benchmarks are written, and may be missing or broken in any
checkout: `project(...)` imports a name or raises `Unavailable` with the reason, and each figure
that needs it is printed as "n/a (not available: reason)" instead of crashing the run.
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import TempCorpus, seed_path

REPO = Path(__file__).resolve().parent.parent


class Unavailable(Exception):
    """A part of the project this figure needs is not there (yet)."""


def project(module: str, name: str | None = None):
    """Import `module` (and return its attribute `name`), or raise Unavailable saying why."""
    try:
        loaded = importlib.import_module(module)
    except Exception as error:  # a half-written module can fail in any way
        raise Unavailable(f"{module}: {type(error).__name__}: {_short(error)}") from None
    if name is None:
        return loaded
    try:
        return getattr(loaded, name)
    except AttributeError:
        raise Unavailable(f"{module}.{name} missing") from None


def _short(error: BaseException) -> str:
    return str(error).splitlines()[0][:120] if str(error) else ""


def reason(error: BaseException) -> str:
    """One line saying why a figure could not be measured."""
    if isinstance(error, Unavailable):
        return str(error)
    return f"error: {type(error).__name__}: {_short(error)}"


@dataclass
class Options:
    quick: bool = False
    sizes: tuple[int, ...] = (1, 100, 1000)
    sections: tuple[str, ...] = ()
    seed: int = 0

    def repeats(self, quick: int, full: int) -> int:
        return quick if self.quick else full


@dataclass
class Context:
    """Corpora, parsed reports and search engines, made once per run and shared by sections."""

    options: Options
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="xunshi-bench-")))
    _corpora: dict[int, TempCorpus] = field(default_factory=dict)
    _reports: dict[int, list] = field(default_factory=dict)
    _engines: dict[int, object] = field(default_factory=dict)
    build_seconds: dict[int, float] = field(default_factory=dict)  # builds done on demand

    def close(self) -> None:
        for engine in self._engines.values():
            close = getattr(engine, "close", None)
            if callable(close):
                try:
                    close()
                except Exception:
                    pass
        shutil.rmtree(self.root, ignore_errors=True)

    def report_paths(self, n: int) -> list[Path]:
        """Size 1 is the bundled seed report itself; larger sizes are synthetic corpora."""
        if n == 1:
            return [seed_path()]
        if n not in self._corpora:
            corpus = TempCorpus(n, seed=self.options.seed, parent=self.root)
            self._corpora[n] = corpus.__enter__()
        return self._corpora[n].paths

    def corpus_dir(self, n: int) -> Path:
        """A directory holding exactly the n reports (for command lines and load_reports)."""
        if n == 1:
            directory = self.root / "report-1"
            if not directory.exists():
                directory.mkdir()
                shutil.copy(seed_path(), directory / seed_path().name)
            return directory
        self.report_paths(n)
        return self._corpora[n].directory

    def reports(self, n: int) -> list:
        if n not in self._reports:
            read_report = project("tui.parse", "read_report")
            self._reports[n] = [read_report(path) for path in self.report_paths(n)]
        return self._reports[n]

    def cache_dir(self, n: int) -> Path:
        """The warm index cache shared by the sections for n reports."""
        return self.root / f"cache-{n}"

    def engine(self, n: int):
        """An opened SearchEngine over n reports with its index in `cache_dir(n)`."""
        if n not in self._engines:
            engine_class = project("tui.search", "SearchEngine")
            reports = self.reports(n)
            engine = engine_class(reports, cache_dir=self.cache_dir(n))
            start = time.perf_counter()
            engine.open()
            self.build_seconds.setdefault(n, time.perf_counter() - start)
            self._engines[n] = engine
        return self._engines[n]

    def fresh_dir(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.root))
