"""CI formats as their consumers read them: SARIF for code scanning, GitLab Code
Quality, JUnit XML, and the source lines of the text format."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

from support import spamgate, write
from test_reporters import validate_sarif

PAGE = "# Notes\n\nThe w\u043erd and the w\u043erd.\nIt ex\u200bplains \u202eevil.\n"
TITLE = "The Pain of Zephyr-7B.-.md"  # a Gitea wiki page with a clickbait title


def setup(tmp_path):
    write(tmp_path / "wiki" / TITLE, PAGE)
    write(tmp_path / "ok.md", "fine\n")
    write(tmp_path / "big.md", "x" * 2000)


def run(tmp_path, fmt, *args, env=None):
    return spamgate("check", "--format", fmt, "--max-file-size", "1000", *args, "wiki", "ok.md", "big.md",
                    cwd=tmp_path, env=env)


# ---------------------------------------------------------------- SARIF


def test_sarif_regions_help_and_failed_run(tmp_path):
    setup(tmp_path)
    env = dict(os.environ, SPAMGATE_RULES_URL="https://git.example.org/you/spamgate/src/tag/v0.2.0/docs/rules/")
    proc = run(tmp_path, "sarif", "--statistics", env=env)
    assert proc.returncode == 1
    assert proc.stdout.isascii()
    log = json.loads(proc.stdout)
    validate_sarif(log)
    [run_] = log["runs"]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["SG101"]["helpUri"] == "https://git.example.org/you/spamgate/src/tag/v0.2.0/docs/rules/SG101.md"
    assert rules["SG101"]["properties"]["precision"] == "high"
    assert 7.0 <= float(rules["SG106"]["properties"]["security-severity"]) <= 9.0  # an error: high
    assert rules["SG204"]["properties"]["precision"] == "low"
    # Every result has a region, findings about the file name too (on line 1).
    for result in run_["results"]:
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    by_rule = {}
    for result in run_["results"]:
        by_rule.setdefault(result["ruleId"], []).append(result)
    [title] = by_rule["SG301"]
    assert title["properties"]["location"] == "path"
    assert title["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    # The file too large to scan is a result and makes the run unsuccessful.
    [big] = by_rule["not-scanned"]
    assert big["level"] == "error" and "over the 1000-byte limit" in big["message"]["text"]
    [invocation] = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    assert {"code": "SG101", "name": "mixed-script-word", "count": 2} in run_["properties"]["statistics"]
    # Without the address of the rule pages there is no helpUri; a clean run is successful.
    proc = spamgate("check", "--format", "sarif", "ok.md", cwd=tmp_path)
    log = json.loads(proc.stdout)
    validate_sarif(log)
    assert "helpUri" not in log["runs"][0]["tool"]["driver"]["rules"][0]
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


# ---------------------------------------------------------------- GitLab Code Quality

# What GitLab documents for a Code Quality report ("Implement a custom tool"):
# an array of issues with these fields and types.
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def test_gitlab_code_quality(tmp_path):
    from jsonschema import Draft7Validator

    setup(tmp_path)
    proc = run(tmp_path, "gitlab")
    assert proc.returncode == 1
    assert proc.stdout.isascii()  # a report left in the tree quotes no look-alikes
    issues = json.loads(proc.stdout)
    errors = list(Draft7Validator(GITLAB_SCHEMA).iter_errors(issues))
    assert not errors, errors[:3]
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab requires them unique
    paths = {i["location"]["path"] for i in issues}
    assert paths == {f"wiki/{TITLE}", "big.md"}  # relative to the working directory
    words = [i for i in issues if i["check_name"] == "SG101 mixed-script-word"]
    assert [i["location"]["lines"]["begin"] for i in words] == [3, 3]
    assert words[0]["severity"] == "major"
    [verdict] = [i for i in issues if i["check_name"] == "spamgate:verdict"]
    assert verdict["description"].startswith(f"wiki/{TITLE} fails under the commit profile: verdict")
    [big] = [i for i in issues if i["check_name"] == "spamgate:not-scanned"]
    assert "over the 1000-byte limit" in big["description"]
    # Fingerprints survive lines moving.
    write(tmp_path / "wiki" / TITLE, "New first line.\n" + PAGE)
    moved = json.loads(run(tmp_path, "gitlab").stdout)
    assert {i["fingerprint"] for i in moved if i["check_name"].startswith("SG1")} == \
           {i["fingerprint"] for i in issues if i["check_name"].startswith("SG1")}


# ---------------------------------------------------------------- JUnit XML


def test_junit_xml(tmp_path):
    setup(tmp_path)
    write(tmp_path / "ctl\x01.md", "a t\u0435st\n")  # a control character XML 1.0 does not allow
    write(tmp_path / "img.png", "\x89PNG\x00\x00")
    proc = spamgate("check", "--format", "junit", "--max-file-size", "1000", "-v", "wiki", "ok.md", "big.md",
                    "ctl\x01.md", "img.png", "missing.md", cwd=tmp_path)
    assert proc.returncode == 2  # a named file is missing
    assert proc.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    assert proc.stdout.isascii()
    root = ET.fromstring(proc.stdout.encode("utf-8"))  # well-formed XML 1.0
    [suite] = root.findall("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {f"wiki/{TITLE}", "ok.md", "big.md", "ctl<U+0001>.md", "img.png", "missing.md"}
    for case in cases.values():  # what JUnit consumers read from every case
        assert case.get("classname") and case.get("name") and case.get("time") is not None
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == \
           {"tests": "6", "failures": "3", "errors": "1", "skipped": "1"}
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == \
           {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")}
    failure = cases[f"wiki/{TITLE}"].find("failure")
    assert failure.get("message").startswith("5 findings; verdict")
    assert f"wiki/{TITLE}:3:5: SG101 Word \"w\u043erd\"" in failure.text
    assert "over the 1000-byte limit" in cases["big.md"].find("failure").get("message")
    assert "ctl<U+0001>.md:1:3: SG101" in cases["ctl<U+0001>.md"].find("failure").text
    assert cases["img.png"].find("skipped") is not None
    assert cases["missing.md"].find("error").get("message") == "no such file"
    assert list(cases["ok.md"]) == []


# ---------------------------------------------------------------- JSON statistics


def test_json_statistics_and_summary(tmp_path):
    setup(tmp_path)
    proc = run(tmp_path, "json", "--statistics")
    data = json.loads(proc.stdout)
    assert data["summary"] == {"files": 3, "scanned": 2, "findings": 5, "failing": 1, "not_scanned": 1,
                               "baselined": 0}
    assert data["statistics"][0] == {"code": "SG101", "name": "mixed-script-word", "count": 2}
    assert "statistics" not in json.loads(run(tmp_path, "json").stdout)


# ---------------------------------------------------------------- text: the source lines


def test_text_shows_the_line_with_the_characters_marked(tmp_path):
    setup(tmp_path)
    out = run(tmp_path, "text").stdout
    assert (f"wiki/{TITLE}:3:5: SG101 Word \"w\u043erd\" mixes Cyrillic into Latin: U+043E CYRILLIC SMALL "
            "LETTER O; plain spelling \"word\"\n"
            "  |\n"
            "3 | The w\u043erd and the w\u043erd.\n"
            "  |     ^^^^ SG101\n") in out
    # Invisible and bidi characters are shown by code point, and named under the carets.
    assert ("4 | It ex<U+200B>plains <U+202E>evil.\n"
            "  |    ^^^^^^^^^^^^^^^^ SG105: U+200B ZERO WIDTH SPACE\n") in out
    assert "\u202e" not in out and "\u200b" not in out
    # The concise format is one line a finding.
    concise = run(tmp_path, "concise").stdout
    assert "  |" not in concise and f"wiki/{TITLE}:3:5: SG101" in concise


def test_text_snippet_columns_with_wide_characters_and_tabs(tmp_path):
    write(tmp_path / "a.md", "\u65e5\u672c\tw\u043erd\n")
    out = spamgate("check", "a.md", cwd=tmp_path).stdout
    assert "1 | \u65e5\u672c    w\u043erd\n  |         ^^^^ SG101\n" in out
    colored = spamgate("check", "--color", "always", "a.md", cwd=tmp_path).stdout
    assert "\x1b[31;1m^^^^ SG101\x1b[0m" in colored


def test_github_and_concise_fail_a_file_too_large_to_scan(tmp_path):
    setup(tmp_path)
    proc = run(tmp_path, "github")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("::error title=spamgate::Found 5 findings in 1 of 2 files (1 failing under the "
                               "commit profile); 1 file too large to scan, failing.")
    # Before any finding: the files that fail.
    assert lines[1].startswith("::error file=wiki/The Pain of Zephyr-7B.-.md,title=spamgate%3A fails::")
    assert lines[2].startswith("::error file=big.md,title=spamgate%3A file not scanned::2000 bytes is over the "
                               "1000-byte limit, so it was not scanned and fails")
    proc = run(tmp_path, "concise")
    assert "big.md: error: 2000 bytes is over the 1000-byte limit, so it was not scanned and fails" in proc.stdout
