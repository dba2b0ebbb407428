"""The figures, cited documents, statuses, scorecards and problem index of the reports, worked
out once and kept for the session.

Views ask from a worker thread (1,000 reports take seconds); a lock makes the first caller do
the work and the others wait for it. Keys are the explorer's report keys, so a figure or a place
finds its entry in the places. Statuses are kept per report (the outline marks a report's
problems when it is opened); `status_of` never waits. No Textual here.
"""

from __future__ import annotations

import threading

from tui.analysis.citations import extract_citations
from tui.analysis.figures import extract_figures
from tui.analysis.scorecard import Scorecard, scorecard
from tui.analysis.similar import ProblemIndex
from tui.analysis.status import ReportStatus, load_rules, report_status
from tui.library.places import Places
from tui.model import Report


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
                    for figure in extract_figures(report):
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
                citations = extract_citations([report for _, report in pairs])
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
                    found = self._statuses[key] = report_status(report, load_rules())
        return found

    def scorecards(self, progress=None) -> list[Scorecard]:
        """The scorecard of every report, in reading order; `progress(done, total)` per report."""
        with self._lock:
            if self._scorecards is None:
                cards = []
                for key, report in self.places.reports(progress):
                    cards.append(scorecard(report, key, status=self.statuses(key, report)))
                self._scorecards = cards
            return self._scorecards

    def problem_index(self, progress=None) -> ProblemIndex:
        """Every problem of every report, for `similar`; `progress(done, total)` per report."""
        with self._lock:
            if self._index is None:
                self._index = ProblemIndex.build(self.places.reports(progress))
            return self._index
