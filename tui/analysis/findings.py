"""The figures, cited documents, statuses, scorecards and problem index of the reports, worked
out once and kept for the session.

Views ask from a worker thread (1,000 reports take seconds); a lock makes the first caller do
the work and the others wait for it. Keys are the explorer's report keys, so a figure or a place
finds its entry in the places. Statuses are kept per report (the outline marks a report's
problems when it is opened); `status_of` never waits. No Textual here.
"""

from __future__ import annotations

import threading
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tui.library.places import Places
from tui.model import Report

if TYPE_CHECKING:
    from tui.analysis.scorecard import Scorecard
    from tui.analysis.similar import ProblemIndex
    from tui.analysis.status import ReportStatus


@cache
def _analysis() -> SimpleNamespace:
    """What the findings are worked out with, imported on first use: the rules and patterns take
    ~40 ms to import, and the explorer makes its `Findings` before the first paint."""
    from tui.analysis import citations, figures, scorecard, similar, status  # ~40 ms: on first use, in a worker

    return SimpleNamespace(
        extract_citations=citations.extract_citations,
        extract_figures=figures.extract_figures,
        scorecard=scorecard.scorecard,
        ProblemIndex=similar.ProblemIndex,
        report_status=status.report_status,
        load_rules=status.load_rules,
    )


class Findings:
    def __init__(self, places: Places) -> None:
        self.places = places
        self._lock = threading.Lock()
        self._figures: list | None = None
        self._citations: list | None = None
        self._statuses: dict[str, ReportStatus] = {}
        self._status_lock = threading.Lock()
        self._scorecards: list[Scorecard] | None = None
        self._index: ProblemIndex | None = None

    def figures(self, progress=None) -> list:
        """Every figure of every report in reading order; `progress(done, total)` per report."""
        with self._lock:
            if self._figures is None:
                figures = []
                for key, report in self.places.reports(progress):
                    for figure in _analysis().extract_figures(report):
                        figure.report = key
                        figures.append(figure)
                self._figures = figures
            return self._figures

    def citations(self, progress=None) -> list:
        """Every cited title of every report, most cited first, places keyed like the entries."""
        with self._lock:
            if self._citations is None:
                pairs = self.places.reports(progress)
                keys = {report.key: key for key, report in pairs}
                citations = _analysis().extract_citations([report for _, report in pairs])
                for citation in citations:
                    for place in citation.places:
                        place.report = keys.get(place.report, place.report)
                self._citations = citations
            return self._citations

    def status_of(self, key: str) -> ReportStatus | None:
        """The statuses of report `key` when they have been worked out, else None (no waiting)."""
        return self._statuses.get(key)

    def statuses(self, key: str, report: Report) -> ReportStatus:
        """The statuses of report `key`, worked out now the first time (loads the rules: call it
        from a worker)."""
        found = self._statuses.get(key)
        if found is None:
            with self._status_lock:
                found = self._statuses.get(key)
                if found is None:
                    analysis = _analysis()
                    found = self._statuses[key] = analysis.report_status(report, analysis.load_rules())
        return found

    def scorecards(self, progress=None) -> list[Scorecard]:
        """The scorecard of every report, in reading order; `progress(done, total)` per report."""
        with self._lock:
            if self._scorecards is None:
                cards = []
                for key, report in self.places.reports(progress):
                    cards.append(_analysis().scorecard(report, key, status=self.statuses(key, report)))
                self._scorecards = cards
            return self._scorecards

    def problem_index(self, progress=None) -> ProblemIndex:
        """Every problem of every report, for `similar`; `progress(done, total)` per report."""
        with self._lock:
            if self._index is None:
                self._index = _analysis().ProblemIndex.build(self.places.reports(progress))
            return self._index
