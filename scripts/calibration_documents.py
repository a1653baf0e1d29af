"""The labelled documents of the calibration (scripts/calibrate.py, step 1 of its procedure).

Spam: a labelled corpus read where it lies and the crafted material of
scripts/calibration, with their evasions (look-alikes turned into ASCII, a
plain file name, no stock opening, no closer), page openings completed with
each closer of ``spamgate evaluate``, and crafted articles with look-alike
letters or invisible characters sprinkled in.  Legitimate: the same corpora's
legitimate documents, with each call to action appended and retitled like
clickbait about their own subject; installed documentation; translations;
this project's documentation; a Unicode test fixture.
"""
from __future__ import annotations

import gzip
import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_DOC = 60_000  # characters of a documentation file or catalog judged

_LOOKALIKES = {"a": "\u0430\u0251", "e": "\u0435", "o": "\u043e\u03bf\u0585", "i": "\u0456", "c": "\u0441\u03f2",
               "p": "\u0440\u03c1", "s": "\u0455", "l": "\u217c", "d": "\u0501", "h": "\u04bb", "u": "\u057d",
               "g": "\u0261", "y": "\u0443"}


class Doc:
    __slots__ = ("name", "label", "source", "text", "context", "features", "weight")

    def __init__(self, name, label, source, text, context=None):
        self.name, self.label, self.source, self.text, self.context = name, label, source, text, context
        self.features: dict[str, float] = {}
        self.weight = 1.0


def sprinkle(text: str, rate: float, seed: int) -> str:
    """``text`` with look-alike letters of several scripts in place of some ASCII letters."""
    rng = random.Random(seed)
    return "".join(rng.choice(_LOOKALIKES[c]) if c in _LOOKALIKES and rng.random() < rate else c for c in text)


def hide(text: str, rate: float, seed: int) -> str:
    """``text`` with zero-width spaces and joiners hidden inside some words."""
    rng = random.Random(seed)
    out = []
    for a, b in zip(text, text[1:] + " "):
        out.append(a)
        if a.isalpha() and b.isalpha() and rng.random() < rate:
            out.append(rng.choice("\u200b\u200c\u2060"))
    return "".join(out)


def unicode_fixture() -> str:
    """A legitimate test fixture full of characters a spam filter notices."""
    rows = ["| name | text | note |", "| --- | --- | --- |"]
    samples = [("cyrillic a", "p\u0430ypal", "look-alike"), ("greek omicron", "g\u03bfogle", "look-alike"),
               ("zero width space", "in\u200bvisible", "hidden"), ("word joiner", "no\u2060break", "hidden"),
               ("rlo", "abc\u202edef", "bidi"), ("lri", "\u2067\u05e9\u05dc\u05d5\u05dd\u2069", "isolate"),
               ("roman fifty", "\u217canguage", "look-alike"), ("alpha", "Langu\u0251ge", "look-alike"),
               ("armenian", "\u0585pen", "look-alike"), ("cherokee", "\u13a1ngine", "look-alike")]
    for name, text, note in samples:
        rows.append(f"| {name} | {text} | {note} |")
    prose = ("These cases check that the normaliser maps every look-alike to its ASCII letter: "
             "\u0441\u043e\u0440\u0443 must read as copy, \u0455\u0435\u0441\u0443r\u0435 as secure and "
             "\u0440\u0430ss\u0461ord as password. Invisible characters such as in\u200bside and "
             "sh\u00adould are removed. Bidi controls like \u202e are reported.")
    return "# Unicode normalisation fixtures\n\n" + "\n".join(rows) + "\n\n" + prose + "\n"


def read_text(path: str) -> str | None:
    from spamgate.reader import read_path

    doc = read_path(path, 2_000_000)
    return None if hasattr(doc, "reason") else doc.text


def corpus_docs(root: str, tag: str) -> list[Doc]:
    """A labelled corpus as found, pages named by their titles, wiki pages with their push context."""
    import tempfile

    from spamgate.hooks.corpus import collect, push_contexts, stage

    out = []
    contexts = push_contexts(root)
    with tempfile.TemporaryDirectory(prefix="spamgate-calibrate-") as tmp:
        renamed = stage(root, tmp)
        for item in collect(tmp):
            rel = os.path.relpath(item.path, tmp)
            text = read_text(item.path)
            if text is not None:
                doc = Doc(rel, item.label, f"{tag} {item.folder}", text, contexts.get(renamed.get(rel, rel)))
                doc.source += " opening" if item.opening else ""
                out.append(doc)
    return out


def _without_opening(text: str) -> str:
    """``text`` without its short first lines (a stock heading such as "Introduction")."""
    lines = text.split("\n")
    while lines and len(lines[0].split()) < 8:
        lines.pop(0)
    return "\n".join(lines)


def _without_closer(text: str) -> str:
    paragraphs = text.rstrip().split("\n\n")
    return "\n\n".join(paragraphs[:-1]) + "\n" if len(paragraphs) > 2 else text


def evasions(d: Doc, i: int) -> list[Doc]:
    """Spam that lacks one kind of evidence: a plain title, no stock opening, no closer, no telling
    push context (an account and repository not named after the keyword)."""
    tag = d.source.split(" ")[0]
    out = [Doc(f"notes-{i}.md", "spam", f"{tag} evasion: a plain file name", d.text, d.context),
           Doc(d.name, "spam", f"{tag} evasion: no stock opening", _without_opening(d.text), d.context)]
    if d.context is not None:
        out.append(Doc(d.name, "spam", f"{tag} evasion: no push context", d.text))
    if not d.source.endswith("opening"):
        out.append(Doc(d.name, "spam", f"{tag} evasion: no closer", _without_closer(d.text), d.context))
    return out


# Clickbait titles that real posts carry too, around the post's own subject.
_LEGIT_CLICKBAIT = ("5 Things You Should Know About {k}", "Are You Making These {k} Mistakes?",
                    "The Ultimate Guide To {k}", "Why Everybody Is Talking About {k}", "10 Reasons To Try {k} Today",
                    "The Secret Of Successful {k}", "Everything You Need To Know About {k}",
                    "7 Simple Tips For Better {k}")


def subject(text: str) -> str | None:
    """The word a document is most about: its most frequent long word outside stop words."""
    import re
    from collections import Counter

    from spamgate.rules._articles import GENERIC, STOPWORDS

    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]{3,}", text)]
    counts = Counter(w for w in words if w not in STOPWORDS and w not in GENERIC)
    return counts.most_common(1)[0][0].capitalize() if counts else None


def clickbait_ham(d: Doc, i: int) -> list[Doc]:
    """A legitimate document titled like clickbait about its own subject."""
    from spamgate.hooks.corpus import wiki_file_name

    k = subject(d.text)
    if k is None:
        return []
    title = _LEGIT_CLICKBAIT[i % len(_LEGIT_CLICKBAIT)].format(k=k)
    return [Doc(wiki_file_name(title), "ham", f"{d.source.split(' ')[0]} ham with a clickbait title", d.text)]


def variants(docs: list[Doc]) -> list[Doc]:
    """The evasions and calls to action of step 1 of the procedure."""
    from spamgate.deconfuse import to_ascii
    from spamgate.hooks.evaluate import LEGIT_CLOSERS, PROMO_CLOSERS, promo_closer

    out = []
    for i, d in enumerate(docs):
        plain = to_ascii(d.text)
        base = d.source.split(" ")[0]
        if d.label == "spam":
            out += evasions(d, i)
            if plain != d.text:
                out.append(Doc(d.name, "spam", f"{base} spam without look-alikes", plain, d.context))
            elif "crafted" in d.source:
                out.append(Doc(d.name, "spam", "crafted spam with look-alikes", sprinkle(d.text, 0.04, i), d.context))
                out.append(Doc(d.name, "spam", "crafted spam with hidden characters", hide(d.text, 0.03, i), d.context))
            if not d.source.endswith("opening"):
                out.append(Doc(f"notes-{i}.md", "spam", f"{base} evasion: a plain file name, no look-alikes", plain,
                               d.context))
            else:
                for k in range(0, len(PROMO_CLOSERS), 2 if "shared" in d.source else 1):
                    closer = promo_closer(k + i)
                    out.append(Doc(d.name, "spam", f"{base} openings with a closer", d.text.rstrip() + "\n\n" + closer + "\n", d.context))
                    out.append(Doc(d.name, "spam", f"{base} openings with a closer, no look-alikes",
                                   plain.rstrip() + "\n\n" + closer + "\n", d.context))
                    out.append(Doc(f"page-{i}-{k}.md", "spam", f"{base} openings with a closer, no look-alikes, "
                                   "a plain file name", plain.rstrip() + "\n\n" + closer + "\n", d.context))
        else:
            for titled in clickbait_ham(d, i):
                out.append(titled)
                out.append(Doc(titled.name, "ham", f"{base} ham with a clickbait title and a promotional closer",
                               titled.text.rstrip() + "\n\n" + promo_closer(i) + "\n"))
            for k, closer in enumerate(LEGIT_CLOSERS):
                out.append(Doc(d.name, "ham", f"{base} ham with a call to action", d.text.rstrip() + "\n\n" + closer + "\n"))
            for k in range(len(PROMO_CLOSERS)):
                out.append(Doc(d.name, "ham", f"{base} ham with a promotional closer",
                               d.text.rstrip() + "\n\n" + promo_closer(k + i) + "\n"))
    return out


def debian_docs(top: str, limit: int) -> list[Doc]:
    paths = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            low = f.lower()
            if low.startswith(("readme", "news", "changelog")) or low.endswith((".md", ".md.gz", ".rst", ".txt")):
                if not low.endswith((".html", ".htm", ".png", ".pdf", ".svg", ".js", ".css")):
                    paths.append(os.path.join(root, f))
    step = max(1, len(paths) // limit) if limit else 1
    out = []
    for p in paths[::step][:limit]:
        try:
            data = gzip.open(p).read(MAX_DOC * 4) if p.endswith(".gz") else open(p, "rb").read(MAX_DOC * 4)
        except (OSError, EOFError):
            continue
        if b"\0" in data[:8000]:
            continue
        name = p[len(top):].lstrip("/").removesuffix(".gz")
        out.append(Doc(name, "ham", "Debian documentation", data.decode("utf-8", "replace")[:MAX_DOC]))
    return out


def locale_docs(top: str, limit: int) -> list[Doc]:
    from scan_locale import mo_messages

    paths = sorted(str(p) for p in Path(top).glob("*/LC_MESSAGES/*.mo")) if os.path.isdir(top) else []
    step = max(1, len(paths) // limit) if limit else 1
    out = []
    for p in paths[::step][:limit]:
        try:
            messages = mo_messages(Path(p).read_bytes())
        except (OSError, ValueError):
            continue
        if messages:
            out.append(Doc(p[len(top):].lstrip("/"), "ham", "translations", "\n\n".join(messages)[:MAX_DOC]))
    return out


def project_docs() -> list[Doc]:
    out = [Doc("README.md", "ham", "this project's documentation", (ROOT / "README.md").read_text(encoding="utf-8"))]
    for p in sorted((ROOT / "docs" / "rules").glob("*.md")):
        out.append(Doc(f"docs/rules/{p.name}", "ham", "this project's documentation", p.read_text(encoding="utf-8")))
    out.append(Doc("tests/fixtures/unicode.md", "ham", "a Unicode test fixture", unicode_fixture()))
    return out
