"""The promotional closing paragraph rule (SG201, SG202, SG205)."""
from __future__ import annotations

import time

import pytest
from article_fixtures import LEGIT_CLOSERS, README, REPORT, SPAM_CLOSERS
from support import spamgate_json, write

from spamgate.model import Document
from spamgate.rules import promo


def codes(text: str, path: str = "notes.md") -> list[str]:
    return [f.code for f in promo.find(Document(path=path, text=text))]


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


@pytest.mark.parametrize("closer", [
    # spinner variants outside any fixed sentence
    "If you beloved this write-up and you would like to receive additional details regarding Nimbus-XL kindly go "
    "to our own site.",
    "Should you have virtually any questions about where by and also how you can make use of Nimbus-XL, you can "
    "email us at the website.",
    "In case you treasured this informative article along with you would like to be given more information with "
    "regards to Nimbus-XL generously stop by our own webpage.",
    # a closer with letters dropped from its longest words
    "If you liked this article and you would like to receive more etails about Nimbus-XL please visit our website.",
    "If you liked this article and you would like more nformation regarding Nimbus-XL please visit our own site.",
    # a rephrasing
    "For more on Nimbus-XL, our team's page has everything you need.",
])
def test_closers_by_their_parts(closer):
    found = codes(with_closer(REPORT, closer))
    assert "SG201" in found and "SG205" in found, found


CLOSERS_BY_LANGUAGE = {
    "de": "Wenn Ihnen dieser Artikel gefallen hat und Sie weitere Informationen zu Nimbus-XL erhalten m\u00f6chten, "
          "besuchen Sie bitte unsere Webseite.",
    "cs": "Pokud se v\u00e1m tento \u010dl\u00e1nek l\u00edbil a cht\u011bli byste z\u00edskat v\u00edce "
          "informac\u00ed o Nimbus-XL, nav\u0161tivte pros\u00edm na\u0161e webov\u00e9 str\u00e1nky.",
    "fr": "Si vous avez aim\u00e9 cet article et souhaitez obtenir plus d'informations sur Nimbus-XL, veuillez "
          "visiter notre site web.",
    "es": "Si te gust\u00f3 este art\u00edculo y deseas obtener m\u00e1s informaci\u00f3n sobre Nimbus-XL, visita "
          "nuestro sitio web.",
    "pl": "Je\u015bli podoba\u0142 Ci si\u0119 ten artyku\u0142 i chcesz uzyska\u0107 wi\u0119cej informacji na "
          "temat Nimbus-XL, odwied\u017a nasz\u0105 stron\u0119 internetow\u0105.",
    "pt": "Se voc\u00ea gostou deste artigo e gostaria de receber mais informa\u00e7\u00f5es sobre Nimbus-XL, "
          "visite o nosso site.",
    "it": "Se ti \u00e8 piaciuto questo articolo e desideri ricevere maggiori informazioni su Nimbus-XL, visita il "
          "nostro sito web.",
    "nl": "Als je dit artikel leuk vond en meer informatie wilt over Nimbus-XL, bezoek dan onze website.",
    "ru": "\u0415\u0441\u043b\u0438 \u0432\u0430\u043c \u043f\u043e\u043d\u0440\u0430\u0432\u0438\u043b"
          "\u0430\u0441\u044c \u044d\u0442\u0430 \u0441\u0442\u0430\u0442\u044c\u044f \u0438 \u0432\u044b "
          "\u0445\u043e\u0442\u0438\u0442\u0435 \u043f\u043e\u043b\u0443\u0447\u0438\u0442\u044c "
          "\u0431\u043e\u043b\u044c\u0448\u0435 \u0438\u043d\u0444\u043e\u0440\u043c\u0430\u0446\u0438"
          "\u0438 \u043e Nimbus-XL, \u043f\u043e\u0441\u0435\u0442\u0438\u0442\u0435 \u043d\u0430\u0448 "
          "\u0441\u0430\u0439\u0442.",
}


@pytest.mark.parametrize("language", sorted(CLOSERS_BY_LANGUAGE))
def test_closers_in_the_article_language(language):
    found = list(promo.find(Document("a.md", with_closer(REPORT, CLOSERS_BY_LANGUAGE[language]))))
    [closer] = [f for f in found if f.code == "SG201"]
    assert "'Nimbus-XL'" in closer.message


@pytest.mark.parametrize("footer", [
    "- [Home](/)\n- [Archive](/archive)\n- [Tags](/tags)\n- [Contact](/contact)\n- [Imprint](/imprint)\n"
    "- [Privacy](/privacy)\n- [RSS](/feed.xml)\n",
    "\u2014 Posted by admin on 12 March\n\nTags: models, ai, news\n",
    "---\n\n[1]: https://example.com/one\n[2]: https://example.com/two\n",
    "| Related | Posts |\n| --- | --- |\n| [One](/1) | [Two](/2) |\n",
])
def test_closer_followed_by_a_footer(footer):
    text = with_closer(REPORT, SPAM_CLOSERS[2]) + "\n" + footer
    assert "SG201" in codes(text)


def test_closer_quoted_as_an_example_counts_little():
    from spamgate.engine import scan_document

    quoted = README + "\nSpam articles end like this:\n\n> " + SPAM_CLOSERS[6] + "\n\nThat is all.\n"
    written = with_closer(README, SPAM_CLOSERS[6])
    weight = {}
    for name, text in (("quoted", quoted), ("written", written)):
        result = scan_document(Document("a.md", text))
        weight[name] = sum(f.weight for f in result.findings if f.code in ("SG201", "SG202", "SG205"))
    assert 0 < weight["quoted"] < weight["written"]


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


def test_finding_points_at_the_closing_paragraph():
    closer = SPAM_CLOSERS[0]
    text = with_closer(REPORT, closer)
    findings = [f for f in promo.find(Document(path="a.md", text=text)) if f.code == "SG201"]
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
    list(promo.find(Document(path="a.md", text=text)))
    assert time.perf_counter() - start < 3.0
