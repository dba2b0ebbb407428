"""`xunshi show ID [FILE] [--format text|markdown|json|yaml]`: one node, by dotted id or a
unique label such as (9)."""

from __future__ import annotations

import argparse

from tui.analysis.export import node_markdown
from tui.cli.common import load, out
from tui.i18n import _
from tui.library import store
from tui.model import Node, Report, crumbs, find_nodes
from tui.parse import ReportError
from tui.text.safe import json_text


def find_node(reports: list[Report], wanted: str) -> tuple[Report, Node, list[Node]]:
    """A node by dotted id, or by a label (`(9)`, `（9）`) that is unique; with its ancestors."""
    matches = [(report, node, report.ancestors(node)) for report in reports for node in find_nodes(report, wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ReportError(_("no node with id or label {wanted} (see `xunshi outline`)").format(wanted=wanted))
    ids = ", ".join(node.id for _, node, _ in matches[:8])
    raise ReportError(_("{wanted} is ambiguous ({ids}); use the dotted id").format(wanted=wanted, ids=ids))


def node_as_text(node: Node, ancestors: list[Node]) -> str:
    lines = [f"{node.id}  {node.label}{node.title}"]
    if ancestors:
        lines.append(crumbs(ancestors))
    if node.text:
        lines += ["", node.text]
    rect = node.rectification
    if rect is not None:
        lines += ["", f"{rect.label}{rect.sep}"]
        if rect.lead.strip():
            lines.append(rect.lead.rstrip())
        lines += [f"  {m.label}{m.text}" for m in rect.measures]
    if node.children:
        lines += ["", *(f"  {child.label}{child.display_title}" for child in node.children)]
    if node.truncated:
        lines += ["", "(the source text is cut off here)"]
    return "\n".join(lines)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="dotted id such as 2.1.1.9, or a unique label such as (9)")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a report (.txt or .yaml); default: the bundled report")
    parser.add_argument("--format", choices=("text", "markdown", "json", "yaml"), default="text")


def run(args: argparse.Namespace) -> int:
    _, node, ancestors = find_node(load([args.file] if args.file else []), args.id)
    if args.format in ("json", "yaml"):
        data = store.node_to_dict(node)
        if args.format == "json":
            print(json_text(data, indent=2))
        else:
            print(store.to_yaml(data), end="")
    else:
        render = node_markdown if args.format == "markdown" else node_as_text
        out(render(node, ancestors))
    return 0
