"""Files as readers have them: saved web pages in any declared charset, Word files with typed or
automatic numbering, folders of mixed kinds, and one clear line for what xunshi does not read."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tui.library import load_reports
from tui.library.opening import expand_paths
from tui.parse import ReportError, read_report
from tui.parse.docx import read_docx

DOCUMENTS = Path(__file__).resolve().parent / "documents"
ROOT = Path(__file__).resolve().parent.parent

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="ArticleTitle" content="关于巡察整改进展情况的通报" /><meta name="PubDate" content="2022-03-04 10:15" />
<meta name="ContentSource" content="县纪委监委" /></head><body>
<div class="nav"><a>首页</a> <a>政务公开</a></div><div>首页 &gt; 巡察工作</div>
<h1>关于巡察整改进展情况的通报</h1><div>发布时间：2022-03-04&nbsp;&nbsp;浏览次数：<span>12</span></div>
<div id="zoom"><p>根据县委统一部署，县委第一巡察组对县商务局开展了巡察，现将整改进展情况予以公布。</p>
<p>一、整改工作推进情况</p><p>局党组高度重视巡察整改工作，逐项制定整改措施，明确责任和时限。</p>
<p>二、巡察反馈问题整改情况</p><p>（一）关于“招商引资工作不实”的问题。</p><p>整改情况：一是建立台账；二是开展督查；三是通报进展。</p>
<p>（二）关于“专项资金审核把关不严”的问题。</p><p>整改情况：已完成整改。收回资金䶮4.3万元。</p></div>
<div class="footer">主办单位：某某县人民政府办公室 网站标识码：4307230001</div></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "gb2312", "GBK", "gb18030"])
def test_a_saved_page_in_any_declared_charset(tmp_path, charset):
    codec = "utf-8" if charset == "utf-8" else "gb18030"  # 䶮 exists in GB18030 only, as pages really do
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(charset=charset).encode(codec))
    report = read_report(path)
    assert report.title == "关于巡察整改进展情况的通报" and report.title_from == "line"
    assert (report.source, report.published) == ("县纪委监委", "2022-03-04T10:15")  # meta tags fill in
    assert report.page["ContentSource"] == "县纪委监委"
    assert [(n.label, n.kind) for n in report.walk()] == [
        ("一、", "section"),
        ("二、", "section"),
        ("（一）", "problem"),
        ("（二）", "problem"),
    ]
    assert report.find("2.2").rectification.text.endswith("收回资金䶮4.3万元。")
    assert report.leftovers[0] == "首页 政务公开" and "浏览次数：12" in report.leftovers
    assert report.leftovers[-1].startswith("主办单位")


def test_html_and_docx_libraries_load_only_when_such_a_file_is_opened():
    code = (
        "import sys; from tui.parse import read_report; read_report('seeds/xiamen-2022-02-22.txt'); "
        "print(sorted(m for m in ('trafilatura', 'lxml', 'docx', 'opencc') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def _docx(paragraphs: list[tuple[str, int | None, int]]) -> bytes:
    """A minimal .docx: (text, numId or None, level) paragraphs; list 1 is 一、/（一）/1., list 2 ①."""

    def paragraph(text, num, level):
        numbering = (
            f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
        )
        return f"<w:p>{numbering}<w:r><w:t>{text}</w:t></w:r></w:p>"

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(paragraph(*item) for item in paragraphs)
    levels = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    )
    circled = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/></w:lvl>'
    )
    numbering = (
        f'<w:numbering {w}><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1">{circled}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": f"<w:document {w}><w:body>{body}</w:body></w:document>",
        "word/numbering.xml": numbering,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_word_list_numbering_is_rendered_as_printed(tmp_path):
    data = _docx(
        [
            ("关于巡察整改进展情况的通报", None, 0),
            ("根据县委统一部署，县委巡察组对县某局开展了巡察。", None, 0),
            ("整改工作推进情况", 1, 0),
            ("巡察反馈问题整改情况", 1, 0),
            ("落实上级决策部署方面", 1, 1),
            ("招商引资工作不实。", 1, 2),
            ("整改情况：", None, 0),
            ("建立台账；", 2, 0),
            ("开展督查。", 2, 0),
            ("专项资金审核把关不严。", 1, 2),
            ("整改情况：已完成整改。", None, 0),
            ("全面从严治党方面", 1, 1),
            ("党组主体责任落实不到位。", 1, 2),
            ("整改情况：一是修订清单；二是开展谈话。", None, 0),
        ]
    )
    assert read_docx(data).text.splitlines()[2:7] == [
        "一、整改工作推进情况",
        "二、巡察反馈问题整改情况",
        "（一）落实上级决策部署方面",
        "1.招商引资工作不实。",
        "整改情况：",
    ]
    path = tmp_path / "list.docx"
    path.write_bytes(data)
    report = read_report(path)
    assert [(n.label, n.kind) for n in report.walk()] == [
        ("一、", "section"),
        ("二、", "section"),
        ("（一）", "group"),
        ("1.", "problem"),
        ("2.", "problem"),
        ("（二）", "group"),
        ("1.", "problem"),  # a deeper level restarts under a new parent
    ]
    assert [m.label for m in report.find("2.1.1").rectification.measures] == ["①", "②"]


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ["old Word", "save it as .docx"]),
        ("report.pdf", b"%PDF-1.7\n" + bytes(600), ["PDF", ".txt"]),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(600), ["image", "binary"]),
        ("renamed.txt", b"%PDF-1.4\n" + bytes(600), ["PDF", "binary"]),
        ("broken.docx", b"PK\x03\x04 not really a zip", ["Word"]),
        ("empty.html", b"<html><body><script>x()</script></body></html>", ["no text"]),
    ],
)
def test_what_xunshi_does_not_read_gets_one_clear_line(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReportError) as info:
        read_report(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    assert all(word in message for word in words), message
    if name != "empty.html":
        assert ".txt, .html/.htm and .docx" in message or "Word" in message


def test_a_folder_holds_every_kind(tmp_path):
    for name in ("b.html", "a.txt", "c.docx", "notes.pdf", "~$c.docx"):
        (tmp_path / name).write_bytes(b"")
    assert [Path(name).name for name in expand_paths([str(tmp_path)])] == ["a.txt", "b.html", "c.docx"]
    for name in ("lanxi-xuncha-2023.txt", "jiahe-shenji-2022.html", "wuling-shenji-2023.docx"):
        (tmp_path / name).write_bytes((DOCUMENTS / name).read_bytes())
    for name in ("a.txt", "b.html", "c.docx", "notes.pdf", "~$c.docx"):
        (tmp_path / name).unlink()
    reports = load_reports([str(tmp_path)])
    assert [r.origin for r in reports] == ["jiahe-shenji-2022.html", "lanxi-xuncha-2023.txt", "wuling-shenji-2023.docx"]
    assert all(len(r.problems()) >= 7 for r in reports)
