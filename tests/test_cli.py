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


def test_check_without_paths_checks_the_current_directory(tmp_path):
    write(tmp_path / "docs" / "a.md", "The w\u043erd.\n")
    write(tmp_path / "b.md", "Plain.\n")
    proc = spamgate("check", cwd=tmp_path)
    assert proc.returncode == 1
    assert "docs/a.md:1:5: SG101" in proc.stdout
    assert "in 1 of 2 files" in proc.stdout


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


def test_did_you_mean_for_commands_options_choices_and_rule_codes(tmp_path):
    proc = spamgate("chek", "x")
    assert proc.returncode == 2 and "spamgate: unknown command 'chek' (did you mean check?)" in proc.stderr
    proc = spamgate("check", "--fxi", "x")
    assert proc.returncode == 2 and "unrecognized arguments: --fxi (did you mean --fix?)" in proc.stderr
    proc = spamgate("check", "--format", "jsn", "x")
    assert proc.returncode == 2 and "invalid choice: 'jsn'" in proc.stderr and "(did you mean json?)" in proc.stderr
    proc = spamgate("check", "--select", "SG1O1", "x")
    assert proc.returncode == 2 and proc.stderr.rstrip().endswith("(did you mean SG101?)")
    proc = spamgate("rules", "SG1O1")
    assert proc.returncode == 2 and "unknown rule 'SG1O1' (did you mean SG101?)" in proc.stderr
    proc = spamgate("rules", "mixed-scrpt-word")
    assert "(did you mean mixed-script-word?)" in proc.stderr
    proc = spamgate("rules", "xyzzy")
    assert "unknown rule 'xyzzy' (see 'spamgate rules')" in proc.stderr  # nothing close: no guess


def test_help_text_has_no_markup():
    for command in ("check", "commit-msg", "rules", "evaluate", "pre-receive", "gitea", "audit"):
        proc = spamgate(command, "--help")
        assert proc.returncode == 0, command
        assert "``" not in proc.stdout, command
