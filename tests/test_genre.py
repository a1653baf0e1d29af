"""Weaker evidence of generated spam articles (SG4xx)."""
from __future__ import annotations

import random

import pytest
from article_fixtures import README, REPORT

from spamgate.model import Document
from spamgate.rules import genre


def codes(text: str, path: str = "notes.md") -> list[str]:
    return [f.code for f in genre.check(Document(path=path, text=text))]


# ------------------------------------------------------------ SG401

@pytest.mark.parametrize("opening", [
    "Introduction\n\nModels of this kind…",
    "Title: A Scalable Framework for Adaptive Alignment\nAbstract\nThis paper…",
    "In the realm of natural language processing, models…",
    "In recent years, the field of speech recognition has…",
    "In the ever-evolving landscape of cloud services…",
    "Overview\n\nThis report delves into the architecture of…",
    "This observational research article aims to explore…",
])
def test_stock_openings(opening):
    assert "SG401" in codes(opening + "\n\nMore text follows here.\n")


@pytest.mark.parametrize("opening", [
    "# tidyfmt\n\nFormats configuration files.",
    "---\ntitle: \"Golang finding memory leaks\"\n---\n\nWe look at pprof.",
    "Release 2.3 adds a new parser.\n\n## Introduction of the cache\n\nLater in the text.",
    "Introductions to the team are on the wiki.",
])
def test_ordinary_openings(opening):
    assert "SG401" not in codes(opening + "\n")


def test_stock_phrase_late_in_the_document_is_not_an_opening():
    text = README + "\n" + ("Filler paragraph about formatting. " * 60) + "\n\nIn recent years, YAML grew.\n"
    assert "SG401" not in codes(text)


# ------------------------------------------------------------ SG402

@pytest.mark.parametrize("text", [
    "Okay, the user wants me to write a report about speech models. Let me start.\n\nIntroduction\n",
    "Alright, I need to write an article about vector databases.\n",
    "Some text.\n\nOkay, so the user asked me to write about caching.\n",
    "<think>plan the article</think>\nIntroduction\n",
])
def test_leaked_reasoning(text):
    assert "SG402" in codes(text)


@pytest.mark.parametrize("text", [
    "Okay, the build is green now.\n",
    "The user wants the export to be fast, so we stream rows.\n",
    "Let me know if the install fails.\n",
])
def test_ordinary_prose_is_not_reasoning(text):
    assert "SG402" not in codes(text)


# ------------------------------------------------------------ SG403

def test_link_to_a_search_for_its_own_anchor():
    text = "For example, the service [processes requests](https://news.example.com/search?searchtext=processes%20requests) slowly.\n"
    assert codes(text) == ["SG403"]


def test_rendered_link_glued_to_a_word():
    assert "SG403" in codes("shop.teamExamining the State of Things\nAbstract\n")


@pytest.mark.parametrize("text", [
    "Search with [DuckDuckGo](https://duckduckgo.com/?q=spamgate).\n",
    "See example.com for details. The README.md file explains it.\n",
    "Use node.js. Visit https://example.org/Page for more.\n",
])
def test_ordinary_links(text):
    assert "SG403" not in codes(text)


# ------------------------------------------------------------ SG404

def test_crypto_address_as_title_keyword():
    assert "SG404" in codes(REPORT, "The Low Down on 7XqkPz4Rvd9LmWc2Tt8NbHa3YgJs6EfUoKi1Qw5Zr2Dm Exposed.md")
    assert "SG404" in codes("# Why 0x52908400098527886E0F7030069857D2E4169EE7 Matters\n\nText.\n")


def test_donation_address_is_not_reported():
    text = "## Donate\n\n* **Bitcoin (BTC):** bc1q070wj0t29gpnf59rq77uz39ruq5ahg9vhakzpq\n"
    assert "SG404" not in codes(text, "FUNDING.md")
    assert "SG404" not in codes(REPORT, "Understanding-Merkle-Trees.md")


# ------------------------------------------------------------ SG405

# One-letter look-alikes of ASCII letters from several scripts.
LOOKALIKES = {
    "a": ["\u0430", "\u0251"], "e": ["\u0435"], "o": ["\u043e", "\u03bf", "\u0585", "\u19d0"],
    "i": ["\u0456"], "c": ["\u0441", "\u03f2"], "p": ["\u0440", "\u03c1"], "s": ["\u0455"],
    "l": ["\u217c"], "d": ["\u0501"], "h": ["\u04bb"], "u": ["\u057d"], "g": ["\u0261"],
}


def sprinkle(text: str, rate: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = []
    for ch in text:
        if ch in LOOKALIKES and rng.random() < rate:
            out.append(rng.choice(LOOKALIKES[ch]))
        else:
            out.append(ch)
    return "".join(out)


def test_sprinkled_lookalikes_of_many_kinds():
    found = [f for f in genre.check(Document(path="a.md", text=sprinkle(REPORT, 0.05))) if f.code == "SG405"]
    assert len(found) == 1
    assert "different kinds" in found[0].message
    assert found[0].characters and found[0].characters[0].startswith("U+")


def test_few_kinds_of_lookalikes_are_not_variety():
    # Only Cyrillic a/e/o, as a document quoting homoglyph examples would have.
    text = REPORT.replace(" and ", " \u0430nd ").replace(" the ", " th\u0435 ").replace(" of ", " \u043ef ")
    assert "SG405" not in codes(text)


def test_lookalikes_inside_code_are_not_prose():
    code = "```python\n" + sprinkle(REPORT, 0.2) + "\n```\n"
    assert "SG405" not in codes(README + "\n" + code)


@pytest.mark.parametrize("text", [
    "Привет, мир! Это документ на русском языке с английскими словами: Python, Git, README.\n" * 20,
    "Türkçe bir belge: ılık, şimşek, ağaç, İstanbul, kırmızı ve sarı.\n" * 20,
    "Ελληνικά κείμενα με λέξεις όπως Python και Git μέσα σε παράγραφο.\n" * 20,
])
def test_real_languages_are_not_variety(text):
    assert "SG405" not in codes(text)
