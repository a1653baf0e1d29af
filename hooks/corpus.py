"""Labelled corpora for ``spamgate evaluate`` and scripts/calibrate.py.

A corpus is a directory of labelled folders, searched recursively:

- ``spam*/``: spam documents (``spam/``, ``spam-pages2/``, ...); folders named
  ``spam-pages*`` hold openings of spam pages, cut before their closing
  paragraph;
- ``ham*/``: legitimate documents.

File names matter: they are title candidates, as Gitea names wiki pages.  A
folder's ``SOURCES.tsv`` may give each page's title (``title=…`` in its notes)
and the address it was found at; ``stage`` copies a corpus naming pages by
their titles, and ``push_contexts`` reads who owns the repository each page
was found in.
"""
from __future__ import annotations

import os
from typing import NamedTuple

SKIP_NAMES = {"SOURCES.tsv", "LOOKALIKES.tsv", "LABELS.tsv"}


class Item(NamedTuple):
    path: str
    label: str  # "spam" or "ham"
    folder: str  # the top folder's name: "spam", "spam-pages2", "ham", ...

    @property
    def opening(self) -> bool:
        """Whether the document is the opening of a page, without its closer."""
        return self.folder.startswith("spam-pages")


def label_of(folder: str) -> str | None:
    if folder.startswith("spam"):
        return "spam"
    if folder.startswith("ham"):
        return "ham"
    return None


def folders(root: str) -> list[str]:
    """The labelled folders of a corpus, spam first, each in name order."""
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    found = [n for n in names if label_of(n) and os.path.isdir(os.path.join(root, n))]
    return sorted(found, key=lambda n: (label_of(n) != "spam", n))


def collect(root: str) -> list[Item]:
    """Every document of a corpus's labelled folders."""
    out = []
    for folder in folders(root):
        base = os.path.join(root, folder)
        for dirpath, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                if name in SKIP_NAMES or name.startswith("."):
                    continue
                out.append(Item(os.path.join(dirpath, name), label_of(folder), folder))
    return out


def wiki_file_name(title: str) -> str:
    """The file name Gitea gives a wiki page: ``Do You Need A BERT-large?`` -> ``Do You Need A BERT-large%3F.-.md``."""
    from urllib.parse import quote

    return quote(title, safe=" -'(),!&+;=@") + ".-.md"


def _sources(path: str) -> list[dict]:
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _file_name(row: dict) -> str:
    """The document a SOURCES.tsv row is about (column ``filename`` or ``file``)."""
    return (row.get("filename") or row.get("file") or "").strip()


def titles_from_sources(path: str) -> dict[str, str]:
    """file name -> page title, from a SOURCES.tsv whose notes say ``title=…``.

    A title in parentheses (the page's title was not captured) is left out:
    the document's first line stands for it, as an issue tracker names an issue.
    """
    import re

    out = {}
    for row in _sources(path):
        name = _file_name(row)
        m = re.search(r"(?:^|;)\s*title=([^;]*)", row.get("notes") or "")
        if not name or not m:
            continue
        # A note on where the title came from ("(from URL slug)", "(first line of the page)") is not part of it.
        title = re.sub(r"\s*\((?:from|first line)\b[^()]*\)\s*$", "", m.group(1).strip())
        if title and not title.startswith("("):
            out[name] = title
    return out


def push_contexts(root: str) -> dict[str, object]:
    """Staged or original file name -> ``PushContext`` for pages whose source
    address is a repository page (``https://host/OWNER/REPO/wiki/...``,
    ``.../issues/N``): the owner as the account that pushed, the repository,
    and whether it is a wiki."""
    import re
    from urllib.parse import urlsplit

    from spamgate.model import PushContext

    out = {}
    for folder in folders(root):
        sources = os.path.join(root, folder, "SOURCES.tsv")
        if not os.path.isfile(sources):
            continue
        for row in _sources(sources):
            name = _file_name(row)
            url = (row.get("source") or "").strip()
            parts = [p for p in urlsplit(url).path.split("/") if p]
            if not name or len(parts) < 3 or parts[2] not in ("wiki", "issues", "src", "commit", "pulls"):
                continue
            if not re.fullmatch(r"[\w.\-]{1,100}", parts[0]) or not re.fullmatch(r"[\w.\-]{1,100}", parts[1]):
                continue
            out[os.path.join(folder, name)] = PushContext(parts[0], parts[0], parts[1], parts[2] == "wiki")
    return out


def stage(src: str, dest: str) -> dict[str, str]:
    """Copy corpus ``src`` to ``dest``, naming the pages of ``spam-pages*``
    folders that have a SOURCES.tsv by their titles, as Gitea names wiki files.

    Returns new relative name -> original relative name for every document.
    """
    import shutil

    renamed = {}
    for folder in folders(src):
        base = os.path.join(src, folder)
        target = os.path.join(dest, folder)
        os.makedirs(target, exist_ok=True)
        sources = os.path.join(base, "SOURCES.tsv")
        # Pages listed in a SOURCES.tsv are named by their titles (or first lines); others keep their names.
        pages = folder.startswith("spam-pages") and os.path.isfile(sources)
        titles = titles_from_sources(sources) if pages else {}
        for name in sorted(os.listdir(base)):
            path = os.path.join(base, name)
            if not os.path.isfile(path) or name in SKIP_NAMES:
                continue
            new = name
            if pages:
                title = titles.get(name)
                if title is None:
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        title = next((ln.strip() for ln in fh if ln.strip()), name)[:120]
                new = wiki_file_name(title.replace("/", " "))
                if os.path.exists(os.path.join(target, new)):
                    new = new[:-6] + f" ({len(renamed) + 1}).-.md"
            renamed[os.path.join(folder, new)] = os.path.join(folder, name)
            shutil.copyfile(path, os.path.join(target, new))
    return renamed
