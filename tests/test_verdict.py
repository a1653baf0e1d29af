"""Scores, thresholds, profiles and the verdict in text and JSON output."""
from __future__ import annotations

import pytest
from article_fixtures import README, REPORT, SPAM_CLOSERS
from support import spamgate, spamgate_json, write

from spamgate.model import ERROR, INFO, WARNING, Finding
from spamgate.verdict import CLEAN, SPAM, SUSPICIOUS, Thresholds, fails, judge, score


def f(code: str, weight: float, severity: str = WARNING, name: str = "x") -> Finding:
    return Finding(code=code, name=name, severity=severity, line=1, column=1, end_line=1, end_column=2,
                   text="x", message="m", weight=weight)


def test_score_adds_weights_and_lists_reasons_biggest_first():
    total, reasons = score([f("SG301", 3.5, name="clickbait-title"), f("SG201", 8, ERROR, "promotional-closer")])
    assert total == 11.5
    assert reasons == ["SG201 promotional-closer x1 (+8)", "SG301 clickbait-title x1 (+3.5)"]


def test_each_check_is_capped():
    total, reasons = score([f("SG203", 3)] * 5)
    assert total == 4
    assert reasons == ["SG203 x x5 (+4, capped at 4)"]


def test_lookalike_checks_share_a_cap_below_the_spam_threshold():
    many = [f("SG101", 1.5, ERROR)] * 40 + [f("SG102", 1.5, ERROR)] * 10 + [f("SG104", 1.5, ERROR)] * 5
    total, reasons = score(many)
    assert total == pytest.approx(5.0, abs=0.02)
    assert all("look-alike letters capped at 5" in r for r in reasons)
    assert judge(many).verdict == SUSPICIOUS
    # Joined by other evidence of the genre it becomes spam.
    assert judge(many + [f("SG405", 6)]).verdict == SPAM


def test_thresholds_decide_the_verdict():
    findings = [f("SG301", 3.5), f("SG302", 3)]
    assert judge(findings).verdict == SUSPICIOUS and judge(findings).score == 6.5
    assert judge(findings, Thresholds(spam=6.5, suspicious=3)).verdict == SPAM
    assert judge(findings, Thresholds(spam=20, suspicious=8)).verdict == CLEAN
    assert judge([]).verdict == CLEAN and judge([]).score == 0


@pytest.mark.parametrize("kwargs", [dict(spam=0), dict(spam=-1), dict(suspicious=12), dict(spam=float("nan")),
                                    dict(spam="10")])
def test_bad_thresholds_are_refused(kwargs):
    with pytest.raises(ValueError):
        Thresholds(**kwargs)


def test_profiles():
    one_lookalike = [f("SG101", 1.5, ERROR)]
    assert fails("commit", judge(one_lookalike), one_lookalike)
    assert not fails("push", judge(one_lookalike), one_lookalike)
    warnings_only = [f("SG301", 3.5), f("SG302", 3), f("SG401", 0.5, INFO)]
    assert not fails("commit", judge(warnings_only), warnings_only)
    spam = warnings_only + [f("SG201", 8, ERROR)]
    assert fails("push", judge(spam), spam)


def test_text_output_has_a_verdict_line(tmp_path):
    path = write(tmp_path / "The Pain of Nimbus-XL.-.md", REPORT.rstrip() + "\n\n" + SPAM_CLOSERS[0] + "\n")
    proc = spamgate("check", "--profile", "push", str(path))
    assert proc.returncode == 1
    line = [ln for ln in proc.stdout.splitlines() if ": verdict " in ln]
    assert line and "verdict spam (score" in line[0]
    assert "SG201 promotional-closer x1 (+8)" in line[0]


def test_json_output_has_reasons(tmp_path):
    path = write(tmp_path / "The Pain of Zephyr-7B.-.md", REPORT.rstrip() + "\n\n" + SPAM_CLOSERS[1] + "\n")
    code, data = spamgate_json("--profile", "push", str(path))
    result = data["files"][0]
    assert code == 1 and result["verdict"] == "spam" and result["failed"] is True
    assert result["score"] >= 10
    assert result["reasons"][0].startswith("SG201 promotional-closer")
    assert {f["code"] for f in result["findings"]} >= {"SG201", "SG205", "SG301", "SG302", "SG204"}


def test_commit_profile_fails_on_a_confident_closer_only(tmp_path):
    spam = write(tmp_path / "a.md", REPORT.rstrip() + "\n\n" + SPAM_CLOSERS[2] + "\n")
    legit = write(tmp_path / "README.md", README.rstrip() + "\n\nFor more information, visit our website.\n")
    code, data = spamgate_json(str(spam), str(legit))
    assert code == 1
    by_path = {r["path"]: r for r in data["files"]}
    assert by_path[str(spam)]["failed"] and not by_path[str(legit)]["failed"]
