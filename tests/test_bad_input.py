"""Bad input for ``spamgate check``: each row gets a clear message, the right
exit code, and leaves every file exactly as it was (bytes, mode and mtime).

Exit codes: 0 clean (a file that is skipped as binary or not text does not
fail a commit), 1 failing findings or a file too large to scan, 2 usage,
config or I/O error.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from support import spamgate
from check_json import LOOKALIKE, PLAIN, entry_for, positions, run_json


# --------------------------------------------------------------------------- rows

def test_empty_file(tmp_path, unchanged):
    f = tmp_path / "empty.md"
    f.write_bytes(b"")
    unchanged()
    proc, data = run_json(f)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    entry = entry_for(data, f)
    assert entry["verdict"] == "clean" and entry["findings"] == []
    assert "skipped" not in entry
    text = spamgate("check", f)
    assert text.returncode == 0 and "Traceback" not in text.stderr
    unchanged.check()


def test_binary_file_is_skipped_with_a_reason(tmp_path, unchanged):
    f = tmp_path / "logo.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + LOOKALIKE.encode() * 50)
    unchanged()
    proc, data = run_json(f)
    assert proc.returncode == 0
    assert entry_for(data, f)["skipped"]["reason"] == "binary"
    text = spamgate("check", "-v", f)
    assert text.returncode == 0
    assert f"{f}: skipped: binary file" in text.stdout
    unchanged.check()


def test_nul_after_the_sniffed_prefix_is_still_text(tmp_path):
    """git calls a file binary only for a NUL in its first 8,000 bytes."""
    f = tmp_path / "late-nul.txt"
    f.write_bytes(b"a" * 9000 + b"\x00\n" + LOOKALIKE.encode())
    proc, data = run_json(f)
    entry = entry_for(data, f)
    assert "skipped" not in entry
    assert proc.returncode == 1
    assert {x[1] for x in positions(entry)} == {2}


def test_invalid_utf8_names_byte_offset_and_line(tmp_path, unchanged):
    f = tmp_path / "latin1.txt"
    # Lines end in CR, CRLF and LF: the bad byte is on line 4.
    f.write_bytes(b"one\rtwo\r\nthree\ncaf\xe9\n")
    unchanged()
    proc = spamgate("check", f)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{f}: warning: not valid UTF-8 (byte 0xE9 at offset 18, line 4); not scanned" in proc.stdout
    proc, data = run_json(f)
    assert entry_for(data, f)["skipped"]["reason"] == "undecodable"
    unchanged.check()


def test_truncated_utf8_sequence_at_end_of_file(tmp_path):
    f = tmp_path / "cut.txt"
    f.write_bytes("naïve caf\u00e9 \u20ac".encode()[:-1])
    proc = spamgate("check", f)
    assert proc.returncode == 0
    assert "not valid UTF-8" in proc.stdout


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b"\xef\xbb\xbf"),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("utf-32-le", b"\xff\xfe\x00\x00"),
])
def test_text_with_bom_is_scanned_like_utf8(tmp_path, unchanged, encoding, bom):
    text = PLAIN + LOOKALIKE + "Second paragraph, plain.\n" + LOOKALIKE
    ref = tmp_path / "ref.md"
    ref.write_bytes(text.encode("utf-8"))
    f = tmp_path / f"doc-{encoding}.md"
    f.write_bytes(bom + text.encode(encoding))
    unchanged()
    proc_ref, data_ref = run_json(ref)
    proc, data = run_json(f)
    entry = entry_for(data, f)
    assert "skipped" not in entry, entry
    assert proc.returncode == proc_ref.returncode
    assert positions(entry) == positions(entry_for(data_ref, ref))
    assert proc.returncode == 1
    assert {x[1] for x in positions(entry)} == {4, 6}
    unchanged.check()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_binary_as_git_sees_it(tmp_path, unchanged, encoding):
    f = tmp_path / "notes.txt"
    f.write_bytes((PLAIN + LOOKALIKE).encode(encoding))
    unchanged()
    proc = spamgate("check", "-v", f)
    assert proc.returncode == 0
    assert f"{f}: skipped: binary file" in proc.stdout
    unchanged.check()


def test_invalid_utf16_is_reported(tmp_path):
    f = tmp_path / "broken16.txt"
    f.write_bytes(b"\xff\xfe" + "line\nnext\n".encode("utf-16-le") + b"\x00\xd8\x41\x00")  # lone surrogate
    proc = spamgate("check", f)
    assert proc.returncode == 0
    assert "not valid UTF-16" in proc.stdout and "line 3" in proc.stdout


def _limit_memory():
    import resource

    limit = 600 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_file_over_the_size_limit_is_never_read(tmp_path, unchanged):
    big = tmp_path / "huge.md"
    with open(big, "wb") as fh:
        fh.truncate(1024 ** 3)  # 1 GiB, sparse: reading it would take time and memory
    small = tmp_path / "small.md"
    small.write_text(PLAIN)
    unchanged()
    start = time.monotonic()
    # Under a 600 MB address-space limit reading the file would fail outright.
    proc = subprocess.run([sys.executable, "-m", "spamgate", "check", str(big), str(small)],
                          capture_output=True, text=True, preexec_fn=_limit_memory, timeout=60)
    elapsed = time.monotonic() - start
    assert elapsed < 10, f"took {elapsed:.1f}s: the file was read"
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stdout + proc.stderr  # never a silent pass
    assert (f"{big}: error: 1073741824 bytes is over the 5242880-byte limit (5 MiB), so it was not scanned "
            "and fails; raise the limit (--max-file-size BYTES, or max-file-size in [tool.spamgate]) or leave "
            "the file out (exclude in [tool.spamgate])") in proc.stdout
    assert "No findings in 1 file; 1 file too large to scan, failing." in proc.stdout  # the small file was scanned
    unchanged.check()


def test_max_file_size_option(tmp_path):
    f = tmp_path / "a.md"
    f.write_text(PLAIN)
    proc = spamgate("check", "--format", "json", "--max-file-size", "10", f)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    entry = entry_for(data, f)
    assert entry["skipped"]["reason"] == "too-large" and entry["failed"] is True
    assert data["summary"]["not_scanned"] == 1


def test_stdin_over_the_size_limit(tmp_path):
    proc = spamgate("check", "--max-file-size", "1000", "--stdin-filename", "page.md", "-",
                    input=b"x" * 5000)
    assert proc.returncode == 1
    assert "page.md: error: 5000 bytes is over the 1000-byte limit, so it was not scanned and fails" in proc.stdout


@pytest.mark.parametrize("data,expect", [
    (b"", "clean"),
    (b"\x00\x01\x02binary", "binary"),
    (b"caf\xe9\n", "undecodable"),
])
def test_stdin_bad_input(data, expect):
    proc, out = run_json("--stdin-filename", "in.md", "-", input=data)
    assert proc.returncode == 0
    [entry] = out["files"]
    assert entry["path"] == "in.md"
    if expect == "clean":
        assert entry["verdict"] == "clean" and "skipped" not in entry
    else:
        assert entry["skipped"]["reason"] == expect


def test_ten_megabyte_single_line_over_default_limit(tmp_path, unchanged):
    f = tmp_path / "one-line.txt"
    f.write_bytes(b"word " * (2 * 1024 * 1024))  # 10 MiB, no newline
    unchanged()
    proc = spamgate("check", f)
    assert proc.returncode == 1
    assert "10485760 bytes is over the 5242880-byte limit" in proc.stdout
    unchanged.check()


def test_ten_megabyte_single_line_is_scanned_in_time_when_allowed(tmp_path, unchanged):
    """With the limit raised, a 10 MB line is scanned in bounded time and a
    look-alike word at its very end is found at the right column."""
    words = ("the quick brown fox jumps over a lazy dog and then " * 4)
    body = (words * (10 * 1024 * 1024 // len(words) + 1))[: 10 * 1024 * 1024 - 1] + " "
    tail = "b\u0435st"  # Cyrillic e
    f = tmp_path / "one-line.txt"
    f.write_text(body + tail, encoding="utf-8")
    unchanged()
    start = time.monotonic()
    proc, data = run_json("--max-file-size", str(16 * 1024 * 1024), f)
    elapsed = time.monotonic() - start
    assert elapsed < 90, f"10 MB single line took {elapsed:.1f}s"
    entry = entry_for(data, f)
    assert "skipped" not in entry
    assert not entry.get("errors"), entry.get("errors")
    assert proc.returncode == 1
    assert (1, len(body) + 1) in {(x[1], x[2]) for x in positions(entry)}
    unchanged.check()


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_give_the_same_lines_and_columns(tmp_path, unchanged, newline):
    text = PLAIN + LOOKALIKE + "\n" + LOOKALIKE
    ref = tmp_path / "lf.md"
    ref.write_bytes(text.encode())
    f = tmp_path / "other.md"
    f.write_bytes(text.replace("\n", newline).encode())
    unchanged()
    proc_ref, data_ref = run_json(ref)
    proc, data = run_json(f)
    assert proc.returncode == proc_ref.returncode
    assert positions(entry_for(data, f)) == positions(entry_for(data_ref, ref))
    assert {x[1] for x in positions(entry_for(data, f))} == {4, 6}
    unchanged.check()


def test_unicode_line_separators_do_not_start_lines(tmp_path):
    """Only LF, CRLF and CR end lines (as in git and editors): a form feed,
    NEL or U+2028 inside a line does not shift the reported line numbers."""
    f = tmp_path / "seps.md"
    f.write_text("page one\x0c still line one\x85 and\u2028 this\u2029 too\n" + LOOKALIKE, encoding="utf-8")
    proc, data = run_json(f)
    assert proc.returncode == 1
    assert {x[1] for x in positions(entry_for(data, f))} == {2}


# --------------------------------------------------------------------------- configuration

HOSTILE_CONFIGS = {
    "invalid-toml": ".spamgate.toml", "unknown-key": ".spamgate.toml", "bad-value": ".spamgate.toml",
    "not-utf8": ".spamgate.toml", "binary": ".spamgate.toml", "deep-nesting": ".spamgate.toml",
    "pyproject-invalid": "pyproject.toml", "pyproject-unknown-key": "pyproject.toml",
}


def _hostile_config(kind: str) -> bytes:
    return {
        "invalid-toml": b"select = [\"SG1\"\n[[[",
        "unknown-key": b"frobnicate = true\n",
        "bad-value": b"select = 42\n",
        "not-utf8": b"select = [\"SG\xe9\"]\n",
        "binary": b"\x00\x01\x02\x03" * 100,
        "deep-nesting": b"select = " + b"[" * 50000 + b"]" * 50000 + b"\n",
        "pyproject-invalid": b"[project]\nname = 'x'\n[tool.spamgate\nselect = ['SG1']\n",
        "pyproject-unknown-key": b"[tool.spamgate]\nfrobnicate = 1\n",
    }[kind]


@pytest.mark.parametrize("kind", sorted(HOSTILE_CONFIGS))
def test_broken_or_hostile_config_is_a_clear_error(tmp_path, unchanged, kind):
    name = HOSTILE_CONFIGS[kind]
    project = tmp_path / "project"
    project.mkdir()
    (project / name).write_bytes(_hostile_config(kind))
    f = project / "doc.md"
    f.write_text(PLAIN)
    unchanged()
    start = time.monotonic()
    proc = spamgate("check", "doc.md", cwd=project)
    assert time.monotonic() - start < 20
    assert proc.returncode == 2, proc.stdout + proc.stderr
    err = proc.stdout + proc.stderr
    assert "Traceback" not in err
    assert "internal error" not in err, err
    assert name in err, f"the message does not name {name}: {err}"
    if kind.endswith("unknown-key"):
        assert "frobnicate" in err
    unchanged.check()


def test_config_option_naming_a_missing_file_or_a_directory(tmp_path):
    f = tmp_path / "doc.md"
    f.write_text(PLAIN)
    for config in (tmp_path / "missing.toml", tmp_path):
        proc = spamgate("check", "--config", config, f)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert str(config) in proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


# --------------------------------------------------------------------------- commit messages

@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\x0c"])
def test_commit_message_text_after_unicode_separators_is_checked(tmp_path, separator):
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_text(f"Add notes{separator}# t\u04bbe hidden word\n", encoding="utf-8")
    proc = spamgate("commit-msg", msg)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "SG1" in proc.stdout


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00", b"Add caf\xe9\n", b"\x00" * 10, b"#only a comment\n"])
def test_commit_message_bad_bytes(tmp_path, data):
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_bytes(data)
    proc = spamgate("commit-msg", msg)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert msg.read_bytes() == data
