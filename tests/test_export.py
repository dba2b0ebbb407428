"""Export: JSON/YAML load back to the same model (whole, one node, any script), Markdown keeps the
outline and the measures, CSV opens in Excel, and `xunshi export` writes atomically."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.analysis.export import ExportError, convert_report, escape, export, subset
from tui.library.store import load_yaml, read_yaml, report_from_dict
from tui.model import Measure, Node, Rectification, Report
from tui.text.script import convert


@pytest.mark.parametrize("script", ["s", "s2t", "s2tw", "s2hk"])
def test_json_and_yaml_round_trip(seed_report, script):
    expected = convert_report(seed_report, script)
    assert report_from_dict(json.loads(export(seed_report, "json", script))) == expected
    assert load_yaml(export(seed_report, "yaml", script)) == expected
    if script == "s":
        assert expected is seed_report
    else:
        assert expected.title != seed_report.title  # really converted


def test_one_node_round_trips_as_its_subtree(seed_report):
    part = subset(seed_report, "2.1.2")
    assert [node.id for node in part.walk()][:2] == ["2.1.2", "2.1.2.1"]
    assert len(list(part.walk())) == 9 and part.intro == [] and not part.truncated
    assert report_from_dict(json.loads(export(seed_report, "json", node_id="2.1.2"))) == part
    assert load_yaml(export(seed_report, "yaml", node_id="(19)")).truncated


def test_converted_measures_still_point_at_their_labels(seed_report):
    converted = convert_report(seed_report, "s2t")
    measures = 0
    for node in converted.walk():
        rect = node.rectification
        for m in rect.measures if rect else []:
            assert rect.text.startswith(m.label, m.start) and rect.text[m.start + len(m.label) : m.end] == m.text
            measures += 1
    assert measures == sum(len(n.rectification.measures) for n in seed_report.walk() if n.rectification)


def test_markdown_keeps_the_outline(seed_report):
    lines = export(seed_report, "markdown").splitlines()
    headings = [line.split(" ", 1)[0] for line in lines if line.startswith("#")]
    assert lines[0] == "# 厦门市巡视整改进展情况"
    assert [headings.count("#" * n) for n in range(1, 6)] == [1, 2, 4, 3, 19]  # title, parts … problems
    assert "##### (17)保障性住房建设跟不上刚需,“高房价”问题突出" in lines
    start = lines.index("##### (17)保障性住房建设跟不上刚需,“高房价”问题突出")
    assert lines[start + 2] == "**整改情况:**"
    assert [line[:7] for line in lines[start + 4 : start + 7]] == ["1. 一是落实", "2. 二是积极", "3. 三是加快"]
    assert lines[-3:] == ["> 原文在此处中断，以下内容缺失。", "", "> 注：本报告原文不完整（来源文本被截断）。"]


def test_markdown_holds_every_word_of_the_outline(seed_report):
    markdown = export(seed_report, "markdown")
    for node in seed_report.walk():
        rect = node.rectification
        pieces = [node.text] + ([rect.lead] + [rect.text[m.start : m.end] for m in rect.measures] if rect else [])
        for paragraph in "\n".join(pieces).split("\n"):
            assert paragraph.strip() in markdown  # the seed has no Markdown specials to escape
    assert "**整改情况:** 深入贯彻“提升本岛、跨岛发展”战略" in markdown  # a lead before 一是


def test_markdown_of_one_node_in_traditional(seed_report):
    markdown = export(seed_report, "markdown", "s2t", "(17)")
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == ["# 廈門市巡視整改進展情況", "## (17)保障性住房建設跟不上剛需,“高房價”問題突出"]
    assert "**整改情況:**" in markdown and "1. 一是落實“房住不炒”" in markdown
    assert "原文" not in markdown  # (17) is complete: no truncation notice


def _hand_report() -> Report:
    text = "先总后分。一是*加粗*。\n续段。插一句。二是[链接](x)。尾声。"
    one, two = text.index("一是"), text.index("二是")
    rect = Rectification("整改情况", "：", text, [
        Measure("一是", text[one + 2 : text.index("插一句")], one, text.index("插一句")),
        Measure("二是", text[two + 2 : text.index("尾声")], two, text.index("尾声")),
    ])  # fmt: skip
    node = Node("1", "(1)", "arabic-paren", 1, 1, "problem", "标题<b>x</b>\x1b[31m。", "# 不是标题\n1. 不是列表", rect)
    return Report(title="*报告*", source="来源", intro=["- 不是条目"], nodes=[node], closing=["`落款`"])


def test_markdown_escapes_report_text():
    lines = export(_hand_report(), "markdown").splitlines()
    assert lines[0] == r"# \*报告\*"
    assert r"\- 不是条目" in lines and r"\`落款\`" in lines
    assert r"## (1)标题\<b\>x\</b\>" in lines  # the escape sequence is gone, the 。 dropped
    assert r"\# 不是标题" in lines and r"\1. 不是列表" in lines
    assert "**整改情况：** 先总后分。" in lines
    body = "\n".join(lines)
    assert "1. 一是\\*加粗\\*。\n\n   续段。" in body  # a measure's second paragraph stays in its item
    assert "插一句。" in lines and "2. 二是\\[链接\\](x)。" in lines and "尾声。" in lines
    assert "\x1b" not in body
    assert escape("a_b|c~d") == r"a\_b\|c\~d"


def test_csv_one_row_per_node_with_bom(seed_report):
    data = export(seed_report, "csv", "s2t")
    assert data.startswith("\ufeffid,label,level,kind,title,")
    rows = list(csv.DictReader(io.StringIO(data[1:], newline="")))
    assert [row["id"] for row in rows] == [node.id for node in seed_report.walk()]
    row = next(row for row in rows if row["label"] == "(17)")
    assert row["measure_count"] == "3" and row["rectification_label"] == "整改情況"
    assert [line[:2] for line in row["measures"].split("\n")] == ["一是", "二是", "三是"]
    assert rows[-1]["truncated"] == "yes" and rows[0]["truncated"] == ""


def test_bad_requests_raise_one_line_errors(seed_report):
    for args in [("pdf",), ("markdown", "s2twp"), ("markdown", "s", "9.9"), ("markdown", "s", "(一)")]:
        with pytest.raises(ExportError) as caught:
            export(seed_report, *args)
        assert "\n" not in str(caught.value)
    assert "2 nodes" in str(pytest.raises(ExportError, export, seed_report, "json", "s", "（一）").value)


_texts = st.text(alphabet=st.sampled_from(list("厦门一是二是:：#'\"-| \t\n《》\u3000%*\\x")), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_texts, body=_texts, lead=_texts, measure=_texts, intro=st.lists(_texts, max_size=2))
def test_any_model_round_trips(title, body, lead, measure, intro):
    text = lead + "一是" + measure
    rect = Rectification("整改情况", ":", text, [Measure("一是", measure, len(lead), len(text))])
    child = Node("1.1", "(1)", "arabic-paren", 1, 2, "problem", body, body, rect, truncated=True)
    report = Report(
        title=title or "t", intro=intro, nodes=[Node("1", "一、", "cn-dun", 1, 1, "part", title, children=[child])]
    )
    assert report_from_dict(json.loads(export(report, "json"))) == report
    assert load_yaml(export(report, "yaml")) == report
    assert export(report, "markdown").count("1. 一是") >= 1


def test_export_command_writes_atomically(tmp_path, seed_path, seed_report, capfd):
    from tui.cli import main

    target = tmp_path / "out" / "seed.yaml"  # the format comes from the name
    assert main(["export", str(seed_path), "-o", str(target)]) == 1  # a folder the user named must exist
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "No such file or directory" in err
    assert not target.parent.exists()
    target.parent.mkdir()
    assert main(["export", str(seed_path), "-o", str(target)]) == 0
    assert read_yaml(target) == seed_report
    assert sorted(p.name for p in target.parent.iterdir()) == ["seed.yaml"]  # no temp file left

    before = target.read_bytes()
    assert main(["export", str(seed_path), "--node", "9.9", "-o", str(target)]) == 1
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "9.9" in err
    assert target.read_bytes() == before  # a failed export leaves the old file alone

    assert main(["export", str(seed_path), "--format", "csv", "--node", "(17)"]) == 0
    out = capfd.readouterr().out
    assert out.startswith("\ufeffid,") and out.count("\r\n") == 2  # header and (17)

    assert main(["export", str(seed_path), "--script", "s2hk", "--node", "2.1.2.8"]) == 0
    assert "## (17)保障性住房建設跟不上剛需" in capfd.readouterr().out


def test_export_command_wants_one_report(tmp_path, seed_path, capfd):
    from tui.cli import main

    for name in ("a.txt", "b.txt"):
        shutil.copy(seed_path, tmp_path / name)
    assert main(["export", str(tmp_path)]) == 2
    assert "name one FILE" in capfd.readouterr().err


def test_analysis_imports_no_textual():
    modules = ", ".join(
        f"tui.{name}"
        for name in (
            "analysis.figures",
            "analysis.citations",
            "analysis.export",
            "cli.figures",
            "cli.citations",
            "cli.export",
        )
    )
    code = f"import sys, {modules}; sys.exit(any(m.startswith('textual') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_files_written_with_o_honour_the_umask_and_keep_an_existing_mode(tmp_path, seed_path):
    import os
    import stat

    from tui.cli import main

    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.md"
        assert main(["export", str(seed_path), "-o", str(fresh)]) == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not a temp file's 0600
        shared = tmp_path / "shared.md"
        shared.write_text("old")
        shared.chmod(0o664)
        assert main(["export", str(seed_path), "-o", str(shared)]) == 0
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_text("utf-8") != "old"
        os.umask(0o077)
        private = tmp_path / "private.md"
        assert main(["figures", str(seed_path), "-o", str(private)]) == 0
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_export_carries_the_delivered_line_and_the_metadata_in_every_script():
    from pathlib import Path

    from tui.analysis.export import export
    from tui.library.reading import read_any

    documents = Path(__file__).resolve().parent / "documents"
    with_meta = next(r for r in map(read_any, sorted(documents.glob("*.txt"))) if r.metadata)
    delivered = next(r for r in map(read_any, sorted(documents.glob("*.txt"))) if r.delivered)
    markdown = export(with_meta, "markdown")
    assert all(f"{name}：" in markdown for name in with_meta.metadata)
    assert delivered.delivered in export(delivered, "markdown")
    traditional = export(delivered, "markdown", "s2t")
    assert convert(delivered.delivered, "s2t") in traditional
    as_json = json.loads(export(with_meta, "json", "s2t"))
    assert as_json["metadata"] == {convert(k, "s2t"): convert(v, "s2t") for k, v in with_meta.metadata.items()}
