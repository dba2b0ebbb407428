"""The views pushed over the explorer, with the analysis they show: imported when one is first
opened (`ExplorerScreen`), never before the first paint."""

from __future__ import annotations

from .citations import CitationsScreen
from .copy import CopyChoice
from .figures import FiguresScreen
from .scorecard import ScorecardScreen
from .scorecards import ScorecardsScreen
from .similar import SimilarScreen

__all__ = ["CitationsScreen", "CopyChoice", "FiguresScreen", "ScorecardScreen", "ScorecardsScreen", "SimilarScreen"]
