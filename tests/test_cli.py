"""The command line: subcommands, exit codes, JSON schema, reading files."""
import json

from support import spamgate, spamgate_json, write


def test_version():
    proc = spamgate("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("spamgate 0.")


def test_unknown_command_is_usage_error():
    proc = spamgate("frobnicate")
    assert proc.returncode == 2
    assert "unknown command" in proc.stderr


def test_check_without_paths_is_usage_error():
    proc = spamgate("check")
    assert proc.returncode == 2
    assert "no paths" in proc.stderr


def test_bad_option_is_usage_error():
    proc = spamgate("check", "--format", "xml", "x")
    assert proc.returncode == 2


def test_clean_ascii_file_passes(tmp_path):
    f = write(tmp_path / "notes.md", "# Notes\n\nPlain ASCII text about the parser.\n")
    proc = spamgate("check", f)
    assert proc.returncode == 0, proc.stdout
    assert "no findings" in proc.stdout


def test_json_schema_of_clean_file(tmp_path):
    f = write(tmp_path / "a.txt", "hello world\n")
    code, data = spamgate_json(str(f))
    assert code == 0
    assert data["version"] == 1
    [entry] = data["files"]
    assert entry["path"] == str(f)
    assert entry["verdict"] == "clean"
    assert entry["score"] == 0
    assert entry["findings"] == []


def test_binary_file_is_skipped(tmp_path):
    f = tmp_path / "img.bin"
    f.write_bytes(b"\x89PNG\r\n\x00\x00\x00binary")
    proc = spamgate("check", "-v", f)
    assert proc.returncode == 0
    assert "binary" in proc.stdout


def test_invalid_utf8_is_reported_not_crashed(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("caf\xe9 cr\xe8me\n".encode("latin-1"))
    proc = spamgate("check", f)
    assert proc.returncode == 0
    assert "not valid UTF-8" in proc.stdout
    assert "line 1" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_missing_file_exits_2(tmp_path):
    proc = spamgate("check", tmp_path / "nope.md")
    assert proc.returncode == 2
    assert "no such file" in proc.stdout


def test_stdin_with_filename():
    proc = spamgate("check", "--format", "json", "--stdin-filename", "page.md", "-", input="plain text\n")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["files"][0]["path"] == "page.md"


def test_utf16_with_bom_is_read(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes("hello wörld\n".encode("utf-16"))
    code, data = spamgate_json(str(f))
    assert code == 0
    assert "skipped" not in data["files"][0]


def test_rules_lists_every_code():
    proc = spamgate("rules")
    assert proc.returncode == 0
    for line in proc.stdout.splitlines():
        code, name = line.split()[:2]
        assert code.startswith("SG") and name == name.lower()


def test_rules_unknown_code():
    proc = spamgate("rules", "SG999")
    assert proc.returncode == 2
