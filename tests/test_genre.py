"""Generated-text style (SG401, SG402, SG404, SG406) and look-alike variety (SG405)."""
from __future__ import annotations

import random

import pytest
from article_fixtures import README, REPORT

from spamgate.model import Document
from spamgate.rules import genre, variety


def codes(text: str, path: str = "notes.md") -> list[str]:
    document = Document(path=path, text=text)
    return [f.code for f in [*genre.find(document), *variety.find(document)]]


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


@pytest.mark.parametrize("heading", ["\u00davod", "Einleitung", "Introducci\u00f3n", "Wprowadzenie", "Introdu\u00e7\u00e3o",
                                     "Introduzione", "Inleiding", "\u0412\u0432\u0435\u0434\u0435\u043d\u0438\u0435",
                                     "Abstract"])
def test_stock_heading_in_the_article_language(heading):
    assert "SG401" in codes(heading + "\n\nDer Text beginnt hier und geht weiter.\n")


def test_stock_heading_after_a_comment_and_front_matter():
    text = "---\ntitle: x\n---\n<!-- generated -->\nIntroduction\n\nText follows.\n"
    assert "SG401" in codes(text)


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
    found = [f for f in variety.find(Document(path="a.md", text=sprinkle(REPORT, 0.05))) if f.code == "SG405"]
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


# ------------------------------------------------------------ SG406

FILLER = ("In today's fast-paced world, tide gauges play a pivotal role in coastal science. Their long records "
          "stand as a testament to decades of careful work, paving the way for better flood models. This article "
          "delves into how engineers are harnessing the power of satellites, navigating the complexities of a "
          "rapidly evolving field and unlocking the potential of open data. It is important to note that "
          "the landscape of sea level research continues to evolve.\n")


def test_dense_filler_prose_is_reported_phrase_by_phrase():
    found = [f for f in genre.find(Document("a.md", FILLER)) if f.code == "SG406"]
    assert len(found) >= 6
    assert {"plays a pivotal role", "a testament to", "paving the way"} & {f.message.split("'")[1] for f in found}


def test_a_few_such_phrases_in_long_prose_are_not_reported():
    prose = ("Tide gauges record the height of the sea every few minutes, and engineers use the records to plan "
             "harbour walls. ") * 40
    text = prose + "Their records are a testament to careful work, paving the way for models. This delves into it.\n"
    assert "SG406" not in codes(text)


def test_filler_quoted_in_a_code_block_counts_little():
    from spamgate.engine import scan_document

    quoted = README + "\n```\n" + FILLER + "```\n" + README
    prose = README + "\n" + FILLER + "\n" + README
    weights = {}
    for name, text in (("quoted", quoted), ("prose", prose)):
        weights[name] = sum(f.weight for f in scan_document(Document("a.md", text)).findings if f.code == "SG406")
    assert weights["quoted"] < weights["prose"]


# ------------------------------------------------------------ SG401: a report that announces itself

def test_a_report_announcing_itself_mid_paragraph_is_a_stock_opening():
    text = ("Examining the State of Tide Gauges\n\nTide gauges record the sea in every harbour. "
            "This observational research article investigates how their records are kept.\n")
    found = [f for f in genre.find(Document(path="notes.md", text=text)) if f.code == "SG401"]
    assert [text[f.offset:f.end_offset] for f in found] == ["This observational research article investigates"]


@pytest.mark.parametrize("sentence", [
    "This project aims to format configuration files.",
    "This guide explains how the formatter works.",
    "We explore the records in this article.",
])
def test_ordinary_self_descriptions_are_no_stock_opening(sentence):
    assert "SG401" not in codes("# tidyfmt\n\nFormats configuration files. " + sentence + "\n")


def test_an_announcement_late_in_the_document_is_not_an_opening():
    text = README + "\n" + ("Filler paragraph about formatting. " * 60) + "This article explores YAML.\n"
    assert "SG401" not in codes(text)
