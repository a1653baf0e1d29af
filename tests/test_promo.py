"""The promotional closing paragraph rule (SG2xx)."""
from __future__ import annotations

import time

import pytest
from article_fixtures import LEGIT_CLOSERS, README, REPORT, SPAM_CLOSERS
from support import spamgate_json, write

from spamgate.model import Document
from spamgate.rules import promo


def codes(text: str, path: str = "notes.md") -> list[str]:
    return [f.code for f in promo.check(Document(path=path, text=text))]


def with_closer(body: str, closer: str) -> str:
    return body.rstrip() + "\n\n" + closer + "\n"


@pytest.mark.parametrize("closer", SPAM_CLOSERS)
def test_spam_closers_are_confident(closer):
    found = codes(with_closer(REPORT, closer))
    assert "SG201" in found, found
    assert "SG205" in found  # the keyword never occurs in the report


@pytest.mark.parametrize("closer", LEGIT_CLOSERS)
def test_legitimate_calls_to_action_are_not_reported(closer):
    for body in (REPORT, README):
        found = codes(with_closer(body, closer))
        assert not {"SG201", "SG202", "SG205"} & set(found), (closer, found)


@pytest.mark.parametrize("closer", [
    # look-alike letters in the closer itself
    "If y\u043eu l\u043eved this \u0430rticle and you would like to get m\u043ere inf\u043e about Nimbus-XL "
    "kindly visit \u043eur own web site.",
    # letters dropped here and there
    "If you lovd this articl and you would lik to get mor info about Nimbus-XL kindly vist our own web site.",
    # the link is gone: only the anchor text is left
    "If you liked this post and you would like to obtain more details about Nimbus-XL please visit our web-page.",
    # a bare URL after the keyword, wrapped over two lines
    "If you loved this article and you would like to get more info about Nimbus-XL\n"
    "https://shop.example.com/nimbus kindly visit our own web site.",
    # site first, keyword last
    "Please visit our own web site for more info about Nimbus-XL.",
])
def test_grammar_tolerates_disguises(closer):
    assert {"SG201", "SG202"} & set(codes(with_closer(REPORT, closer)))


def test_keyword_the_document_is_about_is_only_weak():
    # Same shape, but the keyword is what the article is about and nothing is spun.
    closer = "If you want to read more about the Perceiver encoder, check out our web site."
    found = codes(with_closer(REPORT, closer))
    assert "SG201" not in found and "SG205" not in found
    assert "SG202" in found


def test_self_promotion_is_not_a_keyword():
    closer = "If you liked this article and you would like more information about our training courses, please visit our website."
    assert codes(with_closer(REPORT, closer)) == []


def test_appreciation_without_a_keyword_request_is_not_reported():
    closer = "If you loved this article and you found it interesting, please, like and share it."
    assert codes(with_closer(REPORT, closer)) == []


def test_promotion_mid_text_is_weak():
    middle = ("If you loved this article and you would like to get more info about Nimbus-XL "
              "kindly visit our own web site.")
    paragraphs = REPORT.split("\n\n")
    text = "\n\n".join(paragraphs[:3] + [middle] + paragraphs[3:])
    found = codes(text)
    assert "SG202" in found and "SG201" not in found


@pytest.mark.parametrize("url", [
    "http://www.example.de/extern/link.php?url=https://target.example.com/page",
    "https://forum.example.net/redirect?url=https%3A%2F%2Ftarget.example.com",
    "https://social.example.com/away?to=https://target.example.com",
    "http://example.org/out.php?id=4711",
    "https://example.com/go.php?u=http://target.example.com",
    "https://example.com/out?src=mail&lang=en&url=https%3A%2F%2Ftarget.example.com",
])
def test_redirect_scripts(url):
    text = f"See [the tool]({url}) for details.\n"
    assert codes(text) == ["SG203"]


@pytest.mark.parametrize("url", [
    "https://github.com/login?return_to=https://github.com/example/repo",
    "https://example.com/oauth/authorize?client_id=1&redirect_uri=https://app.example.com/cb",
    "https://docs.example.com/outline?page=2",
])
def test_urls_that_are_not_redirect_scripts(url):
    assert codes(f"See [the docs]({url}).\n") == []


def test_shorteners():
    assert codes("Slides: https://bit.ly/3abcDEF and [board](https://pin.it/6C29Fh2ma)\n") == ["SG204", "SG204"]
    assert codes("Code: https://github.com/example/bitly-clone\n") == []


def test_finding_points_at_the_closing_paragraph():
    closer = SPAM_CLOSERS[0]
    text = with_closer(REPORT, closer)
    findings = [f for f in promo.check(Document(path="a.md", text=text)) if f.code == "SG201"]
    assert len(findings) == 1
    f = findings[0]
    assert text[f.offset:f.end_offset] == f.text
    assert f.text.startswith("If you loved this article")
    assert f.line == text[:f.offset].count("\n") + 1
    assert "Nimbus-XL" in f.message


def test_cli_push_profile_blocks_report_with_closer(tmp_path):
    path = write(tmp_path / "notes.md", with_closer(REPORT, SPAM_CLOSERS[0]))
    code, data = spamgate_json("--profile", "push", str(path))
    [result] = data["files"]
    assert result["verdict"] == "spam" and code == 1
    assert any(r.startswith("SG201 promotional-closer") for r in result["reasons"])


@pytest.mark.parametrize("closer", LEGIT_CLOSERS[:4])
def test_cli_commit_profile_passes_readme_with_call_to_action(tmp_path, closer):
    path = write(tmp_path / "README.md", with_closer(README, closer))
    code, data = spamgate_json(str(path))
    assert code == 0, data
    assert data["files"][0]["verdict"] == "clean"


@pytest.mark.parametrize("text", [
    "more info about x visit our site. " * 20000,
    "If you loved this post and want more info about Nimbus-XL visit our own web site. " * 20000,
    ("if you loved this article and you would like more info about " * 400) + "visit our site",
    "about " * 100000,
    "[" * 50000 + "](" * 50000,
    "<a href=" * 50000,
    "x\n\n" * 100000,
])
def test_hostile_input_stays_fast(text):
    start = time.perf_counter()
    list(promo.check(Document(path="a.md", text=text)))
    assert time.perf_counter() - start < 3.0
