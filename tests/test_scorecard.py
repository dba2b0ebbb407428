"""The scorecard (tui.analysis.scorecard) on the seed and the test documents, and the commands
`xunshi status` and `xunshi scorecard`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tui import cli, i18n
from tui.analysis.scorecard import COLUMNS, KINDS, Place, accounts, row, scorecard, scorecards, sort_cards
from tui.model import Report
from tui.parse import read_report

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "documents"
SEED = ROOT / "seeds" / "xiamen-2022-02-22.txt"
ALL = sorted(path for path in DOCUMENTS.iterdir() if path.suffix in (".txt", ".html", ".docx"))


@cache
def report(path: Path) -> Report:
    return read_report(path)


@pytest.fixture
def english():
    before = (i18n.language(), i18n._setting["script"])
    i18n.set_language("en", "s")
    yield
    i18n.set_language(*before)


def text_at(card_report: Report, place: Place) -> str:
    """The characters a place points at."""
    if place.node_id is None:
        paragraphs = card_report.intro if place.part == "intro" else card_report.closing
        return paragraphs[place.paragraph][place.start : place.end]
    node = card_report.find(place.node_id)
    assert node is not None
    return node.plain_text()[place.start : place.end]


# --- the bundled report ----------------------------------------------------------------------


def test_the_seeds_scorecard(seed_report):
    card = scorecard(seed_report)
    assert card.problems == 19 and card.measures == 56
    assert card.problem_status == {"done": 13, "in_progress": 5, "planned": 0, "ongoing": 0, "unclear": 1}
    assert card.measure_status == {"done": 43, "in_progress": 8, "planned": 0, "ongoing": 2, "unclear": 3}
    assert (card.concrete, card.vague) == (51, 5)
    assert card.claim is None and card.checks == [] and card.contradicted == []  # it states no totals
    assert card.by_status["unclear"] == ["2.1.3.2"]  # cut off before its rectification
    found = [(a.kind, a.value, a.amount, a.place.node_id, a.summary) for a in card.accounts]
    assert found == [
        ("rules", "214项", 214.0, "1.3", True),  # 集中整改期间建章立制214项
        ("cases", "52起", 52.0, "2.1.2.8", False),  # 对52起涉嫌违法“炒房”行为立案查处
        ("money", "16.6亿元", 1.66e9, "2.1.2.8", False),  # 提前收回违规贷款16.6亿元
        ("cases", "13名", 13.0, "2.1.2.8", False),  # 对13名炒房客进行立案查处
    ]
    for account in card.accounts:
        assert text_at(seed_report, account.place) == account.value


# --- test documents --------------------------------------------------------------------------


def test_a_township_report_that_counts_more_than_it_details():
    card = scorecard(report(DOCUMENTS / "baishi-xuncha-2022.txt"))
    checks = {c.name: (c.claimed, c.counted, c.differs, c.derived) for c in card.checks}
    assert checks == {
        "problems": (14, 6, True, False),
        "done": (12, 6, True, False),
        "open": (2, 0, True, False),
        "rate": (85.7, 100.0, True, True),  # worked out from 12 of 14
    }
    stated = {(a.kind, a.value) for a in card.accounts if a.summary}
    assert stated == {("rules", "8项"), ("money", "10.3万元"), ("disciplined", "2人"), ("talks", "3人")}
    assert card.total("money") == 103000.0 and card.total("money", summary=False) == 103000.0
    assert text_at(report(DOCUMENTS / "baishi-xuncha-2022.txt"), card.claim_place) == card.claim.text


def test_a_traditional_audit_report_is_read_the_same():
    card = scorecard(report(DOCUMENTS / "fenghe-shenji-2022.txt"))
    assert (card.claim.problems, card.claim.done, card.claim.in_progress) == (26, 23, 3)
    found = {(a.kind, a.value, a.amount, a.phrase) for a in card.accounts}
    assert found == {
        ("money", "8326.4萬元", 83264000.0, "整改問題金額"),
        ("rules", "11項", 11.0, "制度"),
        ("money", "23.8萬元", 238000.0, "追回"),
    }
    rate = next(c for c in card.checks if c.name == "rate")
    assert (rate.claimed, rate.counted, rate.differs) == (88.5, 87.5, True)


def test_a_provincial_audit_report():
    card = scorecard(report(DOCUMENTS / "donglan-shenji-2023.txt"))
    assert card.total("accountable") == 592 and card.total("rules") == 386
    assert card.total("money") == 218.6e8  # 上缴财政、归还原资金渠道、调整账目等共计218.6亿元
    assert card.total("accountable", summary=False) == 14  # 对相关责任人追责问责14人
    assert card.problem_status["in_progress"] == 2


def test_a_verdict_the_text_contradicts_is_flagged():
    card = scorecard(report(DOCUMENTS / "linlan-xunshi-2022.txt"))
    assert card.contradicted == ["2.1.3.2"]  # 已完成整改 … 其余6处纳入年度计划
    assert card.flagged == 2  # done 22 claimed (19 + 3 basically), 19 counted; the rate with it


def test_a_plan_scores_as_planned():
    card = scorecard(report(DOCUMENTS / "ningshui-xuncha-2022.docx"))
    assert card.plan and card.problem_status["planned"] == card.problems == 6
    assert card.measure_status["planned"] == card.measures


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.name)
def test_every_place_points_at_what_it_names(path):
    card = scorecard(report(path))
    assert sum(card.problem_status.values()) == card.problems == len(report(path).problems())
    assert sum(card.measure_status.values()) == card.measures == card.concrete + card.vague
    for account in card.accounts:
        assert account.kind in KINDS and account.amount and account.amount > 0
        assert text_at(report(path), account.place) == account.value
        assert account.phrase in account.context or account.phrase
    if card.claim is not None:
        assert text_at(report(path), card.claim_place) == card.claim.text


ACCOUNTS = [
    ("对5名干部进行了问责。", "accountable", "5名"),
    ("给予党纪政务处分3人。", "disciplined", "3人"),
    ("约谈定点医药机构负责人17人次。", "talks", "17人次"),
    ("立案审查调查12件。", "cases", "12件"),
    ("挽回经济损失1.2亿元。", "money", "1.2亿元"),
    ("制定和修订制度规定43项。", "rules", "43项"),
    ("清退不符合条件的低保户3户。", None, None),  # households: no kind of its own
    ("制定整改措施52条。", None, None),  # measures, not rules
    ("建设资金10亿元。", None, None),  # money, but nothing recovered
]


@pytest.mark.parametrize(("text", "kind", "value"), ACCOUNTS)
def test_accountability_figures_by_kind(text, kind, value):
    found = accounts(Report(title="某报告", intro=[text]))
    assert [(a.kind, a.value) for a in found] == ([(kind, value)] if kind else [])


# --- many reports ----------------------------------------------------------------------------


def test_cards_side_by_side_and_sorted():
    reports = [report(path) for path in ALL[:6]]
    cards = scorecards(reports)
    assert [c.report for c in cards] == [r.key for r in reports]
    by_done = sort_cards(cards, "done")
    rates = [c.done_rate for c in by_done]
    assert rates == sorted(rates, reverse=True)
    assert sort_cards(cards, "done", reverse=True) == by_done[::-1]
    by_money = sort_cards(cards, "money")
    assert [c.total("money") for c in by_money] == sorted((c.total("money") for c in cards), reverse=True)
    assert list(row(cards[0])) == list(COLUMNS)
    with pytest.raises(ValueError, match="unknown sort key"):
        sort_cards(cards, "colour")


# --- the commands ----------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_status_lists_problems_with_their_evidence(capsys, english):
    code, out, err = run(capsys, "status", str(SEED))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "xiamen-2022-02-22.txt  厦门市巡视整改进展情况"
    assert "  … in progress  2.1.1.4 (4)岛内城市规划" in out and "«阶段性成果»" in out
    assert "  ? unclear  2.1.3.2 (19)先行先试的政策优势发挥不充分" in lines
    assert sum(line.startswith("      ") for line in lines) == 56  # every measure
    code, brief, _ = run(capsys, "status", "--brief", str(SEED))
    assert len(brief.splitlines()) == 20


def test_status_json_and_rules(capsys):
    code, out, _ = run(capsys, "status", "--json", str(DOCUMENTS / "linlan-xunshi-2022.txt"))
    data = json.loads(out)
    problem = next(p for p in data[0]["problems"] if p["node_id"] == "2.1.3.2")
    assert problem["status"] == "in_progress" and problem["whole"]["phrase"] == "已完成整改"
    assert problem["evidence"]["phrase"].startswith("其余6处")
    code, out, _ = run(capsys, "status", "--rules")
    assert code == 0 and "unfinished" in out and "plan_titles" not in out and "方案$" in out


def test_status_with_a_bad_rules_file_says_so_in_one_line(capsys, tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("version: 2\n", "utf-8")
    code, out, err = run(capsys, "status", "--rules-file", str(bad), str(SEED))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "version must be 1" in err


def test_scorecard_text_flags_differences(capsys, english):
    code, out, _ = run(capsys, "scorecard", str(DOCUMENTS / "baishi-xuncha-2022.txt"))
    assert code == 0
    assert "    problems    claimed 14, counted 6  ≠" in out
    assert "(the report details 6 of the 14 problems it counts)" in out
    assert "      2人  给予党纪处分2人  (1 一、)" in out
    code, out, _ = run(capsys, "scorecard", str(SEED))
    assert "claimed: the report states no totals of its problems" in out
    assert "      16.6亿元  提前收回违规贷款16.6亿元  (2.1.2.8 (17))" in out


def test_scorecard_csv_json_and_table(capsys):
    files = [str(DOCUMENTS / "baishi-xuncha-2022.txt"), str(SEED)]
    code, out, _ = run(capsys, "scorecard", "--csv", *files)
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    assert [r["origin"] for r in rows] == ["baishi-xuncha-2022.txt", "xiamen-2022-02-22.txt"]
    assert rows[1]["problems"] == "19" and rows[1]["done"] == "13" and rows[1]["claimed_done"] == ""
    code, out, _ = run(capsys, "scorecard", "--json", "--sort", "done", *files)
    data = json.loads(out)
    assert [d["origin"] for d in data] == ["baishi-xuncha-2022.txt", "xiamen-2022-02-22.txt"]  # 100% before 68%
    first = data[0]["accounts"][0]
    place = first["place"]
    node = report(DOCUMENTS / "baishi-xuncha-2022.txt").find(place["node_id"])
    assert (first["value"], place["part"]) == ("8项", "node")
    assert node.plain_text()[place["start"] : place["end"]] == "8项"
    code, out, _ = run(capsys, "scorecard", "--table", *files)
    assert len(out.splitlines()) == 3 and out.splitlines()[2].startswith("xiamen-2022-02-22.txt\t19\t13\t5\t0\t0\t1\t")


def test_the_commands_run_as_users_run_them():
    for command, expected in (("status", "2.1.1.4"), ("scorecard", "2.1.2.8")):
        done = subprocess.run(
            [sys.executable, "-m", "tui", command, "seeds/xiamen-2022-02-22.txt"],
            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60,
            env={"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONIOENCODING": "utf-8"},
        )  # fmt: skip
        assert done.returncode == 0 and done.stderr == "" and expected in done.stdout


@pytest.mark.parametrize("command", ["status", "scorecard", "similar", "compare"])
def test_the_new_commands_have_help(command):
    done = subprocess.run(
        [sys.executable, "-m", "tui", command, "--help"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60,
        env={"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith(f"usage: xunshi {command}") and done.stderr == ""
