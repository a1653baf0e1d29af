"""What a title is made of: the shapes of generated clickbait titles.

Spam generators title their articles from a spinner's stock: a numbered
listicle ("10 Reasons Your X Is Not What It Could Be", "Eight Legal guidelines
Of X"), an address to the reader ("Are You Making These X Mistakes?"), a
promise or mystery ("Incontestable Evidence That You Need X", "The Secret Of
X"), words only spinners use ("Fascinating Facts I Wager You By no means Knew
About X"), small words capitalised ("Of", "To"), and a product keyword slotted
in.  ``shape(title)`` scores these parts from the vocabularies of
rules/title.toml; whole-title templates of the same file ("The Pain of X", "X
No Longer a Mystery") score as one strong part.  A title is clickbait when its
points reach the threshold of the data file: one part alone (a listicle, a
"you") is what ordinary titles are made of too.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from ._articles import STOPWORDS
from ._lexicon import Lexicon, derived, fold, may_contain, prepare, template_requirements, words_of

MAX_TITLE = 240


class Shape(NamedTuple):
    points: float
    parts: tuple[str, ...]  # what was found: "listicle", "reader", "promise: secret", ...
    keyword: str  # the keyword the title is built around, as written ("" when none stands out)
    clickbait: bool
    template: str = ""  # the template it fits, if any


def _build(data: dict) -> dict:
    slots = data["slots"]
    templates = tuple((pattern, tuple(template_requirements(pattern, slots))) for pattern in data["templates"])
    # Each template's most telling requirement, as an index: word -> templates needing it.
    keys: dict[str, list[int]] = {}
    always = []
    for i, (_, reqs) in enumerate(templates):
        if not reqs:
            always.append(i)
            continue
        key = max(reqs, key=lambda r: (min(len(w) for w in r), -len(r)))
        for word in key:
            keys.setdefault(word, []).append(i)
    shape = data["shape"]
    return {
        "slots": dict(slots),
        "templates": templates,
        "keys": (keys, always),
        "threshold": shape["threshold"],
        "promise_most": shape["promise_most"],
        "points": dict(shape["points"]),
        "lexicon": prepare(shape["words"], fuzzy=False, anchors=False),
    }


class _Data:
    __slots__ = ("slots", "templates", "compiled", "keys", "threshold", "promise_most", "points", "lexicon")

    def __init__(self, built: dict):
        self.slots = built["slots"]
        self.templates = built["templates"]
        self.compiled: dict[int, object] = {}
        self.threshold = built["threshold"]
        self.promise_most = built["promise_most"]
        self.points = built["points"]
        self.lexicon = Lexicon(built["lexicon"])
        self.keys = built["keys"]

    def expanded(self, i: int) -> str:
        """Template ``i`` as a regular expression, its slots written out."""
        pattern = self.templates[i][0]
        for key, value in self.slots.items():
            pattern = pattern.replace("{%s}" % key, value)
        return pattern

    def pattern(self, i: int):
        rx = self.compiled.get(i)
        if rx is None:
            rx = self.compiled[i] = regex.compile(self.expanded(i), regex.I)
        return rx

    def candidates(self, t: str) -> list[int]:
        """Indices of the templates whose required words all occur in ``t``, in order."""
        keys, always = self.keys
        keyed = {i for word, found in keys.items() if word in t for i in found}
        return [i for i in sorted(keyed.union(always)) if may_contain(t, self.templates[i][1])]


_DATA: list[_Data] = []


def data() -> _Data:
    if not _DATA:
        _DATA.append(_Data(derived("title", _build, __file__)))
    return _DATA[0]


def compile_all() -> list:
    d = data()
    return [d.pattern(i) for i in range(len(d.templates))]


def normalize_title(text: str) -> str:
    """A title as the templates see it: ASCII look-alikes undone, lower case, tidy spaces."""
    from spamgate.deconfuse import to_ascii

    t = to_ascii(text[:MAX_TITLE]) if not text.isascii() else text[:MAX_TITLE]
    t = t.replace("\u2019", "'").replace("\u2018", "'")
    return fold(" ".join(t.split())).rstrip(" .!?\u2026")


def _good_slot(x: str) -> bool:
    toks = words_of(x)
    return bool(toks) and len(toks) <= 9 and any(t not in STOPWORDS for t in toks)


def match_template(title: str) -> tuple[str, str] | None:
    """(template, slotted keyword) when ``title`` fits a whole-title template, else None."""
    t = normalize_title(title)
    if len(t) < 6:
        return None
    d = data()
    for i in d.candidates(t):
        m = d.pattern(i).fullmatch(t, timeout=0.5)
        if m:
            x = (m.groupdict().get("x") or "").strip(" :,.-!?")
            template = d.templates[i][0]
            if "{X}" in template and not _good_slot(x):
                continue
            return template, x
    return None


def _keyword_like(word: str) -> bool:
    """A product or model keyword: CamelCase, letters with digits, or capitals
    (in any hyphenated part: "DistilBERT", "GPT-J-6B", "Nimbus-XL", "ADHD")."""
    for part in word.split("-"):
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        if any(c.isdigit() for c in part) or (len(letters) >= 2 and all(c.isupper() for c in letters)):
            return True
        if any(a.islower() and b.isupper() for a, b in zip(part, part[1:])):
            return True
    return False


def shape(title: str) -> Shape:
    """The shape of a title and its points."""
    from spamgate.deconfuse import to_ascii

    shown = " ".join((to_ascii(title[:MAX_TITLE]) if not title.isascii() else title[:MAX_TITLE]).split())
    d = data()
    cased = words_of(shown.replace("\u2019", "'"))
    lower = [w.lower() for w in cased]
    found = d.lexicon.find(lower)
    points = d.points
    parts: list[str] = []
    score = 0.0
    covered: set[int] = set()

    def cover(slot: str) -> list:
        ms = found.get(slot, [])
        for m in ms:
            covered.update(range(m.start, m.end))
        return ms

    template = match_template(title)
    if template is not None:
        score += points["template"]
        parts.append("a template of spam titles")
    spun = cover("spun")
    if spun:
        score += points["spun"]
        parts.append("spinner wording (" + ", ".join(sorted({" ".join(lower[m.start:m.end]) for m in spun})[:3]) + ")")
    numbers = cover("numbers")
    nouns = cover("list_nouns")
    digits = [i for i, w in enumerate(lower) if w.isdigit() and len(w) <= 3]
    covered.update(digits)
    starts = sorted({m.start for m in numbers} | set(digits))
    if any(any(0 < n.start - s <= 3 for s in starts) for n in nouns):
        score += points["listicle"]
        parts.append("a numbered list")
    reader = cover("reader")
    questions = cover("questions")
    if reader or (questions and shown.rstrip().endswith("?")):
        score += points["reader"]
        parts.append("an address to the reader")
    hooks = cover("hooks")
    if hooks:
        score += points["hook"]
        parts.append("a hook (" + " ".join(lower[hooks[0].start:hooks[0].end]) + ")")
    promised = sorted({" ".join(lower[m.start:m.end]) for m in cover("promise")})
    mild = sorted({" ".join(lower[m.start:m.end]) for m in cover("mild")} - set(promised))
    promise_points = min(d.promise_most, points["promise"] * len(promised) + points["mild"] * len(mild))
    if promise_points:
        score += promise_points
        parts.append("promises (" + ", ".join((promised + mild)[:3]) + ")")
    shouting = shown.upper() == shown
    small = {m.start for m in cover("small_words") if m.end == m.start + 1}
    capitalised = [i for i in small if i > 0 and cased[i][:1].isupper() and not _after_break(shown, cased, i)]
    if capitalised and not shouting:
        score += points["small_words"] * (1 if len(capitalised) == 1 else 1.5)
        parts.append("capitalised small words")
    keyword = _keyword(shown, cased, covered, template)
    if score > 0 and not shouting and any(_keyword_like(w) for w in keyword.split()):
        score += points["keyword"]
        parts.append("a product keyword")
    return Shape(score, tuple(parts), keyword, score >= d.threshold, template[0] if template else "")


def _after_break(shown: str, cased: list[str], i: int) -> bool:
    """Whether word ``i`` starts a new clause of the title (after ':' '-' '?' '!' '.')."""
    at = 0
    for k in range(i):
        at = shown.find(cased[k], at) + len(cased[k])
    gap = shown[at:shown.find(cased[i], at)]
    if any(c in ":?!|\u2013\u2014" for c in gap):
        return True
    return ("-" in gap or "." in gap) and gap != gap.strip()  # "X - Y", "X. Y" but not "Nimbus-XL", "v1.2"


def _keyword(shown: str, cased: list[str], covered: set[int], template) -> str:
    """The keyword a title is built around: the template's slot, else the
    longest run of words that are not part of a shape or a stop word."""
    if template is not None and template[1]:
        m = regex.search(r"\s+".join(regex.escape(p) for p in template[1].split()), shown, regex.I)
        return m.group() if m else template[1]
    best: list[int] = []
    run: list[int] = []
    for i, w in enumerate(cased):
        if run and _after_break(shown, cased, i):  # a keyword does not run over ':' '-' '?'
            if len(run) > len(best):
                best = run
            run = []
        if i in covered or w.lower() in STOPWORDS:
            if len(run) > len(best):
                best = run
            run = []
        else:
            run.append(i)
    if len(run) > len(best):
        best = run
    if not best:
        return ""
    first, last = cased[best[0]], cased[best[-1]]
    # The run as written (hyphens and spaces kept): from the first word to the end of the last.
    at = 0
    for k in range(best[0]):
        at = shown.find(cased[k], at) + len(cased[k])
    start = shown.find(first, at)
    end = start
    for k in range(best[0], best[-1] + 1):
        end = shown.find(cased[k], end) + len(cased[k])
    return shown[start:end] if start >= 0 else last
