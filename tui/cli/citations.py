"""`xunshi citations [FILE ...] [--json] [--grep TEXT] [--sort KEY]`: the documents cited by 《…》.

Text output is one title a line, tab-separated: how often it is cited, in how many reports, the
title, and where (file: node ids with labels). JSON gives every place with its offsets.
"""

from __future__ import annotations

import argparse

from tui.analysis.citations import SORT_KEYS, extract_citations, filter_citations, sort_citations
from tui.cli.common import add_files, add_output, emit, fail, labels, load, origins
from tui.i18n import _
from tui.parse import ReportError
from tui.text.safe import for_terminal, json_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List every document cited by its 《…》 title: how often, in which reports and nodes. "
        "Nested titles (《关于〈…〉的决定》) count as citations of their own."
    )
    add_files(parser)
    parser.add_argument("--json", action="store_true", help="a JSON list with every place and its offsets")
    parser.add_argument("--grep", metavar="TEXT", help="only titles containing TEXT")
    parser.add_argument("--sort", choices=SORT_KEYS, default="count", help="order (default: most cited first)")
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    try:
        reports = load(args.files)
    except ReportError as error:
        return fail("citations", error)
    citations = sort_citations(filter_citations(extract_citations(reports), text=args.grep), args.sort)
    names, node_labels = origins(reports), labels(reports)
    if args.json:
        rows = []
        for citation in citations:
            row = citation.as_dict()
            row["reports"] = [{"key": key, "origin": names[key]} for key in citation.reports]
            for place in row["places"]:
                place["origin"] = names[place["report"]]
                place["label"] = node_labels.get((place["report"], place["node_id"]), "")
            rows.append(row)
        text = json_text(rows, indent=2) + "\n"  # controls escaped (tui.text.safe)
    else:
        header = "\t".join((_("times cited"), _("in reports"), _("title"), _("where")))
        text = header + "\n" + "".join(_line(c, names, node_labels) + "\n" for c in citations) if citations else ""
    try:
        emit(text, args.output)
    except OSError as error:
        return fail("citations", _("cannot write {path}: {why}").format(path=args.output, why=error.strerror or error))
    if not citations:
        return fail("citations", _("no cited documents found"))
    return 0


def _line(citation, names: dict[str, str], node_labels: dict) -> str:
    where = []
    for key in citation.reports:
        spots = []
        for place in citation.places:
            if place.report != key:
                continue
            label = node_labels.get((key, place.node_id), "")
            spots.append(f"{place.node_id} {label}".strip() if place.node_id else place.part)
        where.append(f"{names[key]}: {', '.join(dict.fromkeys(spots))}")
    cells = (str(citation.count), str(len(citation.reports)), f"《{citation.title}》", "; ".join(where))
    return "\t".join(for_terminal(cell).replace("\t", " ").replace("\n", " ") for cell in cells)
