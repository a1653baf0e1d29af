"""Clickbait titles of spam articles (SG301, SG302, SG303).

Spam articles are titled from a generator's stock with a keyword slotted in:
"10 Reasons Your X Is Not What It Could Be", "Eight Legal guidelines Of X",
"Are You Making These X Mistakes?", "Incontestable Evidence That You Need X",
"The Pain of X".  The rule scores the shapes such titles are made of (a
numbered listicle, an address to the reader, promises and mysteries, words
only spinners use, capitalised small words, a product keyword; see
rules/_shapes.py) and the whole-title templates of rules/title.toml, rather
than a list of titles.

A document's title candidates are its first heading, its file name (URL
encoding, Gitea wiki names such as ``Do You Need A BERT-large%3F.-.md`` and
slugs undone) and, when a commit is scanned, the commit subject ("Add
<title>").  Each is read with look-alike letters turned into ASCII.

- SG301 clickbait-title: a candidate's shape reaches the clickbait threshold.
- SG302 title-keyword-absent: the keyword the title is built around never
  occurs in the body, as in "The Pain of DistilBERT-base" over an article
  about GPT-Neo.
- SG303 keyword-stuffed-title: a title that repeats the same keyword.

A legitimate title such as "How to find memory leaks in Go" or "10 tips for
faster builds" has too few parts; a title is weak evidence on its own
(warnings only).
"""
from __future__ import annotations

from typing import Iterable

from spamgate.model import WARNING, Check, Document, Example, Finding, TitleCandidate

from ._articles import STOPWORDS, Body, path_finding, plain, significant, words
from ._shapes import normalize_title, shape

# A body for the examples, about tide gauges and nothing else.
_BODY = """
Tide gauges record the height of the sea at a harbour every few minutes. Engineers use the records
to plan harbour walls, and scientists combine them with satellite data to follow the slow rise of
the oceans. A gauge needs a stable mount, a clear view of the water and regular checks against a
benchmark on land, because a sinking pier looks exactly like a rising sea.
"""

CLICKBAIT = Check(
    "SG301", "clickbait-title", WARNING, 3.5, 3.5,
    "title reads as a generated clickbait title built around a slotted keyword",
    reports="""The title (first heading, file name or commit subject) is made of the parts
that title generators put together: a numbered listicle ("10 Reasons", "Eight
Legal guidelines"), an address to the reader ("Are You Making These X
Mistakes?"), promises and mysteries ("Incontestable Evidence", "Secrets
Revealed"), words only article spinners use ("By no means", "Be taught"),
capitalised small words, a product keyword, or a whole-title template ("The
Pain of X", "X No Longer a Mystery").  Each part scores points; three points
make a clickbait title.""",
    why="""Spam articles are generated for a keyword and titled from a generator's stock;
the title is also the wiki page name and the commit subject.""",
    fix="""Retitle the document.  Ordinary titles ("How to find memory leaks in Go",
"10 tips for faster builds", "Release notes") have too few of these parts.  A
title alone is weak evidence (a warning).""",
    flags=("# The Pain of Nimbus-XL\n" + _BODY, Example(_BODY, "How-To-Find-Nimbus-XL-Online.md"),
           Example(_BODY, "Eight Legal guidelines Of Nimbus-XL.-.md"),
           "# Are You Making These Nimbus-XL Mistakes?\n" + _BODY),
    passes=("# How to find memory leaks in Go\n" + _BODY, Example(_BODY, "Release-Notes.md"),
            "# 10 tips for faster builds\n" + _BODY),
    evidence="title",
)
ABSENT = Check(
    "SG302", "title-keyword-absent", WARNING, 3.0, 3.0,
    "the keyword a clickbait title is built around never occurs in the body",
    reports="The keyword that a clickbait title is built around does not occur anywhere in the document's body.",
    why="The title was generated for a keyword, not written for the text: \"The Pain of DistilBERT-base\" "
        "over an article about another model.",
    fix="Retitle the document after what it is about.",
    flags=("# The Pain of Nimbus-XL\n" + _BODY,),
    passes=("# The Pain of Tide Gauges\n" + _BODY,),
    evidence="title",
)
STUFFED = Check(
    "SG303", "keyword-stuffed-title", WARNING, 3.0, 3.0,
    "title repeats the same keyword several times",
    reports="A title that repeats a keyword three or more times.",
    why="\"Best VPN | Free VPN | VPN Download\" is written for search engines, not readers.",
    fix="Retitle the document in words for readers.",
    flags=("# Best VPN | Free VPN | VPN Download | Cheap VPN\n" + _BODY,),
    passes=("# Tide gauges and tide tables\n" + _BODY,),
    evidence="title",
)
CHECKS = (CLICKBAIT, ABSENT, STUFFED)

MIN_BODY = 300  # characters of body needed to say a keyword is absent


def _stuffed(title: str) -> str | None:
    """The keyword a title repeats for search engines, if it does."""
    all_toks = words(normalize_title(title))
    toks = [t for t in all_toks if t not in STOPWORDS and len(t) >= 3]
    if len(toks) < 4 or sum(1 for t in all_toks if t in STOPWORDS) * 4 > len(all_toks):
        return None  # a sentence, not a list of keywords
    counts: dict[str, int] = {}
    for t in toks:
        counts[t] = counts.get(t, 0) + 1
    word, n = max(counts.items(), key=lambda kv: kv[1])
    if n >= 3 and n * 10 >= len(toks) * 3:
        return word
    return None


def _finding(check: Check, document: Document, cand: TitleCandidate, message: str, **kw) -> Finding:
    if cand.source == "heading" and 0 < cand.line <= len(document.line_starts):
        start = document.line_starts[cand.line - 1]
        line = document.line_text(cand.line)
        s = start + (len(line) - len(line.lstrip()))
        return document.finding(check, s, start + len(line), message, **kw)
    if document.kind == "commit-message" and cand.source == "commit-subject":
        first = document.line_text(1) if document.text else ""
        return document.finding(check, 0, len(first), message, **kw)
    return path_finding(check, document, cand.text, message, source=cand.source, **kw)


_SOURCE = {"heading": "first heading", "filename": "file name", "commit-subject": "commit subject"}


def find(document: Document) -> Iterable[Finding]:
    candidates = document.title_candidates
    if not candidates:
        return
    body_cache: dict[int, Body | None] = {}

    def body_for(cand: TitleCandidate) -> Body | None:
        if document.kind != "file":
            return None
        key = cand.line if cand.source == "heading" and cand.line <= len(document.line_starts) else 0
        if key not in body_cache:
            text = plain(document).text
            if key:
                s = document.line_starts[key - 1]
                e = document.line_starts[key] if key < len(document.line_starts) else len(text)
                text = text[:s] + " " + text[e:]
            body_cache[key] = Body(text) if len(text.strip()) >= MIN_BODY else None
        return body_cache[key]

    clickbait_done = absent_done = stuffed_done = False
    for cand in candidates:
        where = _SOURCE.get(cand.source, cand.source)
        if not clickbait_done:
            found = shape(cand.text)
            if found.clickbait:
                keyword = found.keyword
                about = f" with the keyword '{keyword}'" if keyword else ""
                yield _finding(CLICKBAIT, document, cand,
                               f"{where} '{cand.text}' reads as a generated clickbait title{about}: "
                               + ", ".join(found.parts))
                clickbait_done = True
                body = body_for(cand)
                if keyword and body is not None and not absent_done:
                    kw = " ".join(words(normalize_title(keyword)))
                    if significant(words(kw)) and body.related(kw) is False:
                        yield _finding(ABSENT, document, cand,
                                       f"the title keyword '{keyword}' never occurs in the body")
                        absent_done = True
        if not stuffed_done:
            word = _stuffed(cand.text)
            if word:
                yield _finding(STUFFED, document, cand, f"{where} '{cand.text}' repeats '{word}'")
                stuffed_done = True


def compile_all() -> list:
    """Every pattern of this rule, compiled (for tests that examine them)."""
    from ._shapes import compile_all as templates

    return templates()
