"""Bad paths for ``spamgate check``: symbolic links, directories, FIFOs,
unreadable and vanishing files, names that are not UTF-8.  Each gets a clear
message and the right exit code, and every file is left exactly as it was."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from support import spamgate
from check_json import LOOKALIKE, PLAIN, entry_for, positions, run_json


def test_symlink_to_file_is_scanned_and_target_untouched(tmp_path, unchanged):
    target = tmp_path / "real.md"
    target.write_text(PLAIN + LOOKALIKE)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    unchanged()
    proc_t, data_t = run_json(target)
    proc, data = run_json(link)
    assert proc.returncode == proc_t.returncode
    assert positions(entry_for(data, link)) == positions(entry_for(data_t, target))
    unchanged.check()


def test_dangling_symlink(tmp_path, unchanged):
    link = tmp_path / "gone.md"
    link.symlink_to(tmp_path / "does-not-exist.md")
    unchanged()
    proc = spamgate("check", "-v", link)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{link}: skipped: broken symbolic link" in proc.stdout
    unchanged.check()


def test_symlink_loop(tmp_path, unchanged):
    link = tmp_path / "loop.md"
    link.symlink_to(link)
    unchanged()
    proc = spamgate("check", "-v", link)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{link}: skipped: symbolic link that cannot be followed" in proc.stdout
    unchanged.check()


def test_symlink_to_directory_is_not_followed(tmp_path, unchanged):
    d = tmp_path / "dir"
    d.mkdir()
    (d / "inside.md").write_text(PLAIN)
    link = tmp_path / "dirlink"
    link.symlink_to(d, target_is_directory=True)
    unchanged()
    proc = spamgate("check", "-v", link)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{link}: skipped: symbolic link to a directory, not followed" in proc.stdout
    unchanged.check()


def test_directory_is_walked_and_symlink_loops_do_not_hang(tmp_path, unchanged):
    d = tmp_path / "docs"
    (d / "sub" / "deeper").mkdir(parents=True)
    (d / "a.md").write_text(PLAIN)
    (d / "sub" / "b.md").write_text(PLAIN)
    (d / "sub" / "deeper" / "c.md").write_text(PLAIN + LOOKALIKE)
    (d / "sub" / "deeper" / "up").symlink_to(d, target_is_directory=True)  # a cycle
    (d / ".git").mkdir()
    (d / ".git" / "HEAD").write_text(LOOKALIKE)  # never scanned
    unchanged()
    proc, data = run_json(d)
    paths = sorted(f["path"] for f in data["files"])
    assert paths == sorted(str(p) for p in (d / "a.md", d / "sub" / "b.md", d / "sub" / "deeper" / "c.md"))
    assert proc.returncode == 1
    unchanged.check()


def test_empty_directory(tmp_path, unchanged):
    d = tmp_path / "nothing"
    d.mkdir()
    unchanged()
    proc = spamgate("check", d)
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    unchanged.check()


def test_missing_path_is_an_error(tmp_path):
    proc = spamgate("check", tmp_path / "nope.md")
    assert proc.returncode == 2
    assert f"{tmp_path / 'nope.md'}: error: no such file" in proc.stdout


def test_fifo_does_not_block(tmp_path, unchanged):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    unchanged()
    proc = subprocess.run([sys.executable, "-m", "spamgate", "check", "-v", str(fifo)],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0
    assert f"{fifo}: skipped: not a regular file" in proc.stdout
    unchanged.check()


def _unreadable_runner():
    """A command prefix under which a mode-000 file really cannot be read.

    Root reads anything; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it
    cannot, so as root drop those capabilities with setpriv.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


def test_unreadable_file(tmp_path, unchanged):
    prefix = _unreadable_runner()
    if prefix is None:
        pytest.skip("running as root without setpriv: a mode-000 file is readable")
    locked = tmp_path / "locked.md"
    locked.write_text(PLAIN)
    locked.chmod(0)
    ok = tmp_path / "ok.md"
    ok.write_text(PLAIN)
    probe = subprocess.run(prefix + ["cat", str(locked)], capture_output=True)
    if probe.returncode == 0:
        pytest.skip("cannot make a file unreadable here")
    unchanged()
    proc = subprocess.run(prefix + [sys.executable, "-m", "spamgate", "check", str(locked), str(ok)],
                          capture_output=True, text=True)
    try:
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert f"{locked}: error: cannot read: Permission denied" in proc.stdout
        assert "Traceback" not in proc.stderr
        assert "1 file" in proc.stdout  # ok.md was still scanned
        unchanged.check()
    finally:
        locked.chmod(0o644)


@pytest.mark.parametrize("when", ["before-open", "after-listing"])
def test_file_that_vanishes_mid_run(tmp_path, monkeypatch, capsys, when):
    """A file removed while spamgate runs is reported; the others are still scanned."""
    import spamgate.reader as reader
    from spamgate.hooks import check

    d = tmp_path / "tree"
    d.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (d / name).write_text(PLAIN)
    victim = d / "b.md"
    real_read = reader.read_path

    if when == "after-listing":
        # the directory was listed, then b.md disappears before it is read
        def read_path(path, *args, **kwargs):
            if path.endswith("a.md") and victim.exists():
                victim.unlink()
            return real_read(path, *args, **kwargs)
        monkeypatch.setattr(reader, "read_path", read_path)
    else:
        # b.md disappears between being opened by path lookup and the open itself
        real_open = os.open

        def vanishing_open(path, *args, **kwargs):
            if str(path) == str(victim) and victim.exists():
                victim.unlink()
            return real_open(path, *args, **kwargs)
        monkeypatch.setattr(reader.os, "open", vanishing_open)

    code = check.main(["--format", "json", str(d)])
    out = json.loads(capsys.readouterr().out)
    by_path = {f["path"]: f for f in out["files"]}
    assert by_path[str(victim)]["skipped"] == {"reason": "unreadable", "message": "no such file"}
    assert by_path[str(d / "a.md")]["verdict"] == "clean"
    assert by_path[str(d / "c.md")]["verdict"] == "clean"
    assert code == 2


def test_file_name_that_is_not_utf8(tmp_path, unchanged):
    """Names are bytes on POSIX: one that is not UTF-8 is printed escaped, never a crash,
    even when the output stream is strict UTF-8."""
    d = tmp_path / "names"
    d.mkdir()
    raw = os.fsencode(str(d)) + b"/caf\xe9.md"
    with open(raw, "wb") as fh:
        fh.write(b"caf\xe9\n")  # the content is not UTF-8 either: a warning names the file
    unchanged()
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    proc = spamgate("check", d, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "caf\\udce9.md: warning: not valid UTF-8" in proc.stdout
    proc = spamgate("check", "--format", "json", d, env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["skipped"]["reason"] == "undecodable"
    unchanged.check()
