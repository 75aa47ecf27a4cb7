"""``ocrfix apply``, run as a real command: outputs on disk, reports, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from clitools import run_cli
from ocrfix.documents import encode_text, read_document
from ocrfix.patches import PatchWriter, decision_record, load_patch, new_header, patch_path_for
from ocrfix.text import Span

LETTER = "Бу коината вә пэр ил.\r\nПэр, пэр вә коината.\r\n"


def ocrfix(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # HOME and XDG_* are isolated per test by the autouse fixture in tests/conftest.py; run_cli passes them on.
    return run_cli(*map(str, args), cwd=cwd)


def apply_json(*args: str | Path, cwd: Path) -> tuple[int, dict]:
    done = ocrfix("apply", "--format", "json", *args, cwd=cwd)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def at(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def make_source(folder: Path, text: str = LETTER, name: str = "letter.txt", encoding: str = "utf-8", bom: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(encode_text(text, encoding, bom))
    return path


def make_patch(source: Path, fixes: list[tuple[str, int, str]], *, scope: str = "occurrence", encoding: str | None = None) -> Path:
    """Write ``source``'s patch with one accept per (old text, nth occurrence, new text)."""
    document = read_document(source, encoding)
    patch = patch_path_for(source)
    writer = PatchWriter(patch, new_header(document, source, patch, created="T"))
    for old, nth, new in fixes:
        span = at(document.text, old, nth)
        writer.append(decision_record(document.text, span, "accept", id=writer.next_id(), replacement=new, scope=scope, ts="T"))
    return patch


FIXES = [("коината", 0, "комната"), ("пэр", 0, "һәр")]
FIXED = LETTER.replace("коината", "комната", 1).replace("пэр", "һәр", 1)


def test_default_writes_beside_the_source_and_never_touches_it(tmp_path: Path) -> None:
    source = make_source(tmp_path / "vol")
    patch = make_patch(source, FIXES)
    code, report = apply_json(patch.relative_to(tmp_path), cwd=tmp_path)
    assert code == 0
    assert source.read_bytes() == LETTER.encode()
    output = tmp_path / "vol" / "letter.fixed.txt"
    assert output.read_bytes() == FIXED.encode()
    (result,) = report["results"]
    assert result["output"] == str(Path("vol/letter.fixed.txt")) and result["written"] and result["mode"] == "source"
    assert [(o["id"], o["status"], o["line"], o["col"]) for o in result["outcomes"]] == [
        ("d-000001", "applied", 1, 4),
        ("d-000002", "applied", 1, 15),
    ]
    assert report["counts"]["applied"] == 2


def test_patch_option_spelt_as_review_and_fix_spell_it(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    code, report = apply_json("--patch", patch.name, "-o", "out.txt", cwd=tmp_path)
    assert code == 0 and report["counts"]["applied"] == 2
    assert (tmp_path / "out.txt").read_bytes() == FIXED.encode()
    done = ocrfix("apply", "-o", "out2.txt", cwd=tmp_path)
    assert done.returncode != 0 and "no patch given" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out2.txt").exists()


def test_text_report_one_line_per_decision_and_a_summary(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    done = ocrfix("apply", patch.name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "letter.txt:1:4: applied: d-000001 'коината' -> 'комната'"
    assert lines[1] == "letter.txt:1:15: applied: d-000002 'пэр' -> 'һәр'"
    assert lines[2].startswith("letter.txt.ocrfix.jsonl: 2 applied, 0 re-anchored, 0 already applied, 0 conflicts")
    assert lines[2].endswith("wrote letter.fixed.txt")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    before = sorted(p.name for p in tmp_path.iterdir())
    done = ocrfix("apply", "--dry-run", patch, cwd=tmp_path)
    assert done.returncode == 0 and "would write" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_in_place_with_backup_then_reverse_gives_back_the_bytes(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    code, _ = apply_json("--in-place", "--backup", ".orig", patch, cwd=tmp_path)
    assert code == 0
    assert source.read_bytes() == FIXED.encode()
    assert (tmp_path / "letter.txt.orig").read_bytes() == LETTER.encode()

    code, report = apply_json("--in-place", "--backup", ".orig", patch, cwd=tmp_path)
    assert code == 0 and not report["results"][0]["written"]
    assert {o["status"] for o in report["results"][0]["outcomes"]} == {"already-applied"}
    assert source.read_bytes() == FIXED.encode()

    code, report = apply_json("--reverse", "--in-place", patch, cwd=tmp_path)
    assert code == 0 and report["results"][0]["mode"] == "fixed"
    assert source.read_bytes() == LETTER.encode()


def test_existing_backup_is_never_overwritten(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    (tmp_path / "letter.txt.orig").write_bytes(b"older")
    done = ocrfix("apply", "--in-place", "--backup", ".orig", patch, cwd=tmp_path)
    assert done.returncode == 0 and "kept" in done.stderr
    assert (tmp_path / "letter.txt.orig").read_bytes() == b"older"


def test_output_file_and_output_dir(tmp_path: Path) -> None:
    source = make_source(tmp_path / "in")
    patch = make_patch(source, FIXES)
    assert apply_json("-o", tmp_path / "one.txt", patch, cwd=tmp_path)[0] == 0
    assert (tmp_path / "one.txt").read_bytes() == FIXED.encode()
    assert apply_json("--output-dir", tmp_path / "out" / "deep", patch, cwd=tmp_path)[0] == 0
    assert (tmp_path / "out" / "deep" / "letter.txt").read_bytes() == FIXED.encode()
    assert source.read_bytes() == LETTER.encode()


def test_diff_goes_to_stdout_and_report_to_stderr(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    done = ocrfix("apply", "--dry-run", "--diff", patch.name, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines()[:2] == ["--- letter.txt", "+++ letter.fixed.txt"]
    assert "-Бу коината вә пэр ил." in done.stdout and "+Бу комната вә һәр ил." in done.stdout
    assert "applied: d-000001" in done.stderr


def test_conflict_goes_to_reject_file_and_others_still_apply(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    changed = "Заголовок.\r\n" + LETTER.replace("Бу коината", "Бу кухня")
    source.write_bytes(changed.encode())
    code, report = apply_json(patch.name, cwd=tmp_path)
    assert code == 1
    result = report["results"][0]
    assert [(o["id"], o["status"]) for o in result["outcomes"]] == [("d-000001", "conflict"), ("d-000002", "re-anchored")]
    assert (tmp_path / "letter.fixed.txt").read_bytes() == changed.replace("пэр", "һәр", 1).encode()
    rejects = tmp_path / "letter.fixed.txt.rej.jsonl"
    assert result["rejects"] == str(rejects.relative_to(tmp_path))
    rejected = load_patch(rejects)
    assert [d.id for d in rejected.decisions] == ["d-000001"]
    assert rejected.header.source_path == "letter.fixed.txt"
    assert "conflicts" in rejects.read_text(encoding="utf-8")


def test_dry_run_with_conflict_exits_1_and_writes_no_reject_file(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    source.write_bytes(LETTER.replace("коината", "кухня").encode())
    done = ocrfix("apply", "--dry-run", patch, cwd=tmp_path)
    assert done.returncode == 1 and "conflict" in done.stdout
    assert not list(tmp_path.glob("*.rej.jsonl")) and not (tmp_path / "letter.fixed.txt").exists()


def test_changed_source_is_reanchored(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    source.write_bytes(("Новая первая строка.\r\n" + LETTER).encode())
    code, report = apply_json(patch, cwd=tmp_path)
    assert code == 0
    assert [o["status"] for o in report["results"][0]["outcomes"]] == ["re-anchored", "re-anchored"]
    assert [o["line"] for o in report["results"][0]["outcomes"]] == [2, 2]


def test_malformed_patch_is_one_line_exit_2(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    lines = patch.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace('"span": [3, 10]', '"span": "three"')
    patch.write_text("".join(lines), encoding="utf-8")
    done = ocrfix("apply", patch.name, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("ocrfix: error: letter.txt.ocrfix.jsonl:2: ")
    assert not (tmp_path / "letter.fixed.txt").exists()


def test_torn_last_line_is_warned_and_ignored(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    with open(patch, "ab") as handle:
        handle.write(b'{"id": "d-000003", "span": [2')
    done = ocrfix("apply", patch.name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ocrfix: warning: letter.txt.ocrfix.jsonl:4: incomplete last line ignored" in done.stderr
    assert (tmp_path / "letter.fixed.txt").read_bytes() == FIXED.encode()


@pytest.mark.parametrize("named", ["../secret.txt", "/etc/hostname"])
def test_source_outside_the_folder_is_refused_unless_named(tmp_path: Path, named: str) -> None:
    secret = make_source(tmp_path, name="secret.txt")
    patch = make_patch(make_source(tmp_path / "vol"), FIXES)
    text = patch.read_text(encoding="utf-8").replace('"path": "letter.txt"', json.dumps({"path": named})[1:-1])
    patch.write_text(text, encoding="utf-8")
    done = ocrfix("apply", patch, cwd=tmp_path)
    assert done.returncode == 2 and "--source" in done.stderr and "Traceback" not in done.stderr
    assert secret.read_bytes() == LETTER.encode()
    assert apply_json("--source", secret, patch, cwd=tmp_path)[0] == 0
    assert (tmp_path / "secret.fixed.txt").read_bytes() == FIXED.encode()


def test_folder_of_patches(tmp_path: Path) -> None:
    for name in ("a", "b"):
        make_patch(make_source(tmp_path / "vol" / name), FIXES)
    done = ocrfix("apply", "vol", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("a", "b"):
        assert (tmp_path / "vol" / name / "letter.fixed.txt").read_bytes() == FIXED.encode()
    assert done.stdout.splitlines()[-1].startswith("total (2 patches): 4 applied")
    # Named one by one, two sources of the same name would collide in one --output-dir: refused before anything
    # is written.
    patches = [f"vol/{name}/letter.txt.ocrfix.jsonl" for name in ("a", "b")]
    done = ocrfix("apply", "--output-dir", "out", *patches, cwd=tmp_path)
    assert done.returncode == 2 and "would both write" in done.stderr and not (tmp_path / "out").exists()
    # Found in a folder, each keeps its subfolder under --output-dir.
    done = ocrfix("apply", "--output-dir", "out", "vol", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("a", "b"):
        assert (tmp_path / "out" / name / "letter.txt").read_bytes() == FIXED.encode()


PERSIAN_FIXES = [("كتاب", 0, "کتاب"), ("میخواهم", 0, "می\u200cخواهم")]


@pytest.mark.parametrize(
    ("encoding", "bom", "text", "fixes"),
    [
        pytest.param("cp1251", False, "В коинате темно.\r\nДа.\r\n", [("коинате", 0, "комнате")], id="cp1251-crlf"),
        pytest.param("utf-16-le", True, LETTER, FIXES, id="utf16-bom"),
        pytest.param("utf-8", True, LETTER.replace("\r\n", "\r"), FIXES, id="utf8-bom-cr"),
        pytest.param("utf-8", False, "این كتاب را میخواهم.\u2028دوم", PERSIAN_FIXES, id="persian-zwnj-u2028"),
    ],
)
def test_encodings_survive_apply_and_reverse(tmp_path: Path, encoding: str, bom: bool, text: str, fixes) -> None:
    source = make_source(tmp_path, text, encoding=encoding, bom=bom)
    patch = make_patch(source, fixes, encoding=encoding)
    original = source.read_bytes()
    assert apply_json("--in-place", patch, cwd=tmp_path)[0] == 0
    expected = text
    for old, _, new in fixes:
        expected = expected.replace(old, new, 1)
    assert source.read_bytes() == encode_text(expected, encoding, bom)
    assert apply_json("--reverse", "--in-place", patch, cwd=tmp_path)[0] == 0
    assert source.read_bytes() == original


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--backup", ".orig"], "--backup only goes with --in-place", id="backup-without-in-place"),
        pytest.param(["-o", "letter.txt"], "use --in-place", id="output-is-source"),
        pytest.param(["--in-place", "-o", "x.txt"], "not allowed with", id="in-place-and-output"),
        pytest.param(["-o", "x.txt", "nothing.ocrfix.jsonl"], "single patch", id="output-with-two-patches"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    source = make_source(tmp_path)
    patch = make_patch(source, FIXES)
    done = ocrfix("apply", *args, patch.name, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert source.read_bytes() == LETTER.encode()


def test_missing_patch_file_exit_2(tmp_path: Path) -> None:
    done = ocrfix("apply", "nope.ocrfix.jsonl", cwd=tmp_path)
    assert done.returncode == 2 and "nope.ocrfix.jsonl: no such patch file" in done.stderr


def test_fix_patch_dir_then_apply_source_dir_keeps_the_folders(tmp_path: Path) -> None:
    # Two sources of the same name in different boxes: patches and results keep the boxes apart.
    for box, text in (("box1", "Я вошел в коината и сел.\n"), ("box2", "Он слу-\nжит в армии и в коината.\n")):
        (tmp_path / "scans" / box).mkdir(parents=True)
        (tmp_path / "scans" / box / "p.txt").write_text(text, "utf-8")
    done = ocrfix("fix", "scans", "--patch-dir", "patches", "--min-confidence", "0.5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(tmp_path / "patches").as_posix() for p in (tmp_path / "patches").rglob("*.jsonl")) == [
        "box1/p.txt.ocrfix.jsonl",
        "box2/p.txt.ocrfix.jsonl",
    ]
    # Without --source-dir the recorded path leads out of the patch folder: refused, one line, exit 2.
    refused = ocrfix("apply", "patches", cwd=tmp_path)
    assert refused.returncode == 2 and "outside the patch's folder" in refused.stderr and "Traceback" not in refused.stderr
    code, report = apply_json("patches", "--source-dir", "scans", "--output-dir", "fixed", cwd=tmp_path)
    assert code == 0 and report["counts"]["applied"] >= 2
    assert (tmp_path / "fixed" / "box1" / "p.txt").read_text("utf-8") == "Я вошел в комната и сел.\n"
    assert "служит" in (tmp_path / "fixed" / "box2" / "p.txt").read_text("utf-8")
    assert (tmp_path / "scans" / "box1" / "p.txt").read_text("utf-8") == "Я вошел в коината и сел.\n"
