"""Spun wording (SG407)."""
from __future__ import annotations

import pytest
from article_fixtures import README

from spamgate.engine import scan_document
from spamgate.model import Document
from spamgate.rules import spun

# A commercial article run through a paraphraser, written for these tests.
PARAPHRASED = """Understanding Fake Passports: Risks and Consequences

In today's world, a passport is the main recognition document that verifies a person's identity. The
surge in counterfeit passports postures significant dangers to border security. Counterfeit passports
are deceitful files created to imitate genuine ones, stealthily comparable to the real thing. This
post looks into the risks and the avoidance techniques used by border officers.

Often Asked Concerns
"""

# An article about language models run through a thesaurus spinner.
THESAURUS = """GPT-Nimbus is a giant language mannequin developed for pure language processing. The mannequin
was pre skilled on a big corpus of textual content and can be high quality tuned for downstream duties.
Researchers and builders use it for sentiment evaluation and machine studying experiments.
"""


def codes(text: str) -> list[str]:
    return [f.code for f in spun.find(Document("a.md", text))]


@pytest.mark.parametrize("text", [PARAPHRASED, THESAURUS])
def test_spun_articles(text):
    found = codes(text)
    assert len(found) >= 3 and set(found) == {"SG407"}


@pytest.mark.parametrize("text", [
    README,
    "The model was trained on a large corpus of text and can be fine-tuned for downstream tasks.\n",
    "By no means is this a complete list. Nonetheless, it covers the common cases.\n",
    "We learn from mistakes. The mannequin in the shop window wears a red coat.\n",
])
def test_ordinary_english(text):
    assert codes(text) == []


def test_one_phrase_is_not_enough():
    assert codes("The model was pre skilled on books.\n") == []


def test_spun_phrases_quoted_as_examples_count_little():
    quoted = README + '\nSpinners write "language mannequin" and "pure language processing" for those terms.\n'
    written = README + "\nWe trained a language mannequin for pure language processing.\n"
    weight = {}
    for name, text in (("quoted", quoted), ("written", written)):
        weight[name] = sum(f.weight for f in scan_document(Document("a.md", text)).findings if f.code == "SG407")
    assert 0 < weight["quoted"] < weight["written"]
