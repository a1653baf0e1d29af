"""Links that spam articles carry (SG203, SG204, SG206, SG403).

Spam articles exist to pass search rank to other pages, and their links show it:

- SG203 redirect-link: a URL through another site's open redirect script
  (``/redirect?url=``, ``link.php?url=``, ``away?to=``, ``out.php?``), which
  launders the target past link filters;
- SG204 shortened-link: a URL shortener (pin.it, bit.ly, ...) hides the target;
- SG206 link-farm-link: a link inside the prose whose anchor is one that link
  farms generate ("visit the up coming internet site", "simply click the
  following web page", "Going Listed here"), or whose target page is itself
  named like a generated article ("30-Inspirational-Quotes-On-Affordable-X");
  a copy of a page as text keeps the anchor in parentheses, and that counts;
- SG403 keyword-link-mid-text: traces of keyword links in the prose: a link
  whose URL is a site search for its own anchor text, or a rendered link
  whose domain is glued to the next word ("nove.teamExamining").

Anchor phrases are data (rules/links.toml).  Links inside code, quotations or
block quotes of a document that is mostly prose count for little.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

import regex

from spamgate.model import INFO, WARNING, Check, Document, Finding

from ._articles import LazyPattern, has_words, plain
from ._quoted import quoted
from ._lexicon import Lexicon, Sequence, derived, prepare, words_of

REDIRECT = Check(
    "SG203", "redirect-link", WARNING, 3.0, 4.0,
    "link goes through a redirect script (link.php?url=, /redirect?url=, away?to=, out.php?)",
    reports="A URL that passes through an open redirect script of another site.",
    why="Spam launders the target of its links through other sites' redirect scripts, so that link "
        "filters see a respectable host.",
    fix="Link to the target directly.",
    flags=("See [the shop](https://blog.example.net/redirect?url=https://shop.example.com/x).\n",),
    passes=("See [the shop](https://shop.example.com/x) and https://example.org/search?q=tides.\n",),
    evidence="links",
)
SHORTENER = Check(
    "SG204", "shortened-link", INFO, 1.5, 3.0,
    "link through a URL shortener hides its target",
    reports="A URL on a link shortener's host (pin.it, bit.ly, tinyurl.com, ...).",
    why="A shortened link hides where it leads; spam closers use them. Weak evidence on its own.",
    fix="Link to the target directly.",
    flags=("Slides: https://bit.ly/3kQx9Lm\n",),
    passes=("Slides: https://example.org/talks/tides.pdf\n",),
    evidence="links",
)
FARM = Check(
    "SG206", "link-farm-link", WARNING, 2.0, 4.0,
    "a link in the prose with a link farm's anchor ('visit the up coming internet site') or to a page named "
    "like a generated article",
    reports="""A link inside the prose whose anchor text is one that link farms generate
("visit the up coming internet site", "simply click the following web page",
"Going Listed here"), also when only the anchor is left in parentheses after
the page was copied as text; or a link whose target page is itself named like
a generated article ("30-Inspirational-Quotes-On-Affordable-Tide-Gauges").""",
    why="""Spam articles carry links to pages of a link farm, placed in the prose with
stock anchors or keyword anchors, to pass search rank to them.""",
    fix="Remove the link, or link with words that say where it leads.",
    flags=("Tide gauges record the sea level (visit the up coming internet site) every few minutes.\n",
           "Gauges are cheap to run, as [this guide](https://wiki.example.net/"
           "10-Reasons-Your-Tide-Gauge-Is-Not-What-It-Could-Be) shows.\n"),
    passes=("Tide gauges record the sea level ([read more](https://example.org/tides)) every few minutes.\n",
            "See [the installation guide](https://docs.example.org/install/getting-started) first.\n"),
    evidence="links",
)
MIDLINK = Check(
    "SG403", "keyword-link-mid-text", INFO, 1.5, 3.0,
    "a keyword link inside the prose (a site search for its own anchor text, or a rendered link glued to a word)",
    reports="""Traces of keyword links inside the prose: a link whose URL is a site search for
its own anchor text, or a rendered link whose domain is glued to the next word
("nove.teamExamining").""",
    why="Spam articles place keyword links inside the prose to pass search rank to other pages.",
    fix="Remove the link, or link to the page it names.",
    flags=("Servers that [processes requests](https://example.org/search?searchtext=processes%20requests) "
           "quickly are popular.\n",),
    passes=("See [the tide tables](https://example.org/tides) for details.\n",),
    evidence="links",
)
CHECKS = (REDIRECT, SHORTENER, FARM, MIDLINK)

MAX_SCAN = 400_000  # characters looked at for rendered links

_REDIRECT = LazyPattern(
    r"(?:^|/)(?:redirect|redir|redirector|out|away|go|goto|jump|exit|leave|click|link|url|"
    r"outgoing|external|extern|r|l|ref|forward|track|tracker|visit|bounce|re)"
    r"(?:\.(?:php\d?|aspx?|cgi|pl|jsp|html?))?/?\?(?:[^#\s&]*+&)*"
    r"(?:url|u|to|target|link|goto|dest|destination|redirect|redirect_to|out|href|site|go|l|q|uri|r)"
    r"=(?:https?(?::|%3a)|www\.|%2f%2f|//)",
    regex.I,
)
_OUT_PHP = LazyPattern(r"/(?:out|away|go|redirect|click|jump)\.(?:php\d?|aspx?|cgi)\?", regex.I)
SHORTENERS = frozenset("""
bit.ly bitly.com tinyurl.com goo.gl t.co ow.ly is.gd buff.ly cutt.ly rb.gy shorturl.at tiny.cc
rebrand.ly s.id v.gd pin.it t.ly bl.ink shorte.st adf.ly lnkd.in soo.gd clck.ru qr.ae trib.al x.gd
urlz.fr 2.gy tiny.one u.to shorturl.gg bit.do mcaf.ee su.pr po.st tr.im cli.gs snip.ly ift.tt dlvr.it
zpr.io lnk.to linktr.ee short.io surl.li kutt.it tny.im hyperurl.co gg.gg n9.cl
""".split())
_HOST = LazyPattern(r"^(?:[a-z][a-z0-9+.\-]{0,20}+:)?//([^/?#:\s]{1,255}+)", regex.I)
_SEARCH_Q = LazyPattern(r"[?&](?:q|query|search|searchtext|search_query|s|keyword|keywords|k|text|term)=([^&#\s]{1,300}+)", regex.I)
_GLUED_TLD = LazyPattern(
    r"\.(?:com|net|org|team|io|ru|de|info|biz|xyz|co|me|us|site|online|top|club|shop|store|app|dev|ai|pl|cz|uk|in|cn|kz|fr)"
    r"(?P<word>[A-Z][a-z]{2,}+)"
)
# A parenthesised remnant of a link: "(Find Out More)", "(visit the up coming site)".
_REMNANT = LazyPattern(r"\(\s*+([^()\n]{4,80}+)\)")


def host(url: str) -> str:
    if url.lower().startswith("www."):
        url = "http://" + url
    m = _HOST.match(url)
    h = m.group(1).lower() if m else ""
    if "@" in h:
        h = h.rsplit("@", 1)[1]
    return h[4:] if h.startswith("www.") else h


def _may_be_shortened(url: str) -> bool:
    """Whether a shortener's host name occurs in ``url`` at all (``host`` returns a part of it)."""
    low = url.lower()
    return any(s in low for s in SHORTENERS)


def _anchor_data(data: dict) -> dict:
    section = data["anchor"]
    return {"lexicon": prepare(section["slots"]), "sequences": tuple(section["sequences"])}


_ANCHORS: list = []
# Words one of which every farm anchor holds: the first required set of each sequence, together.
_ANCHOR_WORDS: list[frozenset] = []


def _anchor_sequences() -> list[Sequence]:
    if not _ANCHORS:
        data = derived("links", _anchor_data, __file__)
        lexicon = Lexicon(data["lexicon"])
        _ANCHORS.extend(Sequence(lexicon, spec, gap=0) for spec in data["sequences"])
        _ANCHOR_WORDS.append(frozenset().union(*(sequence.required()[0] for sequence in _ANCHORS)))
    return _ANCHORS


def farm_anchor(text: str) -> bool:
    """Whether ``text`` is, nearly whole, an anchor that link farms generate."""
    words = words_of(text.lower())
    if not 1 <= len(words) <= 12:
        return False
    sequences = _anchor_sequences()
    vocabulary = set(words)
    if _ANCHOR_WORDS[0].isdisjoint(vocabulary):
        return False  # no sequence's prefilter passes
    for sequence in sequences:
        if not sequence.may_match(vocabulary):
            continue
        span = sequence.match(words)
        if span is not None and (span[1] - span[0]) * 4 >= len(words) * 3:
            return True
    return False


def _slug_title(url: str) -> str | None:
    """The words of a URL's last path segment, when it reads like a title."""
    if "://" not in url:
        return None
    # A title has four or more parts, so its slug holds three separators (- _ + or white space), or
    # characters written in %-escapes; a URL without them needs no parsing.
    if url.isascii() and "%" not in url and url.count("-") + url.count("_") + url.count("+") < 3 \
            and len(url.split()) == 1:
        return None
    from urllib.parse import unquote, urlsplit

    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    slug = unquote(path.rstrip("/").rsplit("/", 1)[-1], errors="replace")
    if not 12 <= len(slug) <= 200:
        return None
    slug = re.sub(r"\.(?:html?|php|aspx?|md)$", "", slug, flags=re.I)
    slug = slug.split(":", 1)[-1]  # wiki namespaces: "Post:A_Handbook_For_..."
    parts = [p for p in re.split(r"[-_+\s]+", slug) if p]
    if len(parts) < 4 or sum(1 for p in parts if p.isalpha()) < 3:
        return None
    return " ".join(parts)


def _farm_findings(document: Document) -> Iterator[Finding]:
    pl = plain(document)
    from ._shapes import shape

    n = 0
    for link in pl.links:
        if link.kind not in ("markdown", "html"):
            continue
        reason = None
        if link.anchor.strip() and farm_anchor(link.anchor):
            reason = f"its anchor '{link.anchor.strip()}' is one that link farms generate"
        else:
            title = _slug_title(link.url)
            found = shape(title) if title else None
            if found is not None and found.clickbait:
                reason = f"it leads to a page named like a generated article ('{title}')"
        if reason:
            n += 1
            yield document.finding(FARM, link.start, link.end, f"link in the prose: {reason}",
                                   scale=quoted(document).scale(link.start, link.end))
            if n >= 6:
                return
    text = pl.cased[:MAX_SCAN]
    if "(" not in text:
        return
    for m in _REMNANT.finditer(text):
        inner = m.group(1)
        if "://" in inner or not farm_anchor(inner):
            continue
        n += 1
        yield document.finding(FARM, m.start(), m.end(),
                               f"'{inner.strip()}' in parentheses is the anchor of a link farm's link left in the text",
                               scale=quoted(document).scale(m.start(), m.end()))
        if n >= 6:
            return


def _midlinks(document: Document) -> Iterator[Finding]:
    pl = plain(document)
    n = 0
    for link in pl.links:
        if link.kind not in ("markdown", "html") or not link.anchor.strip():
            continue
        m = _SEARCH_Q.search(link.url) if "=" in link.url else None
        if not m:
            continue
        from urllib.parse import unquote_plus

        query = unquote_plus(m.group(1)).strip().lower()
        anchor = regex.sub(r"\s++", " ", link.anchor).strip().lower()
        if query and anchor and query == anchor and len(anchor.split()) <= 6:
            yield document.finding(MIDLINK, link.start, link.end,
                                   f"link on '{link.anchor.strip()}' is a site search for its own anchor text")
            n += 1
    text = pl.cased[:MAX_SCAN]
    for m in _GLUED_TLD.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 41 and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] == "-")):
            start -= 1
        if start == m.start() or not text[start].isalnum() or text[start].isupper() \
                or (start > 0 and (text[start - 1] in "@/._" or text[start - 1].isalnum())):
            continue
        domain = text[start:m.start("word")]
        yield document.finding(MIDLINK, start, m.end(),
                               f"rendered link '{domain}' is glued to the word '{m.group('word')}'")
        n += 1
        if n >= 4:
            break


def _link_findings(document: Document) -> Iterator[Finding]:
    pl = plain(document)
    for link in pl.links:
        if link.kind == "bare-anchor":
            continue
        url = link.url
        shown = url if len(url) <= 80 else url[:77] + "..."
        if "?" in url and (_REDIRECT.search(url) or _OUT_PHP.search(url)):  # both need a "?"
            yield document.finding(REDIRECT, link.start, link.end,
                                   f"link goes through the redirect script of {host(url) or 'another site'}: {shown}")
        elif _may_be_shortened(url) and host(url) in SHORTENERS:
            yield document.finding(SHORTENER, link.start, link.end,
                                   f"link through the URL shortener {host(url)} hides its target: {shown}")


def compile_all() -> list:
    """Every lazily compiled pattern of this module (for tests that examine them)."""
    from ._articles import compile_lazy

    return compile_lazy(globals())


def find(document: Document) -> Iterable[Finding]:
    if not has_words(document):
        return
    yield from _link_findings(document)
    yield from _farm_findings(document)
    yield from _midlinks(document)
