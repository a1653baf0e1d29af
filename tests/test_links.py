"""Links of spam articles (SG203, SG204, SG206, SG403)."""
from __future__ import annotations

import pytest
from article_fixtures import README, REPORT

from spamgate.engine import scan_document
from spamgate.model import Document
from spamgate.rules import links


def codes(text: str, path: str = "notes.md") -> list[str]:
    return [f.code for f in links.find(Document(path=path, text=text))]


# ------------------------------------------------------------ SG203, SG204

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


# ------------------------------------------------------------ SG206

@pytest.mark.parametrize("anchor", [
    "visit the up coming internet site", "simply click the following web page", "Going Listed here",
    "mouse click the up coming website", "please click the next document", "look at this web-site",
    "more about the author", "you could try here",
])
def test_link_farm_anchors(anchor):
    text = f"Tide gauges record the sea level, and [{anchor}](https://farm.example.net/p/1) explains why.\n"
    assert codes(text) == ["SG206"]


def test_anchor_left_in_parentheses_after_a_copy():
    text = "Tide gauges record the sea level (simply click the up coming website) every few minutes.\n"
    assert codes(text) == ["SG206"]


def test_link_to_a_page_named_like_a_generated_article():
    text = ("Gauges are cheap to run, as [a recent guide](https://wiki.example-farm.win/index.php/"
            "Post:15_Surprising_Stats_About_Buy_Tide_Gauges_Online) shows.\n")
    found = list(links.find(Document(path="a.md", text=text)))
    assert [f.code for f in found] == ["SG206"]
    assert "generated article" in found[0].message


@pytest.mark.parametrize("text", [
    "See [read more](https://example.org/tides) and [click here](https://example.org/more).\n",
    "See [the installation guide](https://docs.example.org/install/getting-started-with-the-parser).\n",
    "Read the [release notes for version 2.3 of the parser](https://example.org/2024/03/release-notes-2-3).\n",
    "The parser (see the following page) is fast.\n",
])
def test_ordinary_anchors_and_slugs(text):
    assert codes(text) == []


def test_link_farm_anchor_in_a_code_block_counts_little():
    quoted = README + "\n```\n[visit the up coming internet site](https://farm.example.net/p/1)\n```\n"
    prose = README + "\nSee [visit the up coming internet site](https://farm.example.net/p/1).\n"
    weight = {}
    for name, text in (("quoted", quoted), ("prose", prose)):
        [f] = [f for f in scan_document(Document("a.md", text)).findings if f.code == "SG206"]
        weight[name] = f.weight
    assert 0 < weight["quoted"] < weight["prose"]


def test_report_with_links_in_prose():
    text = REPORT + "\nThe encoder is explained [visit the next web page](https://farm.example.net/x) too.\n"
    assert "SG206" in codes(text)
