"""Check the test corpus in tests/documents against its *.expect.yaml files.

    /work/main/.venv/bin/python tests/documents/check_expect.py [NAME ...]

For every NAME.expect.yaml: the YAML is well formed and has the expected keys and types; the
document NAME exists; the document's text is read (.txt: UTF-8 with or without BOM, any line
ends; .html: the charset its meta tag declares — GB2312/GBK labels decoded as GB18030, the
superset browsers use — tags stripped and entities unescaped; .docx: the source text in
docx-src/ with its @c/@b/@r/@t markup removed); then
  - a printed title (title_from: line) appears in the text (lines joined),
  - source, delivered, metadata and furniture strings appear in the text,
  - every outline line is well formed, and its label + title appear in the text, in order,
  - the number of enumerated measures stated as [整改 N] is compared with a rough count
    (一是/二是…, ①②…, （1）（2）… after the heading line) and differences are reported.
Whitespace is ignored when comparing. Prints one line per document and a summary; exits 1
when anything but a measure-count difference is wrong. Standard library + PyYAML only.
"""

from __future__ import annotations

import html
import html.parser
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"part", "section", "group", "problem", "heading"}
KEYS = {"genre", "script", "title", "title_from", "source", "published", "outline"}
OPTIONAL = {"delivered", "metadata", "furniture"}
LINE = re.compile(r"^(?P<indent>(?:  )*)(?P<label>\S+) (?P<kind>\S+) (?P<title>.+?)(?: \[整改 (?P<n>\d+)\])?$")
ISO = re.compile(r"^$|^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
SPACE = re.compile(r"\s+")


class _Text(html.parser.HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "li", "tr", "table", "title", "ul"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_charset(raw: bytes) -> str:
    match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    label = match.group(1).decode().lower() if match else "utf-8"
    return "gb18030" if label in ("gb2312", "gbk", "gb18030", "x-gbk") else label


def document_text(path: pathlib.Path) -> str:
    if path.suffix == ".docx":
        src = HERE / "docx-src" / (path.stem + ".txt")
        lines = []
        for line in src.read_text(encoding="utf-8").splitlines():
            if line[:3] in ("@c ", "@b ", "@r "):
                line = line[3:]
            elif line.startswith("@t "):
                line = " ".join(line[3:].split("|"))
            lines.append(line)
        return "\n".join(lines)
    raw = path.read_bytes()
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(raw.decode(html_charset(raw)))
        text = "".join(parser.parts)
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def squash(s: str) -> str:
    return SPACE.sub("", s)


def count_measures(segment: str) -> int:
    """A rough count of enumerated measures in the text after a heading."""
    best = 0
    n = 0
    while n < len(CN) and f"{CN[n]}是" in segment:
        n += 1
    best = max(best, n)
    n = 0
    while n < len(CIRCLED) and CIRCLED[n] in segment:
        n += 1
    best = max(best, n)
    n = 0
    while re.search(rf"[（(]{n + 1}[）)]", segment):
        n += 1
    return max(best, n)


def check(expect: pathlib.Path) -> tuple[list[str], list[str], dict]:
    errors: list[str] = []
    notes: list[str] = []
    info: dict = {}
    try:
        data = yaml.safe_load(expect.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"YAML: {exc}"], notes, info
    if not isinstance(data, dict):
        return ["YAML is not a mapping"], notes, info
    missing = KEYS - data.keys()
    extra = data.keys() - KEYS - OPTIONAL
    if missing:
        errors.append(f"missing keys: {sorted(missing)}")
    if extra:
        errors.append(f"unknown keys: {sorted(extra)}")
    if missing:
        return errors, notes, info
    if data["genre"] not in ("inspection", "audit"):
        errors.append(f"genre: {data['genre']!r}")
    if data["script"] not in ("simplified", "traditional"):
        errors.append(f"script: {data['script']!r}")
    if data["title_from"] not in ("line", "text", "file"):
        errors.append(f"title_from: {data['title_from']!r}")
    if not ISO.match(str(data["published"])):
        errors.append(f"published is not ISO: {data['published']!r}")
    doc = HERE / expect.name[: -len(".expect.yaml")]
    if not doc.exists():
        return errors + [f"document missing: {doc.name}"], notes, info
    text = document_text(doc)
    flat = squash(text)
    info.update(genre=data["genre"], script=data["script"], fmt=doc.suffix[1:], chars=len(text))
    if data["title_from"] == "line" and squash(data["title"]) not in flat:
        errors.append(f"title not in text: {data['title']}")
    for key in ("source", "delivered"):
        value = data.get(key) or ""
        if value and squash(value) not in flat:
            errors.append(f"{key} not in text: {value}")
    for key, value in (data.get("metadata") or {}).items():
        if squash(str(key)) not in flat or squash(str(value)) not in flat:
            errors.append(f"metadata not in text: {key}: {value}")
    for item in data.get("furniture") or []:
        if squash(str(item)) not in flat:
            errors.append(f"furniture not in text: {item}")
    nodes = []
    depth_kinds: dict[int, set] = {}
    for number, line in enumerate(str(data["outline"]).splitlines(), 1):
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match:
            errors.append(f"outline line {number} malformed: {line}")
            continue
        depth = len(match["indent"]) // 2
        if nodes and depth > nodes[-1][0] + 1:
            errors.append(f"outline line {number} jumps a level: {line}")
        if match["kind"] not in KINDS:
            errors.append(f"outline line {number} kind {match['kind']!r}")
        if match["title"].endswith("。"):
            errors.append(f"outline line {number} title keeps its trailing 。")
        if match["n"] is not None and match["kind"] != "problem":
            notes.append(f"line {number}: a {match['kind']} with a rectification")
        depth_kinds.setdefault(depth, set()).add(match["kind"])
        nodes.append((depth, match["label"], match["kind"], match["title"], match["n"]))
    # label + title in order; remember where each node starts for the measure count
    position = 0
    starts = []
    for depth, label, kind, title, n in nodes:
        needle = squash(label + title)
        found = flat.find(needle, position)
        if found < 0:
            errors.append(f"not found in order: {label}{title}")
            starts.append(None)
            continue
        starts.append((found, found + len(needle)))
        position = found + len(needle)
    for index, (depth, label, kind, title, n) in enumerate(nodes):
        if n is None or starts[index] is None:
            continue
        end = next((s[0] for s in starts[index + 1 :] if s), len(flat))
        rough = count_measures(flat[starts[index][1] : end])
        if rough != int(n):
            notes.append(f"measures {label}{title[:12]}…: stated {n}, rough count {rough}")
    for depth, kinds in depth_kinds.items():
        if len(kinds - {"problem"}) > 1:
            notes.append(f"depth {depth} mixes kinds {sorted(kinds)}")
    info["problems"] = sum(1 for node in nodes if node[2] == "problem")
    info["nodes"] = len(nodes)
    return errors, notes, info


def main(names: list[str]) -> int:
    files = sorted(HERE.glob("*.expect.yaml"))
    if names:
        files = [f for f in files if any(f.name.startswith(n) for n in names)]
    bad = 0
    totals = {"inspection": 0, "audit": 0, "traditional": 0, "txt": 0, "html": 0, "docx": 0}
    for expect in files:
        errors, notes, info = check(expect)
        name = expect.name[: -len(".expect.yaml")]
        status = "FAIL" if errors else "ok"
        bad += bool(errors)
        print(
            f"{status:4} {name:40} {info.get('genre', '?'):10} {info.get('script', '?'):11} "
            f"{info.get('fmt', '?'):4} {info.get('chars', 0):5} chars  {info.get('problems', 0):2} problems"
        )
        for error in errors:
            print(f"       error: {error}")
        for note in notes:
            print(f"       note: {note}")
        for key in ("genre", "fmt"):
            if info.get(key) in totals:
                totals[info[key]] += 1
        if info.get("script") == "traditional":
            totals["traditional"] += 1
    print(
        f"\n{len(files)} documents, {len(files) - bad} clean, {bad} with errors; "
        + ", ".join(f"{k}: {v}" for k, v in totals.items())
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
