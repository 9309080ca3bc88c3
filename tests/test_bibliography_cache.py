"""Unit tests: the parsed bibliography is reused only while the files and the code are unchanged."""

from living_review.core import bibliography_cache

BIB = b"@article{a2000,\n  author = {A, B},\n  title = {T},\n  journal = {J},\n  year = {2000}\n}\n"


def _forbid_parsing(monkeypatch):
    def parse(files):
        raise AssertionError("parsed again although nothing changed")
    monkeypatch.setattr(bibliography_cache, "read_bibliography", parse)


def test_second_read_comes_from_disk(tmp_path, monkeypatch):
    first = bibliography_cache.read([("bib/a.bib", BIB)], tmp_path)
    assert list(first.formatted) == ["a2000"] and "A B. T." in first.formatted["a2000"]
    _forbid_parsing(monkeypatch)
    from_disk = bibliography_cache.read([("bib/a.bib", BIB)], tmp_path)  # a new process: disk
    assert from_disk.formatted == first.formatted and list(tmp_path.glob("*.pickle"))  # a rebuild, a new process


def test_a_changed_file_is_parsed_again(tmp_path):
    bibliography_cache.read([("bib/a.bib", BIB)], tmp_path)
    changed = bibliography_cache.read([("bib/a.bib", BIB.replace(b"{T}", b"{New title}"))], tmp_path)
    assert "New title" in changed.formatted["a2000"]
    assert len(list(tmp_path.glob("*.pickle"))) == 1  # the stale result is gone


def test_an_unreadable_cache_is_ignored(tmp_path):
    key = bibliography_cache._key([("bib/a.bib", BIB)])
    (tmp_path / f"bibliography-{key[:32]}.pickle").write_bytes(b"not a pickle")
    assert list(bibliography_cache.read([("bib/a.bib", BIB)], tmp_path).formatted) == ["a2000"]
