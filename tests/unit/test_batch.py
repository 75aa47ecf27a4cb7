"""map_documents: outcomes in input order, errors per file, the same with one worker or several, any chunk size."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocrfix.batch import map_documents
from ocrfix.errors import InputError


def _length(path: str, context: object) -> int:
    text = Path(path).read_text("utf-8")
    if text.startswith("bad"):
        raise InputError("bad file")
    return len(text)


@pytest.mark.parametrize(("workers", "chunk"), [(1, 8), (2, 1), (2, 3), (2, 8), (2, 100)])
def test_outcomes_come_back_in_input_order_with_errors_in_place(tmp_path: Path, workers: int, chunk: int) -> None:
    files = []
    for i in range(23):
        p = tmp_path / f"{i:02d}.txt"
        p.write_text("bad" if i in (0, 7, 22) else "x" * i, "utf-8")
        files.append((str(p), i % 2 == 0))
    seen = []
    outcomes = list(map_documents(_length, files, workers=workers, chunk=chunk, on_done=seen.append))
    assert [o.path for o in outcomes] == [p for p, _ in files]
    assert [o.explicit for o in outcomes] == [e for _, e in files]
    assert [o.error for o in outcomes] == ["bad file" if i in (0, 7, 22) else None for i in range(23)]
    assert [o.result for o in outcomes] == [None if i in (0, 7, 22) else i for i in range(23)]
    assert seen == outcomes


def test_large_files_go_to_workers_one_at_a_time(tmp_path: Path) -> None:
    from ocrfix.batch import CHUNK_BYTES, _chunks

    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("x" * 100, "utf-8")
    big.write_text("x" * CHUNK_BYTES, "utf-8")
    items = [(str(small), False)] * 20 + [(str(big), False)] * 3 + [(str(tmp_path / "missing.txt"), True)]
    sizes = [len(c) for c in _chunks(items, 8, CHUNK_BYTES)]
    assert sizes == [8, 8, 5, 1, 1, 1]  # the fifth chunk closes at the first big file
    assert sum(sizes) == len(items)
