"""The genre's look-alike letters weigh what they are: strong evidence in prose, little in quoted examples."""
from __future__ import annotations

from spamgate.engine import scan_document
from spamgate.model import Document

TITLE = "7 Reasons Your GPT-J Is Not What It Could Be"
ARTICLE = """# 7 Reasons Your GPT-J Is Not What It Could Be

In the realm of natural language processing, GPT-J is a model that many teams use for text generation.
It was trained on a large dataset of web text and books, and it can write summaries, answer questions
and complete code. The model has six billion parameters and runs on a single GPU with enough memory.

Many users run GPT-J through a hosted service. The service handles the hardware and scales the model for
busy periods. Others run it locally, which keeps their data private and avoids fees.

If you loved this article and you would like to get more info about
[GPT-J](https://gptj-guide.example.shop/start) kindly visit our own web-site.
"""
# Cyrillic letters for Latin ones, one kind only (no variety): a (U+0430), e (U+0435), o (U+043E).
SWAPS = {"data": "d\u0430ta", "model": "m\u043edel", "service": "s\u0435rvice", "text": "t\u0435xt"}


def verdict(text: str) -> str:
    doc = Document(TITLE.replace(" ", "-") + ".md", text, commit_subject=TITLE)
    return scan_document(doc, profile="push").verdict.verdict


def swapped(text: str, quote: bool = False) -> str:
    for word, lookalike in SWAPS.items():
        text = text.replace(f" {word} ", f" `{lookalike}` " if quote else f" {lookalike} ")
    return text


def test_lookalike_letters_of_one_script_in_prose_make_a_generated_article_spam():
    assert swapped(ARTICLE) != ARTICLE
    assert verdict(swapped(ARTICLE)) == "spam"
    assert verdict(ARTICLE) != "spam"  # the letters are what decides


def test_lookalike_letters_quoted_as_examples_count_for_little():
    assert verdict(swapped(ARTICLE, quote=True)) != "spam"
