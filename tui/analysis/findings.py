"""The figures and cited documents of every report, extracted once and kept for the session.

Views ask from a worker thread (1,000 reports take seconds); a lock makes the first caller do
the work and the others wait for it. Keys are the explorer's report keys, so a figure or a place
finds its entry in the places. No Textual here.
"""

from __future__ import annotations

import threading

from tui.analysis.citations import extract_citations
from tui.analysis.figures import extract_figures
from tui.library.places import Places


class Findings:
    def __init__(self, places: Places) -> None:
        self.places = places
        self._lock = threading.Lock()
        self._figures: list | None = None
        self._citations: list | None = None

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
