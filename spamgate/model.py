"""The data that flows through spamgate: checks, documents and findings.

read -> Document -> rules -> Finding -> verdict -> report

Records on the path of every check are named tuples (``typing.NamedTuple``):
cheap to make and compare, and they cannot be changed once made.  A ``Check`` is
the whole declaration of one reportable code -- its policy (severity, weight,
score cap and cap group, whether it is fixable or suppressible, which
allowances apply, its family and kind of evidence) and its documentation in
fixed sections with examples -- so nothing else in the code needs to know
about a code.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

_LF = re.compile("\n")
_EOL = re.compile("\r\n?|\n")
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

# Profiles: what fails (spamgate.verdict); ``commit`` any error-level finding, ``push`` only spam.
COMMIT = "commit"
PUSH = "push"
PROFILES = (COMMIT, PUSH)

# Families: how reports group checks (SARIF tags, the rules table).
LOOKALIKE_FAMILY = "look-alike-characters"
ARTICLE_FAMILY = "spam"
SUPPRESSION_FAMILY = "suppression"

# Kinds of evidence (``Check.evidence``) that more than one rule module declares.  A verdict of
# spam needs evidence of two kinds: look-alike letters, hidden characters and bidi controls are
# all one kind, character evidence, whichever check finds them.
CHARACTER_EVIDENCE = "characters"
# Calls to action: what lies inside a promotional sentence counts as part of it.
PROMOTION_EVIDENCE = "promotion"

# Allowances a project may declare (allowed-characters, allowed-scripts, allowed-words).
CHARACTER_ALLOWANCES = frozenset({"characters", "scripts", "words"})


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """Split text into lines as git and editors count them: only ``\\n``,
    ``\\r\\n`` and a lone ``\\r`` end a line.

    ``str.splitlines`` also breaks at \\x0b \\x0c \\x1c-\\x1e \\x85 \\u2028 \\u2029,
    which would disagree with the line numbers spamgate reports.
    """
    parts = _LINE_BREAK.split(text)
    if keepends:
        lines = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
    else:
        lines = parts[0:-1:2]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


class Group(NamedTuple):
    """Checks whose score contributions share one cap (one kind of evidence counted once)."""

    name: str
    cap: float


class Example(NamedTuple):
    """A text a check must flag, or must leave alone, as a file named ``path``
    (pushed with ``context``, a ``PushContext``, when one is given)."""

    text: str
    path: str = "example.md"
    context: "PushContext | None" = None


class Check(NamedTuple):
    """The declaration of one reportable code: its policy and its documentation.

    ``summary`` is one line; ``reports``, ``why`` and ``fix`` are the sections
    of its documentation (what it reports, why it matters, how to fix or allow
    it); ``flags`` and ``passes`` are examples (strings or ``Example``) that
    the check must flag and must not flag, run through the real engine by the
    test suite.
    """

    code: str  # stable, e.g. "SG101"
    name: str  # kebab-case, e.g. "mixed-script-word"
    severity: str  # default severity of its findings
    weight: float  # what one finding adds to a document's score
    cap: float  # the most all of its findings in one document add
    summary: str
    reports: str
    why: str
    fix: str
    flags: tuple = ()
    passes: tuple = ()
    group: Group | None = None  # a cap shared with related checks
    family: str = ARTICLE_FAMILY
    evidence: str = ""  # the kind of evidence it is, for corroboration between kinds
    fixable: bool = False  # ``check --fix`` can rewrite what it reports
    suppressible: bool = True  # inline ``spamgate: ignore[...]`` markers may silence it
    allowances: frozenset = frozenset()  # which project allowances drop its findings

    @property
    def doc(self) -> str:
        """The documentation as plain text: the three sections, then the examples."""
        parts = [self.reports.strip(), "Why it matters: " + self.why.strip(), "How to fix or allow it: " + self.fix.strip()]
        flagged = [example_of(e).text for e in self.flags]
        passed = [example_of(e).text for e in self.passes]
        if flagged:
            parts.append("Flagged:\n" + "\n".join("  " + _one_line(t) for t in flagged))
        if passed:
            parts.append("Not flagged:\n" + "\n".join("  " + _one_line(t) for t in passed))
        return "\n\n".join(parts)


def weight_of(check: Check) -> float:
    """The weight one finding of ``check`` adds to a score: the calibrated
    weight (``spamgate.weights``, written by scripts/calibrate.py), or the
    declared one for a check the calibration has not seen."""
    from spamgate.weights import WEIGHTS

    calibrated = WEIGHTS.get(check.code)
    return check.weight if calibrated is None else calibrated[0]


def example_of(item) -> Example:
    return item if isinstance(item, Example) else Example(item)


def _one_line(text: str, limit: int = 160) -> str:
    shown = " ".join(text.split())
    return shown if len(shown) <= limit else shown[:limit - 1] + "\u2026"


class Rule(NamedTuple):
    """A rule module: its checks and the pure function that finds them."""

    id: str  # module name, e.g. "confusables"
    checks: tuple[Check, ...]
    run: Callable[["Document"], Iterable["Finding"]]
    doc: str = ""


class TitleCandidate(NamedTuple):
    """Text that may be the document's title."""

    source: str  # "heading", "filename" or "commit-subject"
    text: str
    line: int = 0  # 1-based line in the document for "heading", else 0


class PushContext(NamedTuple):
    """Who pushed a document, and where to: the names a git server knows.

    ``pusher``: the account that pushes; ``owner`` and ``repository``: the
    repository's owner and name (without ``.wiki`` or ``.git``); ``wiki``:
    whether the push goes to the repository's wiki.  Empty strings where a
    name is not known.
    """

    pusher: str = ""
    owner: str = ""
    repository: str = ""
    wiki: bool = False

    @classmethod
    def parse(cls, pusher: str = "", repository: str = "") -> "PushContext":
        """From a pusher name and ``owner/name`` (``owner/name.wiki`` for a wiki)."""
        owner, _, name = repository.strip().strip("/").rpartition("/")
        name = name[:-4] if name.endswith(".git") else name
        wiki = name.endswith(".wiki")
        return cls(pusher.strip(), owner, name[:-5] if wiki else name, wiki)


class Finding(NamedTuple):
    """One piece of evidence found in a document.

    ``line``/``column`` are 1-based, counted in code points; ``end_column`` is
    the column just past the last character (as SARIF counts).  ``offset`` and
    ``end_offset`` index ``Document.text``.  Findings about the file name or
    the commit subject have ``location`` "path" or "commit-message" and line 0
    (or the line in the commit message); findings about the push that brings
    the document (``Document.context``) have ``location`` "push" and line 0.
    """

    code: str
    name: str
    severity: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    message: str
    suggestion: str | None = None
    characters: tuple[str, ...] = ()
    weight: float = 0.0
    offset: int = -1
    end_offset: int = -1
    location: str = "content"

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "suggestion": self.suggestion,
            "message": self.message,
            "characters": list(self.characters),
            "weight": self.weight,
            "location": self.location,
        }


class Document:
    """A text to judge: a file's content, or a commit message.

    The views rules share (line starts, title candidates, the rendered text)
    are worked out on first use and kept with the document.
    """

    __slots__ = ("path", "text", "kind", "encoding", "commit_subject", "commit", "context", "_line_starts", "_titles",
                 "_rendered")

    def __init__(self, path: str, text: str, kind: str = "file", encoding: str = "utf-8",
                 commit_subject: str | None = None, commit: str | None = None,
                 context: "PushContext | None" = None):
        self.path = path
        self.text = text
        self.kind = kind  # "file" or "commit-message"
        self.encoding = encoding
        self.commit_subject = commit_subject  # set when the file came with a commit
        self.commit = commit  # commit id, when scanned from git
        self.context = context  # who pushed it where, when it arrived in a push
        self._line_starts: list[int] | None = None
        self._titles: list[TitleCandidate] | None = None
        self._rendered = None

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, kind={self.kind!r}, {len(self.text)} characters)"

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            # \n, \r\n and lone \r all end a line; the scan runs in C.
            text = self.text
            ends = _LF if "\r" not in text else _EOL
            self._line_starts = [0, *[m.end() for m in ends.finditer(text)]]
        return self._line_starts

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset into ``text``."""
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def lines(self) -> Iterator[str]:
        for n in range(1, len(self.line_starts) + 1):
            yield self.line_text(n)

    def finding(self, check: Check, start: int, end: int, message: str, *,
                suggestion: str | None = None, characters: Iterable[str] = (),
                severity: str | None = None, weight: float | None = None, scale: float = 1.0) -> Finding:
        """A finding for the span ``text[start:end]`` of this document.

        Its weight is the check's calibrated weight (``weight_of``) times
        ``scale`` (less than 1 for evidence that counts for less, such as an
        example quoted in a code block), unless ``weight`` is given.
        """
        line, column = self.locate(start)
        end_line, end_column = self.locate(end)
        return Finding(
            check.code, check.name, severity or check.severity,
            line, column, end_line, end_column,
            self.text[start:end], message, suggestion, tuple(characters),
            (weight_of(check) if weight is None else weight) * scale, start, end,
        )

    @property
    def rendered(self):
        """The text as a reader sees it, character references and escapes decoded
        (``spamgate.render.Rendered``), or None when it reads as written."""
        if self._rendered is None:
            text = self.text
            if self.kind != "file" or ("&" not in text and "\\" not in text):
                self._rendered = False
            else:
                from spamgate.render import render

                self._rendered = render(self) or False
        return self._rendered or None

    @property
    def title_candidates(self) -> list[TitleCandidate]:
        if self._titles is None:
            from spamgate.titles import title_candidates

            self._titles = title_candidates(self)
        return self._titles
