"""The fast segment writer and the two-process build: the same index as Whoosh's own writer."""

from __future__ import annotations

import random

import pytest
from whoosh.filedb.filestore import RamStorage

from tui.model import Node, Report
from tui.search import SearchEngine
from tui.search import index as search_index
from tui.search import writer as search_writer
from tui.search.analyzer import index_terms


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))


HAN = "巡视整改金砖创新厦门医疗资源岛外新城闽西南集成电路鼓浪屿保障性住房推动高质量发展"
WORDS = ["RCEP", "2021", "8.1%", "ＴＯＤ", "巡視", "7033.89", "5G"]


def _text(rng: random.Random, size: int) -> str:
    pieces = []
    for _ in range(size):
        pieces.append(rng.choice(WORDS) if rng.random() < 0.1 else HAN[rng.randrange(len(HAN))])
        if rng.random() < 0.1:
            pieces.append(rng.choice("，。 、"))
    return "".join(pieces)


def many_reports(count: int, nodes: int = 12, seed: int = 1) -> list[Report]:
    """Reports whose commonest terms have posting lists of many blocks (over 128 documents),
    their rarest a handful (kept inline), with Latin words, full-width and Traditional forms."""
    rng = random.Random(seed)
    reports = []
    for number in range(count):
        children = [
            Node(
                f"1.{i}",
                f"({i})",
                "arabic-paren",
                1,
                2,
                "problem",
                _text(rng, rng.randrange(1, 8)) + "。" + _text(rng, 60),
            )
            for i in range(1, nodes + 1)
        ]
        part = Node("1", "一、", "cn-dun", 1, 1, "part", _text(rng, 6), children=children)
        reports.append(Report(title=f"报告{number}" + _text(rng, 5), sha256="", nodes=[part]))
    return reports


def _postings(index) -> tuple:
    """Everything Whoosh reads back: terms with their statistics and postings, stored fields,
    per-document lengths and the fields' total lengths."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        terms = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            terms[fieldname, text] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                list(reader.postings(fieldname, text).all_items()),
            )
        count = reader.doc_count_all()
        lengths = [(reader.doc_field_length(n, "content"), reader.doc_field_length(n, "title")) for n in range(count)]
        return (
            terms,
            list(reader.iter_docs()),
            lengths,
            reader.field_length("content"),
            reader.field_length("title"),
        )


def test_fast_writer_writes_what_whooshs_writer_writes():
    parts = search_index.collect_parts(many_reports(12))
    built = []
    for fast in (True, False):
        index = create_in_ram()
        writer = search_writer.FastWriter(index) if fast else index.writer()
        for part in parts:
            for doc in part.docs:
                writer.add_document(**search_index._fields(part, doc))
        writer.commit()
        built.append(_postings(index))
    terms = built[0][0]
    frequencies = sorted(len(postings[-1]) for postings in terms.values())
    assert frequencies[0] <= search_writer.INLINE_LIMIT < 128 < frequencies[-1]  # inline, one block, many
    assert built[0] == built[1]


def create_in_ram():
    return RamStorage().create_index(search_index.make_schema())


def test_index_terms_are_whooshs_tokens():
    text = "巡視ＲＣＥＰ 2021年增长8.1%,金砖。厦"
    tokens = [token.text for token in search_index.analyzer()(text)]
    assert index_terms(text) == tokens
    assert index_terms(text) == [
        "巡",
        "视",
        "巡视",
        "rcep",
        "2021",
        "年",
        "增",
        "长",
        "年增",
        "增长",
        "8.1%",
        "8.1",
    ] + [
        "金",
        "砖",
        "金砖",
        "厦",
    ]


def _answers(engine: SearchEngine) -> list:
    queries = ["金砖", "巡视", "rcep", "2021", "8.1", "医疗资源", "gulangyu", "title:报告3", "厦门 -岛外"]
    return [
        (result.total, [(hit.report, hit.node_id, round(hit.score, 6), hit.matches) for hit in result.hits])
        for result in (engine.search(query, limit=20) for query in queries)
    ]


def test_two_process_build_answers_as_one_process(tmp_path, monkeypatch):
    reports = many_reports(8)
    single = SearchEngine(reports, cache_dir=tmp_path / "single")
    single.open()
    monkeypatch.setattr(search_index, "PARALLEL_MIN_DOCS", 10)
    started = []
    real = search_writer.SegmentHelper.__init__

    def spy(self, directory, documents):
        started.append(len(documents))
        real(self, directory, documents)

    monkeypatch.setattr(search_writer.SegmentHelper, "__init__", spy)
    seen = []
    split = SearchEngine(reports, cache_dir=tmp_path / "split")
    split.open(progress=lambda done, total: seen.append((done, total)))
    total = len(split._docs)
    assert started and 0 < started[0] < total
    assert len(split._opened.index._segments()) == 2  # the parent's and the helper's
    assert seen[-1] == (total, total) and all(done <= all_ for done, all_ in seen)
    assert _answers(split) == _answers(single)
    assert not any(path.name.startswith(".xunshi-job-") for path in (tmp_path / "split").rglob("*"))


def test_a_failed_helper_leaves_its_documents_to_the_parent(tmp_path, monkeypatch):
    reports = many_reports(6)
    single = SearchEngine(reports, in_memory=True)
    single.open()
    monkeypatch.setattr(search_index, "PARALLEL_MIN_DOCS", 10)
    monkeypatch.setattr(search_writer.sys, "executable", "/bin/false")  # the helper exits at once
    engine = SearchEngine(reports, cache_dir=tmp_path)
    engine.open()
    assert engine.where == "disk"
    assert engine._opened.index.doc_count() == single._opened.index.doc_count()
    assert _answers(engine) == _answers(single)
    assert not any(path.name.startswith(".xunshi-job-") for path in tmp_path.rglob("*"))


def test_fold_is_idempotent_so_index_terms_are_the_folded_texts():
    from tui.search.analyzer import fold

    han = "".join(map(chr, [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]))
    once = fold(han)
    assert fold(once) == once
    assert fold("薴") == fold(fold("薴"))  # OpenCC: 薴 → 苧 (Traditional) → 苎
