"""Title candidates and the clickbait title rule (SG3xx)."""
from __future__ import annotations


import pytest
from article_fixtures import README, REPORT
from support import spamgate, spamgate_json, write

from spamgate.model import Document
from spamgate.rules import title
from spamgate.rules._shapes import shape as title_shape
from spamgate.titles import subject_title, title_candidates, title_from_filename


def findings(text: str, path: str, subject: str | None = None):
    doc = Document(path=path, text=text, commit_subject=subject)
    return list(title.find(doc))


def codes(text: str, path: str, subject: str | None = None) -> list[str]:
    return [f.code for f in findings(text, path, subject)]


@pytest.mark.parametrize("name,expected", [
    ("Do You Need A BERT-large%3F.-.md", "Do You Need A BERT-large?"),
    ("H%D0%BEw-To-Find-InstructGPT-Online.md", "H\u043ew To Find InstructGPT Online"),
    ("wiki/The Pain of DistilBERT-base.-.md", "The Pain of DistilBERT-base"),
    ("Six+Habits+Of+Extremely+Efficient+XLM-mlm-100-1280.-", "Six Habits Of Extremely Efficient XLM-mlm-100-1280"),
    ("Prepare-To-Snort%253A-Nimbus-XL.md", "Prepare To Snort: Nimbus XL"),
    ("docs/getting_started.md", "getting started"),
])
def test_title_from_file_name(name, expected):
    assert title_from_filename(name) == expected


@pytest.mark.parametrize("subject,expected", [
    ("Add The Nimbus-XL Mystery Revealed", "The Nimbus-XL Mystery Revealed"),
    ("Add 'The Pain of Nimbus-XL'", "The Pain of Nimbus-XL"),
    ("[PATCH] Add How To Find Nimbus-XL Online", "How To Find Nimbus-XL Online"),
    ("Update 'Home'", "Home"),
    ("Fix crash on empty input", "Fix crash on empty input"),
])
def test_title_from_commit_subject(subject, expected):
    assert subject_title(subject) == expected


def test_candidates_come_from_heading_file_name_and_subject():
    doc = Document(path="The-Pain-of-Nimbus-XL.md", text="# **Perceiver** [notes](https://x.example)\n\nText.\n",
                   commit_subject="Add The Pain of Nimbus-XL")
    got = [(c.source, c.text) for c in title_candidates(doc)]
    assert got == [("heading", "Perceiver notes"), ("filename", "The Pain of Nimbus XL"),
                   ("commit-subject", "The Pain of Nimbus-XL")]


@pytest.mark.parametrize("name", [
    "The Pain of Nimbus-XL.-.md",
    "Nimbus-XL No Longer a Mystery.md",
    "How-To-Find-Nimbus-XL-Online.md",
    "9 Tips For Nimbus-XL.-.md",
    "Eight-Tips-For-Nimbus-XL.md",
    "Six Habits Of Extremely Efficient Nimbus-XL.-.md",
    "Five-Reasons-why-You're-Nonetheless-An-Newbie-At-Nimbus-XL.md",
    "Want To Have A More Appealing Nimbus-XL%3F Read This!.-.md",
    "The secret Of Nimbus-XL.md",
    "What Makes Nimbus-XL That Different.md",
    "Sexy Nimbus-XL.md",
    "Nimbus-XL For Money.md",
    "Nimbus-XL Is Essential To Your enterprise. Be taught Why!.-.md",
    "The Unexplained Mystery Into Nimbus-XL Uncovered.md",
    "Why Everybody Is Talking About Nimbus-XL...The Simple Truth Revealed.md",
    "Little Recognized Ways To Rid Your self Of Nimbus-XL.md",
    "H%D0%BEw-To-Find-Nimbus-XL-Online.md",  # look-alike in the encoded name
])
def test_clickbait_file_names(name):
    found = codes(REPORT, name)
    assert "SG301" in found
    assert "SG302" in found  # the keyword never occurs in the report


@pytest.mark.parametrize("name", [
    "How to find memory leaks in Go.md",
    "README.md",
    "Getting-Started.md",
    "The Rust Programming Language.md",
    "Release notes 2.3.md",
    "Why we moved to PostgreSQL.md",
    "Home.md",
    "Introduction.md",
])
def test_ordinary_titles(name):
    assert codes(REPORT, name) == []


def test_keyword_present_in_body_is_not_absent():
    found = codes(REPORT, "9 Tips For The Perceiver Encoder.md")
    assert found == []  # a listicle about the body's own subject is ordinary
    found = codes(REPORT, "Are You Making These Perceiver Encoder Mistakes?.md")
    assert found == ["SG301"]


@pytest.mark.parametrize("title", [
    # numbered listicles, the reader addressed, promises and mysteries, spun wording
    "10 Reasons Your Nimbus-XL Is Not What It Could Be",
    "Eight Legal guidelines Of Nimbus-XL",
    "Are You Making These Nimbus-XL Mistakes?",
    "Fascinating Facts I Wager You By no means Knew About Nimbus-XL",
    "Incontestable Evidence That You Need Nimbus-XL",
    "7 Things You Didn't Know About Nimbus-XL",
    "Warning: These 9 Mistakes Will Destroy Your Nimbus-XL",
    "Right here Is A Technique That Is Helping Nimbus-XL",
    "Ten Amazing Nimbus-XL Hacks",
    "Who Else Wants To Know The Mystery Behind Nimbus-XL?",
])
def test_generated_title_shapes(title):
    assert title_shape(title).clickbait, title_shape(title)


@pytest.mark.parametrize("title", [
    "Installing the parser", "Release notes for 2.3", "Frequently Asked Questions", "Getting Started With The API",
    "10 tips for faster builds", "Why You Should Use Rust", "Best Practices For Writing Secure Code",
    "CODE OF CONDUCT", "How to find memory leaks in Go", "The Rust Programming Language", "Changelog",
    "What We Learned At RustConf This Year", "Known issues", "Migrating from version 2 to version 3",
])
def test_ordinary_headings(title):
    assert not title_shape(title).clickbait, title_shape(title)


def test_shape_names_its_parts_and_keyword():
    found = title_shape("Eight Legal guidelines Of Nimbus-XL")
    assert found.keyword == "Nimbus-XL"
    assert any(p.startswith("spinner wording") for p in found.parts) and "a numbered list" in found.parts
    [f] = [f for f in findings(REPORT, "Eight Legal guidelines Of Nimbus-XL.md") if f.code == "SG301"]
    assert "legal guidelines" in f.message and "'Nimbus-XL'" in f.message


def test_heading_and_commit_subject_are_candidates():
    text = "# The Pain of Nimbus-XL\n\n" + REPORT
    [f, g] = findings(text, "notes.md")
    assert (f.code, f.line, f.location) == ("SG301", 1, "content")
    assert g.code == "SG302"
    found = findings(REPORT, "notes.md", subject="Add How To Find Nimbus-XL Online")
    assert [f.code for f in found] == ["SG301", "SG302"]
    assert found[0].location == "commit-message"


def test_keyword_stuffed_title():
    assert "SG303" in codes(README, "Best VPN - Free VPN - VPN Download - Cheap VPN.md")
    assert "SG303" not in codes(README, "Build and test the build tool.md")


def test_commit_message_document(tmp_path):
    msg = write(tmp_path / "COMMIT_EDITMSG", "Add The Pain of Nimbus-XL\n")
    proc = spamgate("commit-msg", str(msg))
    # A title alone is a warning: the commit-msg hook reports but does not fail on it.
    assert "SG301" in proc.stdout
    assert proc.returncode == 0


def test_cli_reports_file_name_titles(tmp_path):
    path = write(tmp_path / "The Pain of Nimbus-XL.-.md", REPORT)
    code, data = spamgate_json("--profile", "push", str(path))
    got = {f["code"]: f for f in data["files"][0]["findings"]}
    assert got["SG301"]["location"] == "path" and got["SG301"]["line"] == 0
    assert data["files"][0]["verdict"] in ("suspicious", "spam")


def test_cli_commit_subject_option(tmp_path):
    path = write(tmp_path / "page.md", README)
    code, data = spamgate_json("--commit-subject", "Add 'Sexy Nimbus-XL'", str(path))
    assert [f["code"] for f in data["files"][0]["findings"]][:1] == ["SG301"]
    assert code == 0  # warnings do not fail the commit profile
