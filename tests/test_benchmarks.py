"""The benchmark corpora generator: deterministic, and the corpora are what they claim to be.

The benchmarks themselves print figures and never fail; these tests only keep
the generated inputs honest (same bytes for the same seed, 1 % look-alike
words in the English corpus, pure ASCII code, the four scripts in the
multilingual corpus).  They generate a few hundred kilobytes in memory.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import corpora  # noqa: E402


def test_same_seed_same_text_and_different_seed_different_text():
    a = corpora.Corpus(5, lookalike_rate=0.01).english_document(20_000)
    b = corpora.Corpus(5, lookalike_rate=0.01).english_document(20_000)
    c = corpora.Corpus(6, lookalike_rate=0.01).english_document(20_000)
    assert a == b
    assert a != c


def test_english_has_one_percent_lookalike_words():
    corpus = corpora.Corpus(11, lookalike_rate=0.01)
    text = "\n".join(corpus.english_document(50_000) for _ in range(4))
    words = text.split()
    marked = [w for w in words if not w.isascii()]
    assert corpus.injected == len(marked)
    assert 0.006 <= len(marked) / len(words) <= 0.014
    # every marked word is an ASCII word with exactly one look-alike letter
    # (capitalised when it starts a sentence)
    lookalikes = {ch for options in corpora.LOOKALIKES.values() for ch in options}
    lookalikes |= {ch.upper() for ch in lookalikes}
    for word in marked:
        foreign = [ch for ch in word if not ch.isascii()]
        assert len(foreign) == 1 and foreign[0] in lookalikes, word


@pytest.mark.parametrize("flavour", ["py", "c", "js"])
def test_code_is_pure_ascii(flavour):
    text = corpora.Corpus(3).code_file(30_000, flavour)
    assert len(text) >= 30_000
    assert text.isascii()


@pytest.mark.parametrize("lang, script", [("ru", "CYRILLIC"), ("el", "GREEK"), ("zh", "CJK"), ("vi", "LATIN")])
def test_multilingual_documents_are_in_their_script(lang, script):
    text = corpora.Corpus(4).foreign_document(20_000, lang)
    letters = [ch for ch in text if not ch.isascii() and ch.isalpha()]
    assert len(letters) > 3000
    share = sum(script in unicodedata.name(ch, "") for ch in letters) / len(letters)
    assert share > 0.95, (lang, share)


def test_vietnamese_uses_its_diacritics():
    text = corpora.Corpus(4).foreign_document(20_000, "vi")
    assert {"ư", "ơ", "đ", "ệ"} <= set(text)
