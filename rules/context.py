"""Where a document is pushed, and by whom (SG501, SG502).

Spam accounts are made for the keyword they promote: an account named
``counterfeitdrivinglicense`` pushes a wiki page about counterfeit driving
licenses, a repository is named after the domain its pages link to
(``openai-tutorial-emilianofl15.huicopper.com4614``).  When a document comes
with its push context (the pre-receive hook reads it from the server's
environment; ``spamgate check --pusher NAME --repository OWNER/NAME`` sets it),
these checks compare the names with the document:

- SG501 keyword-named-account: the pushing account or the repository owner
  spells the keyword of the document's title or the host of one of its links;
- SG502 domain-named-repository: the repository (or account) name holds a
  web domain.

A project named after what it documents is normal, so the keyword must be
more than one short word, and a host must not be a code host or the
project's own documentation site.
"""
from __future__ import annotations

import re
from typing import Iterable

from spamgate.model import INFO, WARNING, Check, Document, Example, Finding, PushContext

from ._articles import LazyPattern, path_finding, plain

_ARTICLE = "# Counterfeit driving licenses\n\nCounterfeit driving licenses are fake documents made to look real.\n"

NAMED = Check(
    "SG501", "keyword-named-account", WARNING, 3.0, 3.0,
    "the pushing account is named after the document's keyword or link target",
    reports="""The account that pushes the document, or the repository owner, spells the
keyword of the document's title (``counterfeit-driving-license`` pushing
"Counterfeit driving licenses"), or the host of a link in it.  Only documents
that arrive with a push context are checked.""",
    why="Spam accounts are created for the keyword they promote and named after it.",
    fix="Nothing to fix in a project named after its subject: the finding only adds to other evidence.",
    flags=(Example(_ARTICLE, "Counterfeit-Driving-Licenses.md",
                   PushContext("counterfeitdrivinglicense4u", "counterfeitdrivinglicense4u", "docs", True)),),
    passes=(Example(_ARTICLE, "Counterfeit-Driving-Licenses.md", PushContext("alice", "alice", "road-safety", True)),),
    evidence="context",
)
DOMAIN = Check(
    "SG502", "domain-named-repository", INFO, 1.5, 1.5,
    "the repository or account name holds a web domain",
    reports="""The repository name or the account name holds a web domain
(``tutorial-emilianofl15.huicopper.com4614``).  Only documents that arrive
with a push context are checked.""",
    why="Spam accounts name repositories after the sites their pages link to.",
    fix="Nothing to fix in a project named after its site: the finding only adds to other evidence.",
    flags=(Example(_ARTICLE, "Home.md", PushContext("marta1990", "marta1990", "tutorial-licenses.example-shop.com4614")),),
    passes=(Example(_ARTICLE, "Home.md", PushContext("marta1990", "marta1990", "road-safety-notes")),),
    evidence="context",
)
CHECKS = (NAMED, DOMAIN)

MIN_LETTERS = 8  # a keyword this short is too common to say anything about an account
_DOMAIN = LazyPattern(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,4}"
                      r"(?:com|net|org|info|biz|xyz|top|site|online|club|shop|store|io|co|me|de|ru|pl|cz|uk|cn|in|"
                      r"kz|fr|it|es|nl|pro|live|life|blog|app|dev|team|space|website|tech)(?![a-z])")
# Hosts whose links say nothing about spam: code hosts and documentation sites.
_COMMON_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "readthedocs.io", "python.org",
                 "wikipedia.org", "mozilla.org", "example.com", "example.org", "example.net")


def _letters(text: str) -> str:
    """The letters of a name or keyword, each word without a plural s:
    "Counterfeit Driving Licenses" -> "counterfeitdrivinglicense"."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return "".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _accounts(context: PushContext) -> list[tuple[str, str]]:
    """The accounts behind a push: the pusher and the repository owner.  (A
    repository named after what its documents are about is ordinary.)"""
    out = [("pushing account", context.pusher)] if context.pusher else []
    if context.owner and context.owner.lower() != context.pusher.lower():
        out.append(("repository owner", context.owner))
    return out


def _keywords(document: Document) -> list[tuple[str, str]]:
    """(what, keyword) pairs: title keywords and link hosts of the document."""
    from ._shapes import shape
    from .links import host

    out = []
    for cand in document.title_candidates:
        keyword = shape(cand.text).keyword
        if keyword:
            out.append(("title keyword", keyword))
    if document.kind == "file":
        for link in plain(document).links[:200]:
            h = host(link.url)
            if h and not h.endswith(_COMMON_HOSTS):
                out.append(("link host", h.rsplit(".", 1)[0]))
    return out


def find(document: Document) -> Iterable[Finding]:
    context = document.context
    if context is None or not document.text:
        return
    seen = set()
    for what, name in _accounts(context):
        spelled = _letters(name)
        for kind, keyword in _keywords(document):
            letters = _letters(keyword)
            if (what, kind) in seen or min(len(letters), len(spelled)) < MIN_LETTERS \
                    or (letters not in spelled and spelled not in letters):
                continue
            seen.add((what, kind))
            yield path_finding(NAMED, document, name, f"the {what} '{name}' is named after the {kind} '{keyword}'",
                               source="push")
            break
    for what, name in (("repository", context.repository), ("pushing account", context.pusher),
                       ("repository owner", context.owner)):
        m = _DOMAIN.search(name.lower()) if name else None
        if m:
            yield path_finding(DOMAIN, document, name, f"the {what} '{name}' holds the web domain '{m.group()}'",
                               source="push")
            return


def compile_all() -> list:
    """Every lazily compiled pattern of this module (for tests that examine them)."""
    from ._articles import compile_lazy

    return compile_lazy(globals())
