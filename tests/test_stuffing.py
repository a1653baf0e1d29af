"""The keyword a page is written for (SG408 keyword-stuffing, SG409 keyword-anchor-link)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import spamgate, spamgate_json, write

FIXTURES = Path(__file__).parent / "fixtures"

_PARAGRAPHS = [
    "Buying a used electric scooter can save you hundreds compared with a new model from the shop.",
    "A used electric scooter is a smart choice for commuters, and a used electric scooter from a trusted "
    "seller often comes with a short warranty that covers the battery and the motor.",
    "Before you buy a used electric scooter, check the battery health, the brakes and the tyres, and ask "
    "the seller how many kilometres the scooter has travelled since it was bought.",
    "Prices for a used electric scooter depend on the brand, the age and the condition of the frame, "
    "so compare several listings before you decide which one offers the best value.",
    "Insurance is cheap as well: most policies cost little more than a bus pass, and a lock that fits the "
    "frame keeps thieves away when you park outside the office or the station.",
    "With a little care, a used electric scooter will carry you to work for years, cheaply and quietly, "
    "and it takes up far less room in the hall than a bicycle would.",
]
STUFFED = "\n\n".join(_PARAGRAPHS) + "\n"


def findings(tmp_path, name: str, text: str) -> list[dict]:
    path = write(tmp_path / name, text)
    _, report = spamgate_json("--profile", "push", str(path))
    return [f for item in report["files"] for f in item["findings"]]


def codes(tmp_path, name: str, text: str) -> list[str]:
    return [f["code"] for f in findings(tmp_path, name, text)]


def test_a_title_keyword_repeated_in_every_paragraph_is_reported(tmp_path):
    found = findings(tmp_path, "Used-Electric-Scooter-Deals.md", STUFFED)
    stuffing = [f for f in found if f["code"] == "SG408"]
    assert len(stuffing) == 1
    assert "'used electric scooter' recurs 6 times in 176 words" in stuffing[0]["message"]


def test_plurals_count_with_their_singular(tmp_path):
    text = STUFFED.replace("a used electric scooter is", "used electric scooters are", 1)
    assert "SG408" in codes(tmp_path, "Used-Electric-Scooters.md", text)


def test_without_the_keyword_in_the_title_nothing_is_reported(tmp_path):
    assert "SG408" not in codes(tmp_path, "notes.md", STUFFED)


def test_a_subject_of_two_words_is_what_writers_repeat(tmp_path):
    text = STUFFED.replace("used electric scooter", "tide gauge")
    assert "SG408" not in codes(tmp_path, "Tide-Gauge.md", text)


def test_a_phrase_joining_two_things_is_a_name_not_a_keyword(tmp_path):
    text = STUFFED.replace("used electric scooter", "crime and punishment")
    assert "SG408" not in codes(tmp_path, "Crime-And-Punishment-Translations.md", text)


def test_a_changelog_repeating_its_entry_header_is_not_stuffing(tmp_path):
    entries = "".join(f"tidyfmt ({n}.0-1) unstable; urgency=medium\n\n  * New upstream release.\n\n"
                      f" -- Jo Maintainer <jo@example.org>  Mon, 0{n % 9 + 1} Jan 2024 10:00:00 +0000\n\n"
                      for n in range(1, 30))
    assert "SG408" not in codes(tmp_path, "changelog", entries)


def test_a_keyword_link_to_a_page_named_after_it(tmp_path):
    text = STUFFED.replace("check the battery health",
                           "see [used electric scooter](https://scooter-deals.example/used-electric-scooter) and check "
                           "the battery health")
    found = [f for f in findings(tmp_path, "Used-Electric-Scooter-Deals.md", text) if f["code"] == "SG409"]
    assert len(found) == 1 and "scooter-deals.example/used-electric-scooter" in found[0]["message"]


def test_a_link_to_a_page_about_something_else_is_not_a_keyword_link(tmp_path):
    text = STUFFED.replace("check the battery health",
                           "read [the battery guide](https://scooters.example/battery-care) and check the battery health")
    assert "SG409" not in codes(tmp_path, "Used-Electric-Scooter-Deals.md", text)


def test_keyword_evidence_alone_is_never_spam(tmp_path):
    text = STUFFED.replace("check the battery health",
                           "see [used electric scooter](https://scooter-deals.example/used-electric-scooter) and check "
                           "the battery health")
    path = write(tmp_path / "Used-Electric-Scooter-Deals.md", text)
    proc = spamgate("check", "--profile", "push", "--format", "json", str(path))
    assert proc.returncode == 0, proc.stdout
    result = json.loads(proc.stdout)["files"][0]
    assert result["verdict"] != "spam" and not result["failed"]
    assert [r.split()[0] for r in result["reasons"]] == ["SG408", "SG409"]


@pytest.mark.parametrize("folder", ["generated", "generated_heldout"])
def test_crafted_generated_articles_without_lookalikes_or_closer_are_spam(folder):
    """The held-out set is not part of the calibration (scripts/calibrate.py --articles)."""
    proc = spamgate("evaluate", "--deconfuse", "--format", "json", str(FIXTURES / folder))
    assert proc.returncode == 0, proc.stderr
    spam = json.loads(proc.stdout)["spam"]
    assert (spam["cases"], spam["spam"]) == (5, 5)
    assert spam["margin"]["min"] > 0


def test_crafted_generated_articles_pass_the_commit_profile():
    """No look-alike letters: the commit profile has nothing for their authors to fix."""
    files = sorted(str(p) for p in (FIXTURES / "generated" / "spam").iterdir())
    proc = spamgate("check", "--profile", "commit", *files)
    assert proc.returncode == 0, proc.stdout
    assert "(0 failing under the commit profile)" in proc.stdout


def test_a_plural_inside_the_keyword_counts_with_its_singular(tmp_path):
    text = STUFFED.replace("used electric scooter", "scooter repairs shop")
    assert "SG408" in codes(tmp_path, "Scooter-Repair-Shop.md", text)
