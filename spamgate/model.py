"""The data that flows through spamgate: checks, documents and findings.

read -> Document -> rules -> Finding -> verdict -> report
"""
from __future__ import annotations

import re
from bisect import bisect_right
from spamgate._record import dataclass, field
from typing import Callable, Iterable, Iterator

_LF = re.compile("\n")
_EOL = re.compile("\r\n?|\n")

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """Split text into lines as git and editors count them: only ``\\n``,
    ``\\r\\n`` and a lone ``\\r`` end a line.

    ``str.splitlines`` also breaks at \\x0b \\x0c \\x1c-\\x1e \\x85 \\u2028 \\u2029,
    which would disagree with the line numbers spamgate reports.
    """
    import re

    parts = re.split(r"(\r\n|\r|\n)", text)
    if keepends:
        lines = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
    else:
        lines = parts[0:-1:2]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


@dataclass(frozen=True)
class Check:
    """One reportable code of a rule: what ``spamgate rules`` prints."""

    code: str  # stable, e.g. "SG101"
    name: str  # kebab-case, e.g. "mixed-script-word"
    severity: str  # default severity of its findings
    weight: float  # default contribution of one finding to a document's score
    summary: str  # one line
    doc: str  # the full documentation (plain text / markdown)


@dataclass(frozen=True)
class Rule:
    """A rule module: its checks and the pure function that finds them."""

    id: str  # module name, e.g. "confusables"
    checks: tuple[Check, ...]
    run: Callable[["Document"], Iterable["Finding"]]
    doc: str = ""


@dataclass(frozen=True)
class TitleCandidate:
    """Text that may be the document's title."""

    source: str  # "heading", "filename" or "commit-subject"
    text: str
    line: int = 0  # 1-based line in the document for "heading", else 0


@dataclass
class Finding:
    """One piece of evidence found in a document.

    ``line``/``column`` are 1-based, counted in code points; ``end_column`` is
    the column just past the last character (as SARIF counts).  ``offset`` and
    ``end_offset`` index ``Document.text``.  Findings about the file name or
    the commit subject have ``location`` "path" or "commit-message" and line 0
    (or the line in the commit message).
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


@dataclass
class Document:
    """A text to judge: a file's content, or a commit message."""

    path: str
    text: str
    kind: str = "file"  # "file" or "commit-message"
    encoding: str = "utf-8"
    commit_subject: str | None = None  # set when the file came with a commit
    commit: str | None = None  # commit id, when scanned from git
    _line_starts: list[int] | None = field(default=None, repr=False)
    _titles: list[TitleCandidate] | None = field(default=None, repr=False)

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
                severity: str | None = None, weight: float | None = None) -> Finding:
        """A finding for the span ``text[start:end]`` of this document."""
        line, column = self.locate(start)
        end_line, end_column = self.locate(end)
        return Finding(
            code=check.code, name=check.name,
            severity=severity or check.severity,
            line=line, column=column, end_line=end_line, end_column=end_column,
            text=self.text[start:end], message=message, suggestion=suggestion,
            characters=tuple(characters),
            weight=check.weight if weight is None else weight,
            offset=start, end_offset=end,
        )

    @property
    def title_candidates(self) -> list[TitleCandidate]:
        if self._titles is None:
            from spamgate.titles import title_candidates

            self._titles = title_candidates(self)
        return self._titles
