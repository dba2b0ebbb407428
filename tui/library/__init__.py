"""The one way to get reports: the library of reports known (bundled, named by the user,
built), their keys and digests, where files live, the YAML store and `xunshi build`.

    from tui.library import open_library
    library = open_library(files)        # [] → the bundled reports
    report = library.load(library[0])

Layers: `library` imports the parser, the model and the text rules; search, analysis, the
command line and the explorer take their reports from here and nowhere else.
"""

from tui.library.library import Library, ReportRef
from tui.library.opening import expand_paths, load_reports, open_library

__all__ = ["Library", "ReportRef", "expand_paths", "load_reports", "open_library"]
