"""Scores, kinds of evidence, corroboration, thresholds, profiles and the verdict in text and JSON output."""
from __future__ import annotations

import pytest
from article_fixtures import README, REPORT, SPAM_CLOSERS
from support import ROOT, spamgate, spamgate_json, write

from spamgate.engine import scan_document
from spamgate.hooks.evaluate import LEGIT_CLOSERS, PROMO_CLOSERS, promo_closer
from spamgate.model import ERROR, INFO, WARNING, Document, Finding
from spamgate.registry import all_checks
from spamgate.verdict import (CLEAN, DEFAULT_THRESHOLDS, SPAM, SUSPICIOUS, Thresholds, fails, judge, policy,
                              score)

KIND_CAP, CORROBORATION = policy()


def f(code: str, weight: float, severity: str = WARNING, name: str = "x", span: tuple[int, int] = (-1, -1)) -> Finding:
    return Finding(code=code, name=name, severity=severity, line=1, column=1, end_line=1, end_column=2,
                   text="x", message="m", weight=weight, offset=span[0], end_offset=span[1])


def test_score_adds_weights_and_lists_reasons_biggest_first():
    total, reasons = score([f("SG301", 1.5, name="clickbait-title"), f("SG405", 2.5, name="lookalike-variety")])
    assert total == 4
    assert reasons == ["SG405 lookalike-variety x1 (+2.5)", "SG301 clickbait-title x1 (+1.5)"]


def test_each_check_is_capped():
    cap = all_checks()["SG206"].cap
    total, reasons = score([f("SG206", cap)] * 5)
    assert total == cap
    assert reasons == [f"SG206 x x5 (+{cap:g}, capped at {cap:g})"]


def test_one_kind_of_evidence_is_capped_below_the_spam_threshold():
    # Every check of one kind at its full cap, many times over: the kind adds at most KIND_CAP.
    declared = all_checks()
    for kind in {c.evidence for c in declared.values() if c.evidence}:
        many = [f(code, 2 * max(check.cap, 1), ERROR) for code, check in declared.items() if check.evidence == kind] * 5
        verdict = judge(many)
        assert verdict.score <= KIND_CAP < DEFAULT_THRESHOLDS.spam, kind
        assert verdict.verdict != SPAM, kind
    # Generated style reaches the cap: a stock opening and dense filler prose.
    verdict = judge([f("SG401", 5)] * 2 + [f("SG406", 1)] * 10 + [f("SG402", 3)])
    assert verdict.evidence == (("generated style", KIND_CAP),)
    assert verdict.verdict == SUSPICIOUS


def test_spam_needs_a_second_kind_of_evidence():
    thresholds = Thresholds(spam=8, suspicious=4)
    needed = CORROBORATION * thresholds.spam
    alone = [f("SG401", 5)] * 2 + [f("SG406", 1)] * 10
    assert judge(alone, thresholds).verdict == SUSPICIOUS
    weak = alone + [f("SG301", needed - 0.5)]
    verdict = judge(weak, thresholds)
    assert verdict.score >= thresholds.spam and verdict.verdict == SUSPICIOUS
    assert verdict.reasons[-1].startswith("not spam: the evidence is mostly of one kind (generated style)")
    assert judge(alone + [f("SG301", needed)], thresholds).verdict == SPAM


def full(code: str, span: tuple[int, int] = (-1, -1)) -> Finding:
    """A finding of ``code`` worth its check's whole cap."""
    return f(code, all_checks()[code].cap, span=span)


def test_evidence_inside_a_promotional_sentence_is_part_of_it():
    closer = full("SG201", span=(100, 260))
    inside = [full("SG203", span=(150, 200)), full("SG205", span=(140, 149))]
    elsewhere = full("SG405", span=(10, 15))
    verdict = judge([closer, *inside, elsewhere])
    promotion = min(KIND_CAP, sum(all_checks()[c].cap for c in ("SG201", "SG203", "SG205")))
    assert dict(verdict.evidence) == {"promotion": round(promotion, 2), "characters": all_checks()["SG405"].cap}
    # The same redirect link outside the sentence is evidence of its own kind.
    apart = judge([closer, full("SG203", span=(300, 320)), inside[1], elsewhere])
    assert "links" in dict(apart.evidence)


def test_thresholds_decide_the_verdict():
    findings = [full("SG405"), full("SG301"), full("SG406")]
    total = judge(findings).score
    assert total >= 10 and judge(findings).verdict == SPAM
    assert judge(findings).margin(DEFAULT_THRESHOLDS) == round(total - 10, 2)
    assert judge(findings, Thresholds(spam=total + 1, suspicious=4)).verdict == SUSPICIOUS
    assert judge(findings, Thresholds(spam=total + 10, suspicious=total + 5)).verdict == CLEAN
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
    warnings_only = [full("SG301"), full("SG302"), f("SG401", 0.5, INFO)]
    assert not fails("commit", judge(warnings_only), warnings_only)
    spam = warnings_only + [full("SG405"), full("SG406")]
    assert fails("push", judge(spam), spam)


# ---------------------------------------------------------------- one sentence never decides

UNICODE_FIXTURE = """# Normaliser fixtures

| case | input | expected |
| --- | --- | --- |
| Cyrillic a | p\u0430ypal | paypal |
| Greek omicron | g\u03bfogle | google |
| zero width space | in\u200bvisible | invisible |
| right-to-left override | abc\u202edef | abcdef |
| Roman numeral fifty | \u217canguage | language |
| Latin alpha | Langu\u0251ge | Language |

The normaliser must map \u0441\u043e\u0440\u0443 to copy, \u0455\u0435\u0441\u0443r\u0435 to secure and
\u0440\u0430ss\u0461ord to password, drop the hidden characters in in\u200bside and sh\u00adould, and report
the override in abc\u202edef.
"""


def test_a_unicode_test_fixture_is_not_spam():
    result = scan_document(Document("tests/fixtures/normaliser.md", UNICODE_FIXTURE), profile="push")
    assert result.verdict.verdict != SPAM, result.verdict
    assert {kind for kind, _ in result.verdict.evidence} == {"characters"}


BRIEF_CTA = ("If you found this article useful and want to read more about Rust, have a look at our blog at "
             "https://blog.example.org.")


NOTES = """# Sourdough notes

We bake twice a week with a starter that is now three years old. It lives in the fridge between bakes
and gets two feeds before it goes into a dough: one the evening before and one in the morning.

The dough is 75 percent water, with a tenth of the flour wholemeal. After mixing we stretch and fold it
four times, half an hour apart, then leave it until it has grown by about half. Shaped loaves rest in
the fridge overnight and bake straight from the cold in a covered pot.

Our biggest lesson: the starter, not the recipe, decides the timing. Watch the dough, not the clock.
"""


@pytest.mark.parametrize("closer", [BRIEF_CTA, *LEGIT_CLOSERS, *(promo_closer(k) for k in range(len(PROMO_CLOSERS)))])
@pytest.mark.parametrize("name, body", [("README.md", README), ("Sourdough-Notes.md", NOTES),
                                        ("5 Things You Should Know About Sourdough.md", NOTES)])
def test_a_call_to_action_alone_never_makes_a_document_spam(name, body, closer):
    result = scan_document(Document(name, body.rstrip() + "\n\n" + closer + "\n"), profile="push")
    assert result.verdict.verdict != SPAM, result.verdict


def test_this_project_documentation_is_not_spam():
    paths = [ROOT / "README.md", *sorted((ROOT / "docs" / "rules").glob("*.md"))]
    for path in paths:
        result = scan_document(Document(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")),
                               profile="push")
        assert result.verdict.verdict != SPAM, (path.name, result.verdict)


# ---------------------------------------------------------------- output

def test_text_output_has_a_verdict_line(tmp_path):
    path = write(tmp_path / "The Pain of Nimbus-XL.-.md", REPORT.rstrip() + "\n\n" + SPAM_CLOSERS[0] + "\n")
    proc = spamgate("check", "--profile", "push", str(path))
    assert proc.returncode == 1
    line = [ln for ln in proc.stdout.splitlines() if ": verdict " in ln]
    assert line and "verdict spam (score" in line[0]
    assert "SG205 unrelated-keyword x1" in line[0] and "SG301 clickbait-title x1" in line[0]


def test_json_output_has_reasons(tmp_path):
    path = write(tmp_path / "The Pain of Zephyr-7B.-.md", REPORT.rstrip() + "\n\n" + SPAM_CLOSERS[1] + "\n")
    code, data = spamgate_json("--profile", "push", str(path))
    result = data["files"][0]
    assert code == 1 and result["verdict"] == "spam" and result["failed"] is True
    assert result["score"] >= 10
    assert any(r.startswith("SG205 unrelated-keyword") for r in result["reasons"])
    assert {f["code"] for f in result["findings"]} >= {"SG201", "SG205", "SG301", "SG302", "SG204"}


def test_commit_profile_fails_on_a_confident_closer_only(tmp_path):
    spam = write(tmp_path / "a.md", REPORT.rstrip() + "\n\n" + SPAM_CLOSERS[2] + "\n")
    legit = write(tmp_path / "README.md", README.rstrip() + "\n\nFor more information, visit our website.\n")
    code, data = spamgate_json(str(spam), str(legit))
    assert code == 1
    by_path = {r["path"]: r for r in data["files"]}
    assert by_path[str(spam)]["failed"] and not by_path[str(legit)]["failed"]
