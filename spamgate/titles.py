"""Title candidates of a document: first heading, file name, commit subject."""
from __future__ import annotations

import re

from spamgate.model import Document, TitleCandidate


class _Lazy:
    """A regular expression compiled on first use (most documents need few of them)."""

    __slots__ = ("args", "rx")

    def __init__(self, *args):
        self.args = args
        self.rx = None

    def __getattr__(self, name: str):
        rx = object.__getattribute__(self, "rx")
        if rx is None:
            rx = self.rx = re.compile(*self.args)
        return getattr(rx, name)


_ATX = _Lazy(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_SETEXT = _Lazy(r"^\s{0,3}(=+|-+)\s*$")
_HTML_H = _Lazy(r"<h[1-3][^>]*>(.*?)</h[1-3]>", re.I | re.S)
_TAG = _Lazy(r"<[^>]+>")
_FRONT_TITLE = _Lazy(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.I)
_COMMIT_VERB = _Lazy(r"^(?:add|added|adding|create|created|creating|update|updated|upload|uploaded|new(?: page)?)\s*:?\s+", re.I)
_COMMIT_PREFIX = _Lazy(r"^(?:\[PATCH[^\]]{0,40}\]\s*)+", re.I)
_QUOTED = _Lazy(r"^([\"'\u2018\u201c])(.+)[\"'\u2019\u201d]$", re.S)
# Inline markdown that is not part of a title's words.
_MD_LINK_TEXT = _Lazy(r"!?\[([^\[\]\n]{0,300})\]\([^()\n]{0,2000}\)")
_MD_EMPHASIS = _Lazy(r"(\*{1,3}|_{1,3}|`{1,3})(?=\S)([^\n]{1,300}?)(?<=\S)\1")
MAX_HEADING = 300  # characters of a heading line looked at
_TEXT_EXT = _Lazy(r"\.(?:md|markdown|mdown|txt|text|rst|adoc|asciidoc|org|wiki|mediawiki|textile|html?)$", re.I)


def title_from_filename(path: str) -> str:
    """The title a file name stands for: undo URL encoding, slugs and extensions.

    ``Do You Need A BERT-large%3F.-.md`` -> ``Do You Need A BERT-large?``;
    ``H%D0%BEw-To-Find-InstructGPT-Online.md`` -> ``Hоw To Find InstructGPT Online``.
    """
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    name = _TEXT_EXT.sub("", name)
    # Gitea wiki file names end in ".-" before the extension.
    if name.endswith(".-"):
        name = name[:-2]
    for _ in range(2):  # some hosts encode twice (%253A)
        if "%" not in name:
            break
        from urllib.parse import unquote

        name = unquote(name, errors="replace")
    name = name.replace("+", " ").replace("_", " ")
    if " " not in name:
        # A slug: hyphens stand for spaces, except inside words like "BERT-large"
        # which cannot be told apart; treat every hyphen as a space.
        name = name.replace("-", " ")
    return re.sub(r"\s+", " ", name).strip()


def clean_heading(text: str) -> str:
    """A heading's words: link text kept, emphasis and trailing markup dropped."""
    text = text[:MAX_HEADING]
    text = _MD_LINK_TEXT.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _TAG.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def subject_title(subject: str) -> str:
    """The title a commit subject names: ``Add 'The Pain of X'`` -> ``The Pain of X``."""
    subject = _COMMIT_PREFIX.sub("", subject.strip())
    subject = _COMMIT_VERB.sub("", subject).strip()
    m = _QUOTED.match(subject)
    if m:
        subject = m.group(2).strip()
    return subject


def first_heading(text: str, max_lines: int = 40) -> tuple[str, int] | None:
    """The first heading of a markdown/HTML/plain text and its 1-based line."""
    from spamgate.model import split_lines

    head = text[:8000]
    end = -1
    for _ in range(max_lines + 1):  # only the first max_lines lines are looked at
        end = head.find("\n", end + 1)
        if end < 0:
            break
    if end >= 0:
        head = head[:end + 1]
    lines = [line[:MAX_HEADING] for line in split_lines(head)[:max_lines]]
    in_front = bool(lines) and lines[0].strip() == "---"
    for i, line in enumerate(lines):
        if in_front:
            if i > 0 and line.strip() in ("---", "..."):
                in_front = False
                continue
            m = _FRONT_TITLE.match(line.strip())
            if m:
                return m.group(1), i + 1
            continue
        m = _ATX.match(line) if "#" in line else None
        if m:
            return m.group(1), i + 1
        if line.strip() and i + 1 < len(lines) and ("=" in lines[i + 1] or "-" in lines[i + 1]) \
                and _SETEXT.match(lines[i + 1]) and not _SETEXT.match(line):
            return line.strip(), i + 1
        m = _HTML_H.search(line) if "<" in line else None
        if m:
            return _TAG.sub("", m.group(1)).strip(), i + 1
    # Plain text: a short first line on its own is a title.
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if len(s) <= 120 and not nxt and not s.endswith((".", ",", ";", ":")) or s.lower().startswith("title:"):
            s = re.sub(r"^title:\s*", "", s, flags=re.I)
            return s, i + 1
        return None
    return None


def title_candidates(document: Document) -> list[TitleCandidate]:
    out: list[TitleCandidate] = []
    if document.kind == "file":
        heading = first_heading(document.text)
        if heading:
            text = clean_heading(heading[0])
            if text:
                out.append(TitleCandidate("heading", text, heading[1]))
        if document.path and document.path != "-":
            name = title_from_filename(document.path)
            if name:
                out.append(TitleCandidate("filename", name))
    subject = document.commit_subject
    if document.kind == "commit-message":
        subject = document.text.lstrip().split("\n", 1)[0] if document.text.strip() else None
    if subject:
        subject = subject_title(subject)
        if subject:
            out.append(TitleCandidate("commit-subject", subject))
    return out
