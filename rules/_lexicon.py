"""Rule data kept as data, and what the rules derive from it.

Phrase lists, templates and vocabularies live in TOML files beside the rule
modules (``rules/<name>.toml``), read the first time a rule needs them.  This
module is the one place that turns them into matchers:

- ``load(name)``: the parsed data file, read once per process;
- ``tokens(text, start, end)``: the words of a span with their offsets (runs of
  letters and digits; every other character separates words, so "web-site"
  is "web site" and "d'informations" is "d informations");
- ``Lexicon``: named slots of phrases, found among tokens.  A word of five or
  more letters also matches with one letter missing ("detals", "nformation"),
  as spinners and careless copies drop letters; a slot may list further
  spellings of short words (``you``: "ou", "yu");
- ``Sequence``: slots in order with bounded gaps between them ("if" … "you" …
  "loved" … "article"), the shape of one part of a sentence;
- the prefilter of a sequence: for each slot it cannot do without, the set of
  words one of which any match holds (each phrase's longest word, in every
  spelling the lexicon accepts).  A text without one word of each set cannot
  match, so a rule may skip it; tests/test_lexicon.py proves the prefilter
  never rejects what the matcher accepts.
"""
from __future__ import annotations

import os
import re
from typing import Iterable, NamedTuple

_DATA: dict[str, dict] = {}
_DERIVED: dict[str, object] = {}

# Letters and digits (any script); \w without the underscore.
_TOKEN = re.compile(r"[^\W_]+")
_HERE = os.path.dirname(os.path.abspath(__file__))


def load(name: str) -> dict:
    """The data file ``rules/<name>.toml``, parsed once per process."""
    data = _DATA.get(name)
    if data is None:
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        with open(os.path.join(_HERE, name + ".toml"), "rb") as fh:
            data = _DATA[name] = tomllib.load(fh)
    return data


def derived(name: str, build, source: str, part: str = ""):
    """``build(load(name))``: what a rule derives from its data file (``part``
    names one of several things a rule derives from the same file).

    The result (plain lists, tuples, dicts, strings and frozensets) is kept in
    ``rules/__pycache__`` as Python keeps bytecode, keyed by the data file and
    by ``source`` (the file of the rule that derives it) and this module, so
    that a process that finds it current neither parses the data nor derives
    it again.  It is data, not bytecode: it is written also under
    ``PYTHONDONTWRITEBYTECODE``.  Where the directory cannot be written (a
    read-only install) the result is derived in every process.
    """
    value = _DERIVED.get((name, part))
    if value is not None:
        return value
    import marshal
    import sys

    # Derived data depends on the data file, the rule, this module, and the look-alike tables that
    # bring words to the plain view (rules/_articles.py, spamgate.deconfuse and its Unicode tables).
    package = os.path.dirname(os.path.dirname(os.path.abspath(sys.modules["spamgate"].__file__)))
    files = (os.path.join(_HERE, name + ".toml"), source, os.path.abspath(__file__), os.path.join(_HERE, "_articles.py"),
             *(os.path.join(package, "spamgate", *p) for p in (("deconfuse.py",), ("ucd", "tables.py"),
                                                               ("ucd", "supplement.py"))))
    try:
        key = tuple((st.st_mtime_ns, st.st_size) for st in map(os.stat, files))
    except OSError:
        key = None
    cache = os.path.join(_HERE, "__pycache__", f"{name}.toml.{part + '.' if part else ''}"
                                                f"{sys.implementation.cache_tag}.derived")
    if key is not None:
        try:
            with open(cache, "rb") as fh:
                stored_key, stored = marshal.loads(fh.read())  # one read: marshal.load(fh) reads in pieces
            if stored_key == key:
                _DERIVED[(name, part)] = stored
                return stored
        except (OSError, EOFError, ValueError, TypeError):
            pass
    value = _DERIVED[(name, part)] = build(load(name))
    if key is not None:
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            temporary = f"{cache}.{os.getpid()}"
            with open(temporary, "wb") as fh:
                marshal.dump((key, value), fh)
            os.replace(temporary, cache)
        except (OSError, ValueError):
            pass
    return value


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` with their offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def words_of(text: str) -> list[str]:
    return _TOKEN.findall(text)


def deletions(word: str) -> set[str]:
    """``word`` with one letter missing, in every position."""
    return {word[:i] + word[i + 1:] for i in range(len(word))} - {word}


FUZZY_LENGTH = 5  # words this long also match with one letter missing


def spellings(word: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Every spelling a lexicon accepts for one word."""
    out = {word, *extra}
    if len(word) >= FUZZY_LENGTH and word.isalpha():
        out |= deletions(word)
    return frozenset(out)


def split_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(words_of(phrase.lower()))


class Match(NamedTuple):
    slot: str
    start: int  # token index of the first word
    end: int  # token index after the last word


def prepare(slots: dict[str, Iterable[str]], variants: dict[str, Iterable[str]] | None = None,
            fuzzy: bool = True, normalize=None, anchors: bool | Iterable[str] = True) -> dict:
    """A lexicon's data in the form ``Lexicon`` takes (and ``derived`` keeps):
    each slot's phrases as tuples of words, the further spellings of words, and
    the anchors (see ``Lexicon.anchors``) of every slot, or of the slots named
    by ``anchors`` (those a prefilter reads), or of none when it is false."""
    with_anchors = set(slots) if anchors is True else set(anchors or ())
    norm = normalize or (lambda w: w)
    more = {norm(k): tuple(norm(v) for v in vs) for k, vs in (variants or {}).items()}
    phrases = {}
    anchors: dict[str, frozenset[str]] = {}
    for slot, items in slots.items():
        parsed = []
        for p in items:
            raw = split_phrase(p)
            words = tuple(norm(w) for w in raw)
            if words and words not in parsed:
                parsed.append(words)
            # A capital may normalize differently from its small letter (Cyrillic В reads as B, в does not).
            for w, n in zip(raw, words):
                for cased in {norm(w.capitalize()), norm(w.upper())} - {n}:
                    more[n] = tuple(dict.fromkeys((*more.get(n, ()), cased)))
        phrases[slot] = tuple(parsed)
        if slot in with_anchors:
            found: set[str] = set()
            for words in parsed:
                found |= _spellings(max(words, key=len), more, fuzzy)
            anchors[slot] = frozenset(found)
    return {"phrases": phrases, "variants": more, "anchors": anchors, "fuzzy": fuzzy,
            "index": _phrase_index(phrases, more, fuzzy)}


def _phrase_index(phrases: dict, variants: dict, fuzzy: bool) -> tuple:
    """What ``Lexicon.find`` starts from: the phrases, each with the spellings
    of its first word; for each spelling of a phrase's longest word (which
    every occurrence holds) the phrases that hold it; and those spellings."""
    listed, by_anchor = [], {}
    for slot, parsed in phrases.items():
        for words in parsed:
            for spelling in _spellings(max(words, key=len), variants, fuzzy):
                by_anchor.setdefault(spelling, []).append(len(listed))
            listed.append((tuple(_spellings(words[0], variants, fuzzy)), slot, words))
    return tuple(listed), {k: tuple(v) for k, v in by_anchor.items()}, frozenset(by_anchor)


def _spellings(word: str, variants: dict, fuzzy: bool) -> frozenset[str]:
    extra = variants.get(word, ())
    return spellings(word, extra) if fuzzy else frozenset((word, *extra))


class Lexicon:
    """Named slots of phrases, and where they occur in a list of words.

    Made from ``prepare(...)``: each slot's phrases, further spellings of
    words, and whether long words also match with one letter missing.
    """

    def __init__(self, prepared: dict):
        self.phrases: dict[str, tuple[tuple[str, ...], ...]] = prepared["phrases"]
        self.variants: dict[str, tuple[str, ...]] = prepared["variants"]
        self.fuzzy: bool = prepared["fuzzy"]
        self._anchors: dict[str, frozenset[str]] = prepared["anchors"]
        # The phrases, and the phrases by the spellings of their longest word (see _phrase_index).
        self._listed, self._by_anchor, self._anchor_words = prepared["index"]
        self._spelled: dict[str, frozenset[str]] = {}

    def spellings(self, word: str) -> frozenset[str]:
        return _spellings(word, self.variants, self.fuzzy)

    def anchors(self, slot: str) -> frozenset[str]:
        """Words one of which every occurrence of a phrase of ``slot`` holds:
        each phrase's longest word, in every spelling the lexicon accepts."""
        return self._anchors[slot]

    def _accepts(self, word: str, spelling: str) -> bool:
        if word == spelling:
            return True
        if not self.fuzzy and not self.variants:
            return False
        accepted = self._spelled.get(word)
        if accepted is None:
            accepted = self._spelled[word] = self.spellings(word)
        return spelling in accepted

    def find(self, words: list[str], slots: Iterable[str] | None = None,
             present: "set[str] | frozenset[str] | None" = None) -> dict[str, list[Match]]:
        """Every occurrence of a phrase of each slot (all slots when None) in
        ``words`` (``present``: the set of them, when the caller has it)."""
        wanted = None if slots is None else set(slots)
        present = set(words) if present is None else present
        listed, by_anchor = self._listed, self._by_anchor
        # Only phrases whose longest word occurs are looked for: common first words ("the", "a")
        # then lead to few phrases.
        ids: set[int] = set()
        for spelling in self._anchor_words.intersection(present):  # iterates the smaller set
            ids.update(by_anchor[spelling])
        first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for i in sorted(ids):
            openings, slot, phrase = listed[i]
            if wanted is None or slot in wanted:
                for spelling in openings:
                    if spelling in present:
                        first.setdefault(spelling, []).append((slot, phrase))
        found: dict[str, list[Match]] = {}
        n = len(words)
        accepts = self._accepts
        for w, candidates in first.items():
            i = -1
            while True:
                try:
                    i = words.index(w, i + 1)  # where the phrases may start: the list is searched in C
                except ValueError:
                    break
                for slot, phrase in candidates:
                    k = len(phrase)
                    if i + k <= n and all(accepts(phrase[j], words[i + j]) for j in range(1, k)):
                        found.setdefault(slot, []).append(Match(slot, i, i + k))
        for matches in found.values():
            matches.sort(key=lambda m: m.start)  # in text order (stable: phrases at one word keep their order)
        return found


class Step(NamedTuple):
    slot: str
    optional: bool
    gap: int  # words allowed between the previous step and this one


DEFAULT_GAP = 3
_STEP = re.compile(r"([a-z_]+)(\?)?(?:/(\d{1,2}))?")


def parse_sequence(spec: str, gap: int = DEFAULT_GAP) -> tuple[Step, ...]:
    """``"cond you appreciate/4 this?/1 piece"``: slots in order; ``?`` marks an
    optional slot, ``/N`` the words allowed before it (default ``gap``)."""
    steps = []
    for item in spec.split():
        m = _STEP.fullmatch(item)
        if m is None:
            raise ValueError(f"sequence {spec!r}: cannot read {item!r}")
        steps.append(Step(m.group(1), bool(m.group(2)), int(m.group(3)) if m.group(3) else gap))
    return tuple(steps)


class Sequence:
    """Slots of a lexicon in order, with bounded gaps: one part of a sentence."""

    def __init__(self, lexicon: Lexicon, spec: str, gap: int = DEFAULT_GAP):
        self.lexicon = lexicon
        self.spec = spec
        self.steps = parse_sequence(spec, gap)
        for step in self.steps:
            if step.slot not in lexicon.phrases:
                raise ValueError(f"sequence {spec!r}: no slot {step.slot!r}")
        if all(s.optional for s in self.steps):
            raise ValueError(f"sequence {spec!r}: every slot is optional")
        self._required: list[frozenset[str]] | None = None

    def required(self) -> list[frozenset[str]]:
        """The prefilter: one word of each of these sets is in every match."""
        if self._required is None:
            self._required = [self.lexicon.anchors(s.slot) for s in self.steps if not s.optional]
        return self._required

    def may_match(self, vocabulary: set[str] | frozenset[str]) -> bool:
        return all(not vocabulary.isdisjoint(r) for r in self.required())

    def match(self, words: list[str], found: dict[str, list[Match]] | None = None) -> tuple[int, int] | None:
        """(first word, word after the last) of the earliest-ending match, or None."""
        if found is None:
            found = self.lexicon.find(words, {s.slot for s in self.steps})
        anywhere = True  # no required step matched yet: the next may start anywhere
        ends: dict[int, int] = {}  # where a match so far ends -> where it starts
        for step in self.steps:
            new: dict[int, int] = {}
            for m in found.get(step.slot, ()):
                for end, start in ends.items():
                    if end <= m.start <= end + step.gap:
                        new.setdefault(m.end, start)
                        break
                else:
                    if anywhere:
                        new.setdefault(m.end, m.start)
            if step.optional:
                for end, start in ends.items():
                    new.setdefault(end, start)
            else:
                anywhere = False
            ends = new
            if not anywhere and not ends:
                return None
        end = min(ends)
        return ends[end], end


# ---------------------------------------------------------------- templates (regular expressions)

# Pieces of a template: a slot {NAME}, a quantifier ({m,n}, ?, *, + with an optional possessive or
# lazy mark), an escape, a class, a group opening (with ?:, ?P<name>, look-arounds or inline
# flags), a group end, an alternation bar, a run of letters and digits (any script), or any other
# character.
_PIECE = re.compile(
    r"\{[A-Z]{1,20}\}|\{\d{0,3},?\d{0,3}\}[+?]?|[?*+][+?]?|\\.|\[(?:\\.|[^\]\\]){0,200}\]"
    r"|\((?:\?(?:[:>|]|P<\w{1,30}>|<?[=!]|[a-zA-Z]{1,8}:?))?|\)|\||[^\W_]+|.", re.S)


def template_requirements(pattern: str, slots: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    """What any text a template matches must contain: a list of sets of
    strings, each holding strings one of which occurs in the text.

    Read from the template itself (slots ``{NAME}`` expanded from ``slots``):
    literal words outside optional parts are required; a required group or slot
    requires one representative word of each of its alternatives.  The texts
    compared are lower case; a prefilter built on these sets never rejects a
    text the template matches (the test suite checks it).
    """
    reqs, _ = _sequence(_PIECE.findall(pattern), 0, slots or {})
    return reqs


def _optional(pieces: list[str], i: int) -> bool:
    """Whether the piece at ``i`` is a quantifier that allows zero repetitions."""
    return i < len(pieces) and (pieces[i][:1] in ("?", "*") or pieces[i].startswith(("{0", "{,")))


def _sequence(pieces: list[str], i: int, slots: dict) -> tuple[list[tuple[str, ...]], int]:
    """Requirements of the alternatives from ``pieces[i]`` to the closing
    parenthesis (or the end): those of the one alternative when there is no
    ``|``, else one set drawn from every alternative.  Returns them and the
    index of the closing parenthesis."""
    alternatives: list[list[tuple[str, ...]]] = []
    reqs: list[tuple[str, ...]] = []
    n = len(pieces)
    while i < n:
        piece = pieces[i]
        if piece == ")":
            break
        if piece == "|":
            alternatives.append(reqs)
            reqs = []
            i += 1
            continue
        first = piece[0]
        if first == "(":
            inner, end = _sequence(pieces, i + 1, slots)
            i = end + 1  # past ")"
            if piece.startswith(("(?=", "(?!", "(?<=", "(?<!")):
                continue  # a look-around consumes nothing
            if not _optional(pieces, i):
                reqs.extend(inner)
            continue
        if first == "{" and piece[1:2].isalpha():
            i += 1
            name = piece[1:-1]
            if not _optional(pieces, i) and name in slots:
                reqs.extend(_slot_requirement(slots[name], tuple(sorted(slots.items()))))
            continue
        if first == "\\":
            i += 1  # an escape (\d matches any decimal digit, of any script) requires nothing to list
            continue
        if first.isalnum():
            i += 1
            if _optional(pieces, i):
                piece = piece[:-1]  # the last character is optional
            if len(piece) >= 2:
                reqs.append((piece.lower(),))
            continue
        i += 1
    if not alternatives:
        return reqs, i
    alternatives.append(reqs)
    union: list[str] = []
    for options in alternatives:
        if not options:
            return [], i  # this alternative may match anything
        best = max(options, key=lambda o: min(len(x) for x in o))
        union.extend(best)
    return [tuple(dict.fromkeys(union))], i


_SLOT_REQUIREMENTS: dict = {}


def _slot_requirement(pattern: str, slots: tuple) -> list[tuple[str, ...]]:
    key = (pattern, slots)
    got = _SLOT_REQUIREMENTS.get(key)
    if got is None:
        got = _SLOT_REQUIREMENTS[key] = template_requirements(pattern, dict(slots))
    return got


# Letters that case-insensitive matching takes for ASCII letters although their lower case is not
# that letter (dotless ı and dotted İ for i, long ſ for s); the dot of İ's lower case is dropped.
_FOLD = {0x131: "i", 0x17F: "s", 0x307: None}


def fold(text: str) -> str:
    """``text`` in lower case as case-insensitive patterns see it: a text a
    case-insensitive template matches holds the template's words in ``fold(text)``."""
    low = text.lower()
    if not low.isascii() and ("\u0131" in low or "\u017f" in low or "\u0307" in low):
        low = low.translate(_FOLD)
    return low


def may_contain(text: str, requirements: list[tuple[str, ...]]) -> bool:
    """Whether ``text`` (folded, see ``fold``) holds one string of every requirement set."""
    return all(any(s in text for s in req) for req in requirements)


# A template's opening: a group of alternative words, not repeated nor optional, or a run of words.
_LEADING = re.compile(r"\(\?:((?:[a-z' ]+\|)*[a-z' ]+)\)(?![?*{])|([a-z' ]+)")


def leading_words(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` (a template) starts
    with, in lower case; None when its opening is not plain words."""
    m = _LEADING.match(pattern)
    if m is None or _alternatives_at_top(pattern):
        return None
    if m.group(1) is not None:
        return tuple(m.group(1).split("|"))
    run = m.group(2)
    if pattern[m.end():m.end() + 1] in ("?", "*", "{"):
        run = run[:-1]  # its last letter is optional
    return (run,) if run else None


def _alternatives_at_top(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group (a match may then start anywhere in it)."""
    depth = 0
    for piece in _PIECE.findall(pattern):
        if piece[0] == "(":
            depth += 1
        elif piece == ")":
            depth -= 1
        elif piece == "|" and depth == 0:
            return True
    return False
