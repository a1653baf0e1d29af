"""Promotional closing paragraph and link evidence (SG2xx).

Spam articles end with a paragraph that pushes a keyword link, spun from
synonyms: "If you loved / adored / cherished this (short) article / post and
you would like to get / obtain more info / facts about KEYWORD, kindly check
out / i implore you to visit our own web site / web-page", "If you want to
read more in regards to KEYWORD check out our web site", "If you have any
concerns about where and how to use KEYWORD, you can contact us at our own
web page".  The rule recognises these families as a grammar over the text
with look-alike letters turned back into ASCII, tolerates a dropped letter
in a word ("If ou want to read more…"), and works whether the keyword is a
markdown link, an HTML link, followed by a bare URL, or plain anchor text.

Each sentence collects evidence: an appreciation clause ("if you loved this
article"), a request for more information about a slotted keyword, a
directive to visit or contact "our (own) web site", words that only article
spinners use ("kindly", "i implore you", "our own", "in regards to"), a
keyword that the rest of the document never mentions, and a link on it.
A confident match in the closing paragraphs is SG201 (error); a weaker one,
such as "for more information about X visit our website" in a document that
does talk about X, is SG202 (warning).  A call to action with no keyword
("For more information, visit our website"), about the author's own project
("more about our services") or asking for stars, sponsors or donations is
not reported.

Links anywhere in the document add evidence on their own: redirect scripts
(``/redirect?url=``, ``link.php?url=``, ``away?to=``, ``out.php?``) are
SG203 and URL shorteners (pin.it, bit.ly, …) SG204.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

import regex

from spamgate.model import ERROR, INFO, WARNING, Check, Document, Finding

from ._articles import (Body, LazyPattern, Link, TokenString, alt, fuzzy_word, paragraphs, plain, sentences,
                        significant, spellings, words)

# An article for the examples: it is about tide gauges, never about the keyword its closers promote.
_ARTICLE = """# Tide gauges

Tide gauges record the height of the sea at a harbour every few minutes. Engineers use the records
to plan harbour walls, and scientists combine them with satellite data to follow the slow rise of
the oceans. A gauge needs a stable mount, a clear view of the water and regular checks against a
benchmark on land, because a sinking pier looks exactly like a rising sea.

Modern gauges send their readings by radio, so a storm surge shows up on a screen while it happens.
Older gauges drew their curves on paper drums, and volunteers still type those curves into tables
so that the long records can be compared with new ones.

"""
_SPUN_CLOSER = ("If you loved this article and you would like to get more info about "
                "[Nimbus-XL](https://shop.example.com/nimbus) kindly check out our own web-site.\n")

CLOSER = Check(
    "SG201", "promotional-closer", ERROR, 8.0, 8.0,
    "closing paragraph pushes a keyword link to 'our web site' in the spun style of spam articles",
    reports="""A sentence in the closing paragraphs of the spam-article family: an
appreciation clause ("If you loved this article"), a request for more
information about a slotted keyword, and a directive to visit or contact "our
(own) web site", with spinner words ("kindly", "i implore you", "our own") or
a keyword the article never mentions.""",
    why="""The closing paragraph is what the spam is for: it turns a machine-written
article into a link to the spammer's page, and its spun wording is the
genre's signature.""",
    fix="""Remove the paragraph.  A real call to action names your own project or site
and is not reported: "For more information, visit our website", "If you like
this project, give it a star".""",
    flags=(_ARTICLE + _SPUN_CLOSER,),
    passes=(_ARTICLE + "For more information, visit our website: https://example.org\n",
            _ARTICLE + "If you find this project helpful, please give it a star on GitHub!\n"),
    evidence="promotion",
)
CALL = Check(
    "SG202", "promotional-call", WARNING, 3.0, 3.0,
    "a sentence sends readers to 'our web site' for more about a keyword",
    reports="""A sentence asks readers who want more about a keyword to visit or contact a
web site, in the shape of the spam-article closer but without enough of its
other marks to be sure, or outside the closing paragraphs.""",
    why="Weak evidence on its own: spam articles carry such sentences mid-text too.",
    fix="Remove the sentence, or name your own project or site in it.",
    flags=("# Tide gauges\n\nIf you want to read more about tide gauges, visit our web site. "
           "Tide gauges record the height of the sea.\n\n" + _ARTICLE,),
    passes=(_ARTICLE + "To learn more about our consulting services, visit our website.\n",),
    evidence="promotion",
)
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
UNRELATED = Check(
    "SG205", "unrelated-keyword", WARNING, 3.0, 3.0,
    "the promoted keyword never occurs in the rest of the document",
    reports="The keyword that a promotional closer links or names does not occur anywhere else in the document.",
    why="The paragraph promotes something the article is not about: the article was generated to carry "
        "the link.",
    fix="Remove the promotional paragraph.",
    flags=(_ARTICLE + _SPUN_CLOSER,),
    passes=(_ARTICLE + "If you loved this article and you would like to get more info about tide gauges "
            "kindly check out our own web-site.\n",),
    evidence="promotion",
)
CHECKS = (CLOSER, CALL, REDIRECT, SHORTENER, UNRELATED)

# How much of the end of a document counts as its closing paragraphs.
CLOSING_BLOCKS = 3
CLOSING_LINES = 6
CLOSING_CHARS = 4000  # the closing paragraphs lie within this many characters of the end
MAX_SENTENCES = 300  # sentences judged outside the closing paragraphs
MAX_SCAN = 400_000  # characters scanned for mid-text promotion in long files

# ---------------------------------------------------------------- grammar

_PARTS: dict[str, str] = {}


# Synonym slots of the grammar: phrases, and whether a word may miss one letter.
_PHRASES = {
    "_APPRECIATE": ("loved|liked|enjoyed|adored|cherished|appreciated|valued|treasured|savored|"
                    "savoured|favored|favoured|like|love|enjoy|relished|beloved|prized", True),
    "_THIS": ("this|that|the|these|our", False),
    "_PIECE": ("article|post|posting|write-up|writeup|write up|report|piece|information|info|"
               "content|blog post|short article|informative article|article content|post content|"
               "short post|brief article|little article|articles|posts|report content|page|web site|site|story|"
               "short write-up|informative post|blog", True),
    "_MORE": ("more|info|information|details|facts|data|guidance|particulars|knowledge|"
              "material|insight|insights|advice|informatin", True),
    "_ABOUT": ("about|regarding|relating to|related to|concerning|pertaining to|with regards to|"
               "in regards to|with regard to|in regard to|as regards|in relation to|with reference to|"
               "referring to|in connection with|on the topic of|on the subject of|on", True),
    "_PLEASE": ("kindly|please|i implore you to|i beg you to|be sure to|make sure to|feel free to|"
                "you can|you could|you should|you may|you might|simply|just|then|go ahead and|"
                "it is possible to|you'll be able to|you are able to|why not|do|i recommend you to", True),
    "_DIRECT": ("check out|visit|stop by|look at|take a look at|have a look at|go to|see|browse|"
                "browse through|pay a visit to|drop by|head over to|swing by|look into|go to see|"
                "review|view|surf to|come visit|navigate to|go over to|check|explore|look through|"
                "drop in|pop over to|hop over to|go through|look over|look around|have a look around|"
                "click|click here to visit|visit us at|see us at|stop over at|come see", True),
    "_OWNER": ("our own|our|the|my|my own|the own|this|that|these", False),
    "_SITE": ("web site|website|web-site|web page|webpage|web-page|internet site|internet page|"
              "site|homepage|home page|web|web-site|blog|webpage|page|site web|internet website|"
              "net site|web portal|portal", True),
    "_CONTACT": ("contact|call|e-mail|email|mail|get hold of|speak to|reach|get in touch with|"
                 "message|write to|talk to|reach out to|contact with", True),
    "_AT": ("at|on|through|via|from|in|by|with|using", False),
    "_CONCERN": ("concerns|questions|inquiries|queries|issues|thoughts|problems|worries|"
                 "concerns regarding|kind of concerns|sort of questions", True),
    "_WHERE": ("where|wherever|exactly where|where by|whereby|in which|the place", False),
    "_USE": ("use|utilize|make use of|employ|work with|utilise|apply|make use|use the|take advantage of|"
             "operate|deal with|get", True),
}


def _parts() -> dict[str, str]:
    """The synonym slots of the grammar as pattern text (built on first need)."""
    if not _PARTS:
        _PARTS.update({name: alt(phrases, fuzz=fuzz) for name, (phrases, fuzz) in _PHRASES.items()})
        _PARTS["_KW"] = r"(?P<kw>\S++(?: \S++){0,9}?)"
        _PARTS["_OWNER_FZ"] = r"(?:our own|our|ou own|ur own|the|my|my own|the own|this|that|these|ou|ur)"
    return _PARTS


_PART_NAMES = ("_APPRECIATE", "_THIS", "_PIECE", "_MORE", "_ABOUT", "_KW", "_PLEASE", "_DIRECT", "_OWNER",
               "_OWNER_FZ", "_SITE", "_CONTACT", "_AT", "_CONCERN", "_WHERE", "_USE")
_GAP = lambda n: r"(?:\S++ ){0,%d}?" % n  # noqa: E731  up to n filler tokens

# The grammar is compiled on first need: most documents never get that far
# (see _SITE_WORDS), and compiling it costs more than checking a small file.
_GRAMMAR: dict[str, regex.Pattern] = {}


def _sources() -> dict[str, str]:
    (_APPRECIATE, _THIS, _PIECE, _MORE, _ABOUT, _KW, _PLEASE, _DIRECT, _OWNER, _OWNER_FZ, _SITE,
     _CONTACT, _AT, _CONCERN, _WHERE, _USE) = (_parts()[k] for k in _PART_NAMES)
    sources: dict[str, str] = {}
    sources["appreciation"] = (
        r"(?:^| )(?:if|when) %s %s%s (?:%s )?%s(?: |$)" % (
            fuzzy_word("you"), _GAP(2), _APPRECIATE, _THIS, _GAP(2) + _PIECE)
    )
    # "... more info about KEYWORD ... visit our own web site"
    sources["info"] = (
        r"(?:^| )%s %s%s %s (?:%s )?(?:%s )?%s (?:%s )?%s(?: |$)" % (
            _MORE, _GAP(2), _ABOUT, _KW, _PLEASE, _PLEASE, _DIRECT, _OWNER_FZ, _SITE)
    )
    # "... more info about KEYWORD ... you can contact us at our web page"
    sources["contact"] = (
        r"(?:^| )%s %s%s %s (?:%s )?%s (?:%s )?us %s%s (?:%s )?%s(?: |$)" % (
            _MORE, _GAP(2), _ABOUT, _KW, _PLEASE, _CONTACT, _GAP(1), _GAP(1), _AT, _OWNER_FZ, _SITE)
    )
    # "... concerns about where and how to use KEYWORD, you can contact us at our web-site"
    sources["concerns"] = (
        r"(?:^| )%s %s%s %s%s %s%s %s%s(?:%s|%s)(?: |$)" % (
            alt("have|has", fuzz=False), _GAP(3), _CONCERN, _GAP(4), _WHERE, _GAP(5), _USE, _KW, " (?:%s )?" % _PLEASE,
            r"%s %s%s (?:%s )?%s" % (_CONTACT, _GAP(1) + "us ", _GAP(1) + _AT, _OWNER_FZ, _SITE),
            r"(?:%s )?%s (?:%s )?%s" % (_PLEASE, _DIRECT, _OWNER_FZ, _SITE),
        )
    )
    # "visit our web site for more info about KEYWORD"
    sources["site-first"] = (
        r"(?:^| )%s (?:%s )?%s %s%s %s %s(?P<kw>\S++(?: \S++){0,5})$" % (
            _DIRECT, _OWNER_FZ, _SITE, _GAP(4), _MORE, _GAP(2) + _ABOUT, "", )
    )

    # Words that only article spinners put in a call to action.
    sources["spin"] = (
        r"(?:^| )(?:%s)(?= |$)" % "|".join([
            "our own", "ou own", "kindly", "i implore you", "i beg you", "in regards to", "with regards to",
            "pertaining to", "far more", "a great deal more", "much more info", "web-page", "internet site",
            "cherished", "adored", "would certainly", "acquire", "obtain", "be given", "more facts",
            "stop by", "web site", "web-site", "the own", "relating to", "info concerning",
            "information and facts", "treasured", "savored", "would such as", "you could contact us",
        ])
    )
    return sources


_SOURCES: dict[str, str] = {}


def _pattern(name: str) -> regex.Pattern:
    """One pattern of the grammar (an evidence family, the appreciation clause or
    the spinner words), compiled on first use."""
    rx = _GRAMMAR.get(name)
    if rx is None:
        if not _SOURCES:
            _SOURCES.update(_sources())
        rx = _GRAMMAR[name] = regex.compile(_SOURCES[name])
    return rx


def compile_all() -> list:
    """Every lazily compiled pattern of this module (for tests that examine them)."""
    from ._articles import compile_lazy

    grammar = [_pattern(name) for name in ("appreciation", "info", "contact", "concerns", "site-first", "spin")]
    return grammar + compile_lazy(globals())


def _tokens_of(name: str) -> frozenset[str]:
    """Tokens one of which any match of the slot ``name`` holds: for each of its
    phrases, every spelling of the phrase's longest word."""
    phrases, fuzz = _PHRASES[name]
    out: set[str] = set()
    for p in phrases.split("|"):
        if p.strip():
            word = max(p.split(), key=len)
            out.update(spellings(word) if fuzz else [word])
    return frozenset(out)


_NEEDS: dict[str, list[frozenset[str]]] = {}


def _needs() -> dict[str, list[frozenset[str]]]:
    """For each evidence family, the token sets a sentence must draw one token from."""
    if not _NEEDS:
        more, about, direct, site = (_tokens_of(g) for g in ("_MORE", "_ABOUT", "_DIRECT", "_SITE"))
        contact = _tokens_of("_CONTACT")
        _NEEDS.update({
            "concerns": [frozenset({"have", "has"}), _tokens_of("_CONCERN"), _tokens_of("_WHERE"), _tokens_of("_USE"),
                         contact | direct, site],
            "info": [more, about, direct, site],
            "contact": [more, about, contact, frozenset({"us"}), _tokens_of("_AT"), site],
            "site-first": [direct, site, more, about],
        })
    return _NEEDS


# The tokens of _articles.WORD (the same matches; the standard engine finds them faster).
_TOKENS = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")


def _possible_families(tokens: set[str]) -> list[str]:
    """The evidence families whose required words all occur among ``tokens``."""
    return [kind for kind, needs in _needs().items() if all(not tokens.isdisjoint(n) for n in needs)]


# Every evidence family ends at or starts from a _SITE word ("web site", "homepage",
# "blog", "portal", each possibly missing one letter); each of its variants holds
# one of these strings, so a sentence without any of them cannot match.
_SITE_WORDS = ("web", "site", "page", "home", "blog", "portal", "ortal", "prtal", "potal", "poral",
               "portl", "porta")


def _names_a_site(text: str, start: int = 0, end: int | None = None) -> bool:
    if end is None:
        end = len(text)
    find = text.find
    return any(find(w, start, end) >= 0 for w in _SITE_WORDS)


# Keywords that are the author's own project, not a slotted keyword.
_SELF = LazyPattern(
    r"^(?:our|my|us|me|your|this|these|it|that|the (?:project|repo|repository|library|tool|app|"
    r"package|team|author|authors|docs|documentation|topic|subject|above|community))\b"
)


def _keyword(pl, tokens: TokenString, m, document: Document) -> tuple[str, int, int]:
    """The keyword slot of a match: original text, start and end offsets."""
    s, e = tokens.span(m.start("kw"), m.end("kw"))
    raw = pl.cased[s:e]
    # Drop trailing link remnants: "Cortana AI ([https://…" keeps "Cortana AI".
    for link in pl.links:
        if s <= link.start < e and link.kind != "markdown":
            e = min(e, link.start)
        elif s <= link.start < e and link.kind == "markdown" and regex.fullmatch(r"\s*\S+\.[a-z]{2,}\S*\s*", link.anchor, regex.I):
            e = min(e, link.start)
    raw = pl.cased[s:e].strip(" \t\n([{<,;:-\"'*_")
    raw = _MARKUP.sub(" ", raw)
    raw = _SPACES.sub(" ", raw).strip(" ,;:")
    return raw, s, (s + len(pl.cased[s:e].rstrip(" \t\n([{<,;:-\"'*_"))) if raw else e


_MARKUP = LazyPattern(r"[\[\]()*_`<>]++")
_SPACES = LazyPattern(r"\s++")
_TWO_LETTERS = LazyPattern(r"[a-z]{2}", regex.I)
_LINE_START = LazyPattern(r"(?m)^[^\S\n]*+\S")


def _links_in(pl, s: int, e: int) -> list[Link]:
    return [l for l in pl.links if l.start < e and l.end > s]


def _only_definitions(block: str) -> bool:
    """Whether a block holds only link definitions, rules or HTML comments."""
    if block.lstrip()[:1] not in ("[", "-", "*", "<"):
        return False
    return regex.fullmatch(r"(?:\s*+(?:\[[^\]\n]++\]:\s*+\S++[^\n]*+|-{3,}+|\*{3,}+|<!--[^\n]*+-->)\s*+)++",
                           block) is not None


def _closing_start(text: str) -> int:
    """Offset where the closing paragraphs begin (never more than CLOSING_CHARS from the end)."""
    floor = max(0, len(text) - CLOSING_CHARS)
    blocks = [b for b in paragraphs(text[floor:]) if _TWO_LETTERS.search(text, floor + b[0], floor + b[1])]
    # Ignore a trailing block of link definitions, rules or HTML comments.
    while blocks and _only_definitions(text[floor + blocks[-1][0]:floor + blocks[-1][1]]):
        blocks.pop()
    if not blocks:
        return floor
    by_block = floor + blocks[max(0, len(blocks) - CLOSING_BLOCKS)][0]
    # The start of the CLOSING_LINES-th non-blank line from the end (or of the first one).
    tail = text[floor:]
    found = []
    start = len(tail) + 1
    match = _LINE_START.match
    while len(found) < CLOSING_LINES and start > 0:
        start = tail.rfind("\n", 0, start - 1) + 1
        if match(tail, start):
            found.append(start)
    by_line = floor + (found[-1] if found else 0)
    return max(by_block, by_line)


def _evidence(tokens: TokenString, kinds: list[str]) -> Iterator[dict]:
    """Every promotional match in a token string, with its evidence."""
    t = tokens.text
    for kind in kinds:
        m = _pattern(kind).search(t)
        if m:
            yield {"match": m, "kind": kind}


# Every family needs a request for more information or a question about a keyword.
_QUICK = re.compile(r"mor|inf|det|fac|dat|guid|partic|knowl|mater|insig|advi|conc|quest|quer|inqu|iss|thou|probl|worr")


_BODY_CACHE: list = []


def _whole_body(document: Document, pl) -> Body:
    for doc, text, body in _BODY_CACHE:
        if doc is document and text is pl.text:
            return body
    body = Body(pl.text)
    _BODY_CACHE[:] = [(document, pl.text, body)]
    return body


def _judge_sentence(document: Document, pl, s: int, e: int, closing: bool) -> dict | None:
    if not _QUICK.search(pl.text, s, e) or not _names_a_site(pl.text, s, e):
        return None
    # The words of the sentence, as the grammar sees them, decide which families could match.
    found = _TOKENS.findall(pl.text, s, e)
    if len(found) < 5:
        return None
    kinds = _possible_families(set(found))
    if not kinds:
        return None
    tokens = TokenString.build(pl.text, s, e)
    t = tokens.text
    best = None
    for item in _evidence(tokens, kinds):
        m = item["match"]
        keyword, ks, ke = _keyword(pl, tokens, m, document)
        kw_plain = " ".join(words(keyword.lower()))
        if not kw_plain or _SELF.match(kw_plain) or not significant(words(kw_plain)):
            continue
        score = 4 + (1 if item["kind"] == "concerns" else 0)
        marks = []
        if _pattern("appreciation").search(t):
            score += 2
            marks.append("an appreciation clause")
        spin = {x.group().strip() for x in _pattern("spin").finditer(t)}
        if spin:
            score += min(2, len(spin))
            marks.append("spinner wording (" + ", ".join(sorted(spin)[:3]) + ")")
        links = _links_in(pl, s, e)
        if links:
            score += 1
            marks.append("a link")
        related = _whole_body(document, pl).related(kw_plain, exclude=Body(pl.text[s:e]))
        if related is False:
            score += 2
            marks.append("a keyword the document never mentions")
        cand = {"score": score, "keyword": keyword, "kstart": ks, "kend": ke, "marks": marks,
                "related": related, "kind": item["kind"], "links": links}
        if best is None or cand["score"] > best["score"]:
            best = cand
    return best


def _promotions(document: Document) -> Iterator[Finding]:
    pl = plain(document)
    text = pl.text
    if not _names_a_site(text) or not _QUICK.search(text):
        return  # every family names a web site or page and asks about something (see _QUICK)
    closing = _closing_start(text)
    spans = []
    # Mid-text sentences: only the first MAX_SCAN characters, and only blocks that name a site.
    head = text[:min(closing, MAX_SCAN)]
    blocks = [b for b in paragraphs(head) if b[1] < closing]
    tail_start = blocks[-1][1] if blocks else 0
    blocks += [(a + tail_start, b + tail_start) for a, b in paragraphs(text[tail_start:]) if b + tail_start > closing]
    for ps, pe in blocks:
        if pe < closing:
            block = text[ps:pe]
            if not ("site" in block or "page" in block or " web" in block or " us " in block):
                continue
        for s, e in sentences(text, ps, pe):
            if e > closing or ("site" in text[s:e] or "page" in text[s:e] or " us " in text[s:e]):
                spans.append((s, e, e > closing))
    outside = 0
    for s, e, in_closing in spans:
        if not in_closing:
            outside += 1
            if outside > MAX_SENTENCES:
                continue
        if e - s > 1500:
            s = e - 1500
        verdict = _judge_sentence(document, pl, s, e, in_closing)
        if verdict is None or verdict["score"] < 5:
            continue
        confident = verdict["score"] >= 7 and in_closing
        check = CLOSER if confident else CALL
        start = s + (len(document.text[s:e]) - len(document.text[s:e].lstrip()))
        where = "closing paragraph" if in_closing else "sentence"
        marks = verdict["marks"]
        message = (f"promotional {where}: sends readers to a web site for more about "
                   f"'{verdict['keyword']}'" + (" with " + ", ".join(marks) if marks else ""))
        yield document.finding(check, start, e, message,
                               suggestion="remove the promotional paragraph")
        if confident and verdict["related"] is False:
            yield document.finding(
                UNRELATED, verdict["kstart"], max(verdict["kend"], verdict["kstart"] + 1),
                f"promoted keyword '{verdict['keyword']}' does not occur anywhere else in the document")


# ---------------------------------------------------------------- links

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


_ASCII_LETTER = re.compile("[A-Za-z]")


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


def check(document: Document) -> Iterable[Finding]:
    if not document.text:
        return
    if document.text.isascii() and not _ASCII_LETTER.search(document.text, 0, 200_000):
        return
    yield from _promotions(document)
    yield from _link_findings(document)
