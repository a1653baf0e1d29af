"""Templated clickbait titles with a slotted keyword (SG3xx).

Spam articles carry titles made from a spinner's templates with a product
keyword slotted in: "The Pain of X", "X No Longer a Mystery", "How To Find X
Online", "9 Tips For X", "Six Habits Of Extremely Efficient X", "Five Reasons
why You're Nonetheless An Newbie At X", "X Is Essential To Your enterprise.
Be taught Why!".  The rule knows these as families built from synonym slots
(numbers, list nouns, "secret/mystery/truth", "revealed/exposed/uncovered",
"learn/be taught/find out", …), not as a list of exact titles.

A document's title candidates are its first heading, its file name (URL
encoding, Gitea wiki names such as ``Do You Need A BERT-large%3F.-.md`` and
slugs undone) and, when a commit is scanned, the commit subject ("Add
<title>").  Each is matched with look-alike letters turned into ASCII.

- SG301 clickbait-title: a candidate matches a template family.
- SG302 title-keyword-absent: the slotted keyword never occurs in the body,
  as in "The Pain of DistilBERT-base" over an article about GPT-Neo.
- SG303 keyword-stuffed-title: a title that repeats the same keyword.

A legitimate title such as "How to find memory leaks in Go" matches no
family; a title is weak evidence on its own (warnings only).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import regex

from spamgate.deconfuse import to_ascii
from spamgate.model import WARNING, Check, Document, Example, Finding, TitleCandidate

from ._articles import STOPWORDS, Body, LazyPattern, path_finding, plain, significant, words

# A body for the examples, about tide gauges and nothing else.
_BODY = """
Tide gauges record the height of the sea at a harbour every few minutes. Engineers use the records
to plan harbour walls, and scientists combine them with satellite data to follow the slow rise of
the oceans. A gauge needs a stable mount, a clear view of the water and regular checks against a
benchmark on land, because a sinking pier looks exactly like a rising sea.
"""

CLICKBAIT = Check(
    "SG301", "clickbait-title", WARNING, 3.5, 3.5,
    "title follows a clickbait template of spam articles with a slotted keyword",
    reports="""The title (first heading, file name or commit subject) is an instance of a
template family that spam generators fill with a keyword: "The Pain of X",
"X No Longer a Mystery", "How To Find X Online", "N Tips For X", "Six Habits
Of Extremely Efficient X".""",
    why="""Spam articles are generated for a keyword and titled from a spinner's
templates; the title is also the wiki page name and the commit subject.""",
    fix="""Retitle the document.  Ordinary titles ("How to find memory leaks in Go",
"Release notes") match no family.  A title alone is weak evidence (a warning).""",
    flags=("# The Pain of Nimbus-XL\n" + _BODY, Example(_BODY, "How-To-Find-Nimbus-XL-Online.md")),
    passes=("# How to find memory leaks in Go\n" + _BODY, Example(_BODY, "Release-Notes.md")),
    evidence="title",
)
ABSENT = Check(
    "SG302", "title-keyword-absent", WARNING, 3.0, 3.0,
    "the keyword slotted into the title never occurs in the body",
    reports="The keyword that a templated title is about does not occur anywhere in the document's body.",
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

MAX_TITLE = 240
MIN_BODY = 300  # characters of body needed to say a keyword is absent

# ---------------------------------------------------------------- grammar

_SLOTS = {
    "NUM": r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
           r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twenty-five|thirty|forty|"
           r"fifty|hundred|a few|a couple of|several|some)",
    "LIST": r"(?:tips|ways|reasons|lessons|habits|things|mistakes|myths|secrets|strategies|tactics|"
            r"hacks|methods|questions|steps|rules|ideas|tricks|facts|signs|shortcuts|techniques|"
            r"examples|suggestions|quotes|lies|truths|problems|guidelines|points|predictions|"
            r"classes|factors|sins|lessons learned|questions and answers|methods of|ideas for|"
            r"issues|errors|habits)",
    "SECRET": r"(?:mystery|mysteries|secret|secrets|truth|lowdown|low down|low-down|facts|myth|myths|"
              r"story|fact|reality|key|trick)",
    "REVEAL": r"(?:revealed|exposed|uncovered|explained|unveiled|unmasked|disclosed|unearthed|"
              r"demystified|unlocked|discovered)",
    "NEWBIE": r"(?:amateur|newbie|novice|beginner|rookie|noob|newcomer|greenhorn|learner)",
    "STILL": r"(?:still|nonetheless|nevertheless|yet|even now|nonetheless|notwithstanding)",
    "LEARN": r"(?:learn|be taught|study|find out|discover|uncover|know|understand|see|read|seek out|"
             r"be taught|determine|figure out|check out|learn this to (?:find|seek|figure) out|"
             r"study this to (?:find|seek) out|be taught this to (?:find|seek) out)",
    "BIZ": r"(?:business|enterprise|company|success|life|career|trade|industry|startup|sales|brand|"
           r"organization|organisation|corporation|firm|business enterprise|online business)",
    "ESSENTIAL": r"(?:essential|crucial|vital|important|critical|necessary|key|indispensable|"
                 r"fundamental|important|significant)",
    "ADJ": r"(?:amazing|remarkable|easy|simple|secret|surprising|powerful|incredible|proven|quick|"
           r"creative|romantic|unusual|little known|super|effective|efficient|great|fabulous|"
           r"awesome|brilliant|unbelievable|confidential|ridiculous|ridiculously simple|ingenious|"
           r"clever|sexy|superior|unheard of|crazy|nontraditional|innovative)",
    "WHY": r"(?:why|how come|learn why|be taught why|find out why|study why|discover why)",
    "P": r"(?:[\s:.,!?;\-\u2013\u2014]*+)",
    "X": r"(?P<x>[^\s].{0,70}?)",
}

_FAMILIES = [
    # secrets and mysteries
    r"the pain of {X}",
    r"{X} no longer a mystery",
    r"(?:the )?{X} {SECRET} {REVEAL}",
    r"(?:the )?(?:unexplained |hidden |untold |simple |real |little known |shocking |surprising )?{SECRET} "
    r"(?:into|of|behind|about|on|to|of successful|to successful) {X}(?: {REVEAL})?",
    r"(?:why )?(?:everybody|everyone|no one|nobody) is (?:talking about|speaking about|discussing) {X}"
    r"(?:{P}(?:the )?(?:simple |easy |real |surprising )?(?:truth|facts?|reason) {REVEAL})?",
    r"who else wants to (?:know|learn) the {SECRET} behind {X}",
    r"hidden answers to {X} {REVEAL}",
    r"(?:lies|lies and damn lies|clear and unbiased facts|everything you wanted to know|"
    r"what everyone ought to know|what everybody ought to know|what you (?:should|must|need to) know|"
    r"the stuff|5 secret things you didn't know|the next \w+ things to immediately do) about {X}.{0,60}",
    r"why everything you know about {X} is a lie",
    r"in {NUM} minutes{P}i'?ll give you the truth about {X}",
    # lists
    r"{NUM} habits of (?:highly|extremely|very|really|remarkably|exceptionally) "
    r"(?:effective|efficient|successful|productive|profitable|environment friendly) {X}",
    r"{NUM} reasons (?:why )?you(?:'re| are) {STILL} (?:an? )?{NEWBIE} (?:at|in|with) {X}",
    r"{NUM} (?:lessons|things) about {X} you (?:need to|should|must|can) (?:learn|know).{0,60}",
    r"(?:ten|10|\d{1,2}) (?:lessons|things|tips|ways) .{0,40}before you (?:hit|turn|reach) \d{2}",
    r"(?:top|best) {NUM} (?:tips|ways|quotes|ideas) (?:to grow your|on|for|about) {X}",
    r"master the art of {X} with these {NUM} tips",
    r"apply these {NUM} secret techniques to improve {X}",
    r"warning{P}these {NUM} mistakes will destroy your {X}",
    r"{NUM} (?:methods|ways) of {X} domination",
    r"{NUM} (?:easy|simple) steps to (?:a )?winning {X} strategy",
    r"eight amazing {X} hacks",
    # how to
    r"how to (?:find|get|buy|discover) {X} online",
    r"how to (?:lose|make|earn) (?:money|more money|extra money|cash|a fortune) (?:with|from|using|on) {X}",
    r"(?:learn )?how to make (?:extra|more) money (?:with|from) {X}",
    r"how to (?:teach|learn|do|use|master) {X} like an? (?:pro|professional|expert)",
    r"how to (?:get|find) an? (?:fabulous|amazing|great|good|cheap) {X} on a tight budget",
    r"how to (?:improve|get better|become better) (?:at|with) {X} in {NUM} (?:minutes|days|hours|steps)",
    r"how i improved my {X} in (?:one|1|a single) day",
    r"how to make your {X} look amazing in {NUM} days",
    r"how to (?:lose|save|waste) (?:money|time) with {X}",
    r"how to (?:\w+ ){0,2}{X} without leaving your (?:office|house|home|couch)",
    # questions and commands
    r"do you (?:really )?need an? {X}",
    r"why you need an? {X}",
    r"{X}{P}do you really need (?:it|this|them)(?:{P}this will help you decide)?",
    r"want (?:to have )?an? (?:more )?(?:appealing|attractive|thriving|successful|better) {X}{P}"
    r"(?:read this|focus on .{1,40})",
    r"want an? (?:thriving|successful) business{P}focus on {X}",
    r"want more (?:money|cash|customers){P}(?:start|get|try) {X}",
    r"sick and tired of doing {X} the old way{P}read this",
    r"(?:are you )?embarrassed by your {X} skills{P}here'?s what to do",
    r"too busy{P}try these tips to streamline your {X}",
    r"what makes {X} (?:that|so) different",
    r"what .{1,40} can teach you about {X}",
    r"what you can learn from .{1,40} about {X}",
    r"(?:the )?(?:secret|key|keys) (?:of|to) (?:successful |profitable )?{X}",
    r"the (?:lazy man'?s|slacker'?s|a ?- ?z|idiot'?s) guide (?:to|of) {X}",
    r"is it time to (?:speak|talk) more about {X}",
    r"is {X} worth \S{1,12} to you",
    r"can you spot the an? {X} pro",
    r"where is the best {X}",
    r"find out who'?s talking about {X} and why you should be concerned",
    r"congratulations{P}your {X} is about to stop being relevant",
    r"have you heard{P}{X} is your best bet to grow",
    r"don'?t (?:just sit there|fall for this)(?:{P}start)? {X}(?: scam)?",
    # X is essential / bound / matter
    r"{X} (?:is|are) {ESSENTIAL} (?:to|for|in) your {BIZ}(?:{P}{LEARN}(?: (?:out )?why)?)?(?:{P}.{0,40})?",
    r"{X} is bound to make an impact (?:in|on) your {BIZ}",
    r"being a star in your (?:industry|trade|field|niche|business) is a matter of {X}",
    r"(?:extra|more) on (?:making|earning) a (?:living|dwelling|residing) (?:off|out) of {X}",
    r"(?:make|making|earn|earning) money (?:with|from|off) {X}",
    r"{X} for (?:money|profit|fun and profit)",
    r"sexy {X}",
    r"seductive {X}",
    r"{X} secrets",
    r"i (?:saw|read|heard) this (?:terrible|horrible|awful|great|shocking|unhappy) news about {X}"
    r"(?: and i (?:needed|had|wanted) to (?:google|search|look up) (?:it|them))?",
    r"if you don'?t {X} now{P}you'?ll hate yourself later",
    r"prepare to (?:laugh|snort|chuckle|giggle){P}{X} (?:is not|isn'?t|shouldn'?t be|should not be|is|"
    r"isn't) (?:as )?(?:harmless|silly|innocent|innocuous).{0,90}",
    r"(?:pump up|boost|grow|increase|double) your (?:sales|business|revenue|profits?) with (?:these )?"
    r"(?:remarkable|proven|simple|easy|amazing)? ?{X} (?:tactics|strategies|tips|ideas|methods)",
    r"{X} (?:strategies|tactics|tips|ideas|methods) for the entrepreneurially challenged",
    r"little (?:known|recognized|identified|acknowledged) ways to (?:rid (?:yourself|your self|your self) of|"
    r"get rid of|improve|\w+) {X}",
    r"(?:the )?(?:death|end) of {X}(?: and how to avoid it)?",
    r"death{P}{X}{P}and taxes",
    r"{X} and love{P}how they are the same",
    r"fall in love with {X}",
    r"never (?:lose your|suffer from) {X} again",
    r"get rid of {X} once and for all",
    r"{X}{P}the samurai way",
    r"{X}{P}what a mistake",
    r"why most people will never be great at {X}",
    r"why you never see {X} that actually works",
    r"{X} shortcuts{P}the easy way",
    r"rules not to follow about {X}",
    r"{X}{P}relax{P}it'?s play time",
    r"{X} smackdown",
    r"why ignoring {X} will cost you (?:sales|time|money|customers)",
    r"why it'?s easier to fail with {X} than you (?:might )?think",
    r"the (?:most important )?disadvantage of using {X}",
    r"mastering the way of {X} is not an accident.{0,40}",
    r"open the gates for {X} by using these simple tips",
    r"believe in your {X} skills but never stop improving",
    r"some people excel at {X} and some don'?t.{0,40}",
    r"proof that {X} (?:really )?works",
    r"take the stress out of {X}",
    r"{X} made simple.{0,50}",
    r"{X} explained 101",
    r"never suffer from {X} again",
    r"{X} (?:would not|wouldn'?t|doesn'?t|does not|don'?t|do not) (?:need|have) to be "
    r"(?:laborious|hard|difficult|arduous|tough).{0,80}",
    r"why {X} succeeds",
    r"{X} is your (?:worst enemy|best bet|best friend).{0,50}",
    r"the (?:untold|hidden) secret to (?:mastering )?{X}.{0,50}",
    r"the (?:ultimate|ulitmate) {X} trick",
    r"(?:3|three) ways you can get more {X} while spending less",
    r"super easy ways to handle your extra {X}",
    r"the a-z (?:guide|of) {X}",
    r"{X} - what is it",
    r"here is what you should do for your {X}",
    r"{X}{P}not for everyone",
    # the most general list shapes last, so that the specific families above name the slot
    r"{NUM} (?:{ADJ} )?{LIST} (?:for|about|on|to|of|with|in|that|you need to know about|to improve|"
    r"you can learn from|to avoid|to grow|to reinvent|to keep) (?:your |a |an |the )?{X}",
    r"{NUM} {ADJ} {X} {LIST}",
]

_FAMILY_RX: dict[int, object] = {}  # family index -> compiled pattern, filled on first need
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


# Pieces of a template, for reading what it requires (see _requirements).
_PIECE = re.compile(r"\{[A-Z]{1,20}\}|\{\d{0,3},?\d{0,3}\}|[?*+]|\\.|\[[^\]]{0,100}\]|\((?:\?:)?|\)|\||[a-z0-9]+|.", re.S)


def _requirements(pattern: str) -> list[tuple[str, ...]]:
    """What any text a template matches must contain: a list of sets of
    strings, each set holding strings of which at least one occurs in the text.

    Read from the template itself (slots expanded from ``_SLOTS``): literal
    words outside optional parts are required; a required group or slot
    requires one representative word of each of its alternatives.  The
    answer only ever errs on the side of "may match".
    """
    reqs, _ = _sequence(_PIECE.findall(pattern), 0)
    return reqs


def _optional(pieces: list[str], i: int) -> bool:
    """Whether the piece at ``i`` is a quantifier that allows zero repetitions."""
    return i < len(pieces) and (pieces[i] in ("?", "*") or pieces[i].startswith("{0"))


def _sequence(pieces: list[str], i: int) -> tuple[list[tuple[str, ...]], int]:
    """Requirements of the alternatives from ``pieces[i]`` to the closing
    parenthesis (or the end); the requirement of one alternative when there is
    no ``|``, else the group requirement.  Returns it and the index after."""
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
            inner, end = _sequence(pieces, i + 1)
            i = end + 1  # past ")"
            if not _optional(pieces, i):
                reqs.extend(inner)
            continue
        if first == "{" and piece[1:2].isalpha():
            i += 1
            name = piece[1:-1]
            if not _optional(pieces, i) and name not in ("X", "P"):
                reqs.extend(_group_requirement(_SLOTS[name]))
            continue
        if first == "\\":
            i += 1
            if piece == "\\d" and not _optional(pieces, i):
                reqs.append(tuple("0123456789"))
            continue
        if first in _TOKEN_CHARS:
            i += 1
            if _optional(pieces, i):
                piece = piece[:-1]  # the last letter is optional
            if len(piece) >= 2:
                reqs.append((piece,))
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


@lru_cache(maxsize=None)
def _group_requirement(slot: str) -> list[tuple[str, ...]]:
    """Requirement of a slot (a group of alternatives)."""
    return _requirements(slot)


_REQUIREMENTS: list | None = None


def _family_requirements() -> list[list[tuple[str, ...]]]:
    global _REQUIREMENTS
    if _REQUIREMENTS is None:
        _REQUIREMENTS = [_requirements(family) for family in _FAMILIES]
    return _REQUIREMENTS


def _families(wanted: Iterable[int] | None = None) -> list[tuple[str, object]]:
    """(family, compiled pattern) for the families at indices ``wanted`` (all
    when None), in order; each pattern is compiled once, on first need."""
    out = []
    for index in range(len(_FAMILIES)) if wanted is None else wanted:
        rx = _FAMILY_RX.get(index)
        family = _FAMILIES[index]
        if rx is None:
            pattern = family
            for key, value in _SLOTS.items():
                pattern = pattern.replace("{%s}" % key, value)
            rx = _FAMILY_RX[index] = regex.compile(pattern, regex.I)
        out.append((family, rx))
    return out


_KEYS: tuple | None = None


def _family_keys() -> tuple[dict[str, list[int]], list[int]]:
    """Each family's most telling requirement, as an index: word -> families
    that need it (or another word of the same requirement); and the families
    with no requirement at all."""
    global _KEYS
    if _KEYS is None:
        index: dict[str, list[int]] = {}
        always = []
        for i, reqs in enumerate(_family_requirements()):
            if not reqs:
                always.append(i)
                continue
            key = max(reqs, key=lambda r: (min(len(w) for w in r), -len(r)))
            for word in key:
                index.setdefault(word, []).append(i)
        _KEYS = (index, always)
    return _KEYS


def _candidate_families(t: str) -> list[int]:
    """Indices of the families whose required words all occur in ``t``, in order."""
    folded = t.casefold()
    index, always = _family_keys()
    keyed = {i for word, families in index.items() if word in folded for i in families}
    reqs = _family_requirements()
    return [i for i in sorted(keyed.union(always))
            if all(any(word in folded for word in req) for req in reqs[i])]


def compile_all() -> list:
    """Every pattern of this module, compiled (for tests that examine them)."""
    from ._articles import compile_lazy

    return [rx for _, rx in _families()] + compile_lazy(globals())


_SPACES = LazyPattern(r"\s++")


def normalize_title(text: str) -> str:
    """A title as the grammar sees it: ASCII look-alikes undone, lower case, tidy spaces."""
    t = to_ascii(text[:MAX_TITLE]).replace("\u2019", "'").replace("\u2018", "'")
    t = _SPACES.sub(" ", t).strip().lower()
    return t.rstrip(" .!?\u2026")


def _good_slot(x: str) -> bool:
    toks = words(x)
    if not toks or len(toks) > 9:
        return False
    return any(t not in STOPWORDS for t in toks)


def match_template(title: str) -> tuple[str, str] | None:
    """(family, slotted keyword) when ``title`` fits a clickbait template, else None."""
    t = normalize_title(title)
    if len(t) < 6:
        return None
    for family, rx in _families(_candidate_families(t)):
        m = rx.fullmatch(t, timeout=0.5)
        if m:
            x = (m.groupdict().get("x") or "").strip(" :,.-!?")
            if "{X}" in family and not _good_slot(x):
                continue
            return family, x
    return None


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


def check(document: Document) -> Iterable[Finding]:
    candidates = document.title_candidates
    if not candidates:
        return
    body_cache: dict[int, Body] = {}

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
            if len(text.strip()) < MIN_BODY:
                return None
            body_cache[key] = Body(text)
        return body_cache[key]

    clickbait_done = absent_done = stuffed_done = False
    for cand in candidates:
        where = _SOURCE.get(cand.source, cand.source)
        if not clickbait_done:
            hit = match_template(cand.text)
            if hit:
                family, x = hit
                shown = regex.search(r"\s+".join(regex.escape(p) for p in x.split()), to_ascii(cand.text), regex.I)
                if shown:
                    x = shown.group()
                yield _finding(CLICKBAIT, document, cand,
                               f"{where} '{cand.text}' follows a clickbait template with the keyword '{x}'")
                clickbait_done = True
                body = body_for(cand)
                if x and body is not None and not absent_done:
                    kw = " ".join(words(normalize_title(x)))
                    if significant(words(kw)) and body.related(kw) is False:
                        yield _finding(ABSENT, document, cand,
                                       f"the title keyword '{x}' never occurs in the body")
                        absent_done = True
        if not stuffed_done:
            word = _stuffed(cand.text)
            if word:
                yield _finding(STUFFED, document, cand, f"{where} '{cand.text}' repeats '{word}'")
                stuffed_done = True
