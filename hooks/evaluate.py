"""``spamgate evaluate DIR``: measure detection on a labelled corpus.

DIR holds the documents in labelled folders (searched recursively):

- ``spam/``: whole spam articles;
- ``spam-pages/``: spam articles cut before their closing paragraph (openings
  of pages); ``--append-closer`` gives each a promotional closer;
- ``ham/``: legitimate documents; ``--append-legit-closer`` gives each a
  legitimate call to action (visit our website, sponsor, star the repo, …).

File names matter: they are title candidates, as Gitea names wiki pages
(``Do You Need A BERT-large%3F.-.md``).  Each document is judged under a
profile (``push`` by default) and the command prints recall (spam judged
``spam``), false positives (ham judged ``spam``) and the misses by name.

Variants for robustness:

- ``--deconfuse`` turns every look-alike letter into the ASCII letter it
  imitates before judging, as a spammer who drops the look-alikes would;
- ``--every-closer`` judges each document once with each closer instead of
  rotating through them.

Exit status: 0 when measured (and any ``--require-*`` target is met), 1 when a
target is missed, 2 for usage errors (e.g. a DIR without spam/ or ham/).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field

SPAM_FOLDERS = ("spam", "spam-pages")
HAM_FOLDERS = ("ham",)
SKIP_NAMES = {"SOURCES.tsv", "LOOKALIKES.tsv"}

# Promotional closers of the genre, written from its grammar: {kw} is a
# keyword the article never mentions.  Links vary: markdown, HTML, bare URL,
# redirect script, shortener, or gone with only the anchor text left.
PROMO_CLOSERS = (
    "If you enjoyed this short article and you would like to receive more details relating to "
    "[{kw}](http://forum.example.net/redirect?url=https://promo.example.com/{slug}) please visit our own web-site.",
    "If you liked this write-up and you wish to obtain more information regarding {kw}, "
    "i implore you to stop by our web page.",
    "If you adored this post and you would certainly like to get additional facts concerning "
    "<a href=\"http://www.example.org/out.php?url=https://promo.example.com/\">{kw}</a> kindly check out the internet site.",
    "In case you want to find out more in regards to {kw} check out our own webpage.",
    "If you have any kind of concerns pertaining to where and how to use {kw} "
    "([https://pin.it/3kQx9Lm](https://pin.it/3kQx9Lm)), you can contact us at our own web page.",
    "If you treasured this article and you would like to be given more info about {kw} https://bit.ly/3vZq8Rw "
    "please visit our web site.",
    "If you loved this informative article and you want to acquire much more information about {kw} "
    "please check out our webpage.",
    "Here is more information on {kw} [{kw}](http://portal.example.de/extern/link.php?url=https://promo.example.com) "
    "have a look at our own web-site.",
)
PROMO_KEYWORDS = ("Cohere AI", "GPT-J-6B", "Stable Diffusion XL", "MMBT-large", "Jasper AI", "SqueezeBERT-tiny",
                  "T5-11B", "Claude 2")

# Legitimate calls to action, as real READMEs and blogs end.
LEGIT_CLOSERS = (
    "For more information, visit our website: https://example.org",
    "## Sponsors\n\nThis project is supported by its users. If you would like to help, please consider "
    "[sponsoring us on GitHub](https://github.com/sponsors/example) or "
    "[donating via Open Collective](https://opencollective.com/example). Every contribution helps!",
    "If you find this project helpful, please give it a \u2b50 on GitHub and share it with your colleagues.",
    "\u2b50 Star the repo if you like it, and feel free to open an issue with questions or ideas!",
    "If you enjoyed this article, follow me on Mastodon or subscribe to the newsletter for more posts like this one.",
    "Questions? Contact us at support@example.org or visit our website for the full documentation.",
    "If you liked this guide and want to learn more about the project, check out the documentation at "
    "https://docs.example.org or join our community chat.",
    "## Support\n\nIf this tool saves you time, you can [buy me a coffee](https://www.buymeacoffee.com/example). "
    "Thank you for your support!",
    "Thanks for reading! If you have any questions about the setup, feel free to open an issue or "
    "contact us through our website.",
    "To learn more about our consulting services, visit our website at https://example.com.",
)


@dataclass
class Case:
    name: str
    label: str  # "spam" or "ham"
    verdict: str
    score: float
    failed: bool
    reasons: list[str] = field(default_factory=list)
    variant: str = ""

    def to_json(self) -> dict:
        return {"name": self.name, "label": self.label, "variant": self.variant, "verdict": self.verdict,
                "score": self.score, "failed": self.failed, "reasons": self.reasons}


def promo_closer(i: int) -> str:
    kw = PROMO_KEYWORDS[i % len(PROMO_KEYWORDS)]
    slug = kw.lower().replace(" ", "-")
    return PROMO_CLOSERS[i % len(PROMO_CLOSERS)].format(kw=kw, slug=slug)


def read_closers(path: str) -> tuple[str, ...]:
    """Closers from a file, one per block separated by a line holding only ``%%``."""
    with open(path, encoding="utf-8") as fh:
        blocks = [b.strip() for b in fh.read().split("\n%%\n")]
    return tuple(b for b in blocks if b)


def collect(root: str) -> list[tuple[str, str, str]]:
    """(path, label, folder) of every document under the labelled folders of ``root``."""
    out = []
    for folder in SPAM_FOLDERS + HAM_FOLDERS:
        base = os.path.join(root, folder)
        if not os.path.isdir(base):
            continue
        label = "spam" if folder in SPAM_FOLDERS else "ham"
        for dirpath, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                if name in SKIP_NAMES or name.startswith("."):
                    continue
                out.append((os.path.join(dirpath, name), label, folder))
    return out


def wiki_file_name(title: str) -> str:
    """The file name Gitea gives a wiki page: ``Do You Need A BERT-large?`` -> ``Do You Need A BERT-large%3F.-.md``."""
    from urllib.parse import quote

    return quote(title, safe=" -'(),!&+;=@") + ".-.md"


def titles_from_sources(path: str) -> dict[str, str]:
    """file name -> page title, from a SOURCES.tsv whose notes say ``title=…``.

    A title in parentheses (the page's title was not captured) falls back to
    the document's first line, as an issue tracker names an issue.
    """
    import csv
    import re

    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name = (row.get("filename") or "").strip()
            m = re.search(r"(?:^|; )title=(.*?)(?: ;|$)", row.get("notes") or "")
            if not name or not m:
                continue
            title = re.sub(r"\s*\((?:from URL slug|from slug)\)\s*$", "", m.group(1).strip())
            if title and not title.startswith("("):
                out[name] = title
    return out


def stage_titled_corpus(src: str, dest: str) -> dict[str, str]:
    """Copy ``src`` to ``dest``, naming spam-pages/ documents by their titles as Gitea wiki files.

    Returns new name -> original name for the renamed documents.
    """
    import shutil

    renamed = {}
    for folder in SPAM_FOLDERS + HAM_FOLDERS:
        base = os.path.join(src, folder)
        if not os.path.isdir(base):
            continue
        target = os.path.join(dest, folder)
        os.makedirs(target, exist_ok=True)
        sources = os.path.join(base, "SOURCES.tsv")
        titles = titles_from_sources(sources) if folder == "spam-pages" and os.path.isfile(sources) else {}
        for name in sorted(os.listdir(base)):
            path = os.path.join(base, name)
            if not os.path.isfile(path) or name in SKIP_NAMES:
                continue
            new = name
            if folder == "spam-pages":
                title = titles.get(name)
                if title is None:
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        title = next((ln.strip() for ln in fh if ln.strip()), name)[:120]
                new = wiki_file_name(title.replace("/", " "))
                if os.path.exists(os.path.join(target, new)):
                    new = new[:-6] + f" ({len(renamed) + 1}).-.md"
                renamed[new] = name
            shutil.copyfile(path, os.path.join(target, new))
    return renamed


def _bounded(convert, low, high, expected: str):
    """An argparse type: ``convert(value)`` from ``low`` to ``high`` (None: no bound)."""
    def parse(value: str):
        try:
            number = convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {value!r}") from None
        if not (low <= number and (high is None or number <= high)):  # also refuses nan
            raise argparse.ArgumentTypeError(f"expected {expected}, got {value}")
        return number
    return parse


fraction = _bounded(float, 0.0, 1.0, "a fraction from 0 to 1 (0.95 for 95%)")
count = _bounded(int, 0, None, "a whole number, 0 or more")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="spamgate evaluate",
        description="Measure detection on a labelled corpus: DIR/spam, DIR/spam-pages and DIR/ham.",
    )
    p.add_argument("dir", metavar="DIR", help="corpus directory with spam/ (and spam-pages/) and ham/ folders")
    p.add_argument("--profile", choices=("push", "commit"), default="push", help="profile to judge under (default: push)")
    p.add_argument("--spam-threshold", type=float, default=None, metavar="SCORE", help="score for a spam verdict")
    p.add_argument("--suspicious-threshold", type=float, default=None, metavar="SCORE", help="score for a suspicious verdict")
    p.add_argument("--deconfuse", action="store_true", help="turn look-alike letters into ASCII before judging")
    p.add_argument("--append-closer", action="store_true",
                   help="append a promotional closing paragraph to each document in spam-pages/")
    p.add_argument("--append-legit-closer", action="store_true",
                   help="append a legitimate call to action to each document in ham/")
    p.add_argument("--every-closer", action="store_true",
                   help="judge each document once with every closer instead of rotating through them")
    p.add_argument("--closers", metavar="FILE", help="promotional closers to use ({kw} is replaced; blocks separated by %%%% lines)")
    p.add_argument("--legit-closers", metavar="FILE", help="legitimate closers to use (blocks separated by %%%% lines)")
    p.add_argument("--name-by-sources", action="store_true",
                   help="name spam-pages/ documents by the titles in spam-pages/SOURCES.tsv, as Gitea names wiki files")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-v", "--verbose", action="store_true", help="list every document with its verdict")
    p.add_argument("--require-recall", type=fraction, default=None, metavar="FRACTION",
                   help="exit 1 when recall is below FRACTION (0..1)")
    p.add_argument("--max-false-positives", type=count, default=None, metavar="N",
                   help="exit 1 when more than N ham documents are judged spam")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)

    if not os.path.isdir(args.dir):
        sys.stderr.write(f"spamgate evaluate: {args.dir}: not a directory\n")
        return 2
    if args.name_by_sources:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="spamgate-evaluate-") as tmp:
            try:
                stage_titled_corpus(args.dir, tmp)
            except (OSError, UnicodeDecodeError) as exc:
                sys.stderr.write(f"spamgate evaluate: cannot stage {args.dir}: {exc}\n")
                return 2
            args.dir = tmp
            return _evaluate(args)
    return _evaluate(args)


def _evaluate(args) -> int:
    from spamgate.deconfuse import to_ascii
    from spamgate.engine import scan_document
    from spamgate.model import Document
    from spamgate.reader import read_path
    from spamgate.verdict import DEFAULT_THRESHOLDS, SPAM, Thresholds

    docs = collect(args.dir)
    if not any(label == "spam" for _, label, _ in docs) and not any(label == "ham" for _, label, _ in docs):
        sys.stderr.write(f"spamgate evaluate: {args.dir}: no documents in spam/, spam-pages/ or ham/\n")
        return 2
    try:
        base = DEFAULT_THRESHOLDS
        thresholds = Thresholds(
            spam=args.spam_threshold if args.spam_threshold is not None else base.spam,
            suspicious=args.suspicious_threshold if args.suspicious_threshold is not None else base.suspicious,
        )
    except ValueError as exc:
        sys.stderr.write(f"spamgate evaluate: {exc}\n")
        return 2
    try:
        promo = read_closers(args.closers) if args.closers else None
        legit = read_closers(args.legit_closers) if args.legit_closers else LEGIT_CLOSERS
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"spamgate evaluate: cannot read closers: {exc}\n")
        return 2
    n_promo = len(promo) if promo else len(PROMO_CLOSERS)

    def promo_text(i: int) -> str:
        if promo:
            kw = PROMO_KEYWORDS[i % len(PROMO_KEYWORDS)]
            return promo[i % len(promo)].replace("{kw}", kw)
        return promo_closer(i)

    cases: list[Case] = []
    skipped = []
    for i, (path, label, folder) in enumerate(docs):
        doc = read_path(path)
        if hasattr(doc, "reason"):
            skipped.append((os.path.relpath(path, args.dir), doc.message))
            continue
        name = os.path.relpath(path, args.dir)
        text = to_ascii(doc.text) if args.deconfuse else doc.text
        variants: list[tuple[str, str]] = [("", text)]
        if args.append_closer and folder == "spam-pages":
            picks = range(n_promo) if args.every_closer else [i % n_promo]
            variants = [(f"closer {k + 1}", _append(text, promo_text(k))) for k in picks]
        elif args.append_legit_closer and label == "ham":
            picks = range(len(legit)) if args.every_closer else [i % len(legit)]
            variants = [(f"legit closer {k + 1}", _append(text, legit[k])) for k in picks]
        for variant, vtext in variants:
            d = Document(path=name, text=vtext, encoding=doc.encoding)
            result = scan_document(d, profile=args.profile, thresholds=thresholds)
            cases.append(Case(name, label, result.verdict.verdict, result.verdict.score, result.failed,
                              result.verdict.reasons, variant))

    spam = [c for c in cases if c.label == "spam"]
    ham = [c for c in cases if c.label == "ham"]
    caught = [c for c in spam if c.verdict == SPAM]
    misses = [c for c in spam if c.verdict != SPAM]
    false_pos = [c for c in ham if c.verdict == SPAM]
    failing_ham = [c for c in ham if c.failed]
    recall = len(caught) / len(spam) if spam else 1.0
    summary = {
        "profile": args.profile,
        "thresholds": {"spam": thresholds.spam, "suspicious": thresholds.suspicious},
        "deconfuse": args.deconfuse,
        "append_closer": args.append_closer,
        "append_legit_closer": args.append_legit_closer,
        "spam": {"cases": len(spam), "spam": len(caught),
                 "suspicious": sum(1 for c in spam if c.verdict == "suspicious"),
                 "clean": sum(1 for c in spam if c.verdict == "clean"), "recall": round(recall, 4)},
        "ham": {"cases": len(ham), "spam": len(false_pos),
                "suspicious": sum(1 for c in ham if c.verdict == "suspicious"),
                "clean": sum(1 for c in ham if c.verdict == "clean"), "failing": len(failing_ham)},
        "misses": [c.to_json() for c in misses],
        "false_positives": [c.to_json() for c in false_pos],
        "skipped": [{"name": n, "reason": r} for n, r in skipped],
    }
    if args.verbose:
        summary["cases"] = [c.to_json() for c in cases]
    if args.format == "json":
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _text_report(summary, cases, args)
    failed_gates = []
    if args.require_recall is not None and recall < args.require_recall:
        failed_gates.append(f"recall {100 * recall:.1f}% is below the required {100 * args.require_recall:g}% "
                            f"(--require-recall {args.require_recall:g}): {len(misses)} of {len(spam)} spam "
                            f"documents not judged spam")
    if args.max_false_positives is not None and len(false_pos) > args.max_false_positives:
        failed_gates.append(f"{len(false_pos)} false positives, more than the {args.max_false_positives} allowed "
                            f"(--max-false-positives {args.max_false_positives})")
    for gate in failed_gates:
        sys.stderr.write(f"spamgate evaluate: failed: {gate}\n")
    return 1 if failed_gates else 0


def _append(text: str, closer: str) -> str:
    return text.rstrip() + "\n\n" + closer + "\n"


def _label(c: Case) -> str:
    return c.name + (f" [{c.variant}]" if c.variant else "")


def _text_report(summary: dict, cases: list[Case], args) -> None:
    w = sys.stdout.write
    variant = []
    if args.deconfuse:
        variant.append("look-alikes turned into ASCII")
    if args.append_closer:
        variant.append("promotional closer appended to spam-pages" + (" (every closer)" if args.every_closer else ""))
    if args.append_legit_closer:
        variant.append("legitimate closer appended to ham" + (" (every closer)" if args.every_closer else ""))
    t = summary["thresholds"]
    w(f"profile {summary['profile']} (spam at {t['spam']:g}, suspicious at {t['suspicious']:g})"
      f"{'; ' + '; '.join(variant) if variant else ''}\n")
    s, h = summary["spam"], summary["ham"]
    w(f"spam: {s['spam']}/{s['cases']} judged spam, recall {100 * s['recall']:.1f}%"
      f" ({s['suspicious']} suspicious, {s['clean']} clean)\n")
    w(f"ham:  {h['spam']}/{h['cases']} judged spam (false positives), {h['suspicious']} suspicious, "
      f"{h['clean']} clean; {h['failing']} failing under the {summary['profile']} profile\n")
    if args.verbose:
        for c in cases:
            w(f"  {c.label:4} {c.verdict:10} {c.score:5g}  {_label(c)}: {'; '.join(c.reasons[:5])}\n")
    misses = [c for c in cases if c.label == "spam" and c.verdict != "spam"]
    fps = [c for c in cases if c.label == "ham" and c.verdict == "spam"]
    if misses:
        w("misses (spam not judged spam):\n")
        for c in misses:
            w(f"  {_label(c)}: {c.verdict} ({c.score:g}) {'; '.join(c.reasons[:5])}\n")
    if fps:
        w("false positives (ham judged spam):\n")
        for c in fps:
            w(f"  {_label(c)}: {c.score:g} {'; '.join(c.reasons[:5])}\n")
    for name, reason in summary["skipped"]:
        w(f"skipped {name}: {reason}\n")


if __name__ == "__main__":
    raise SystemExit(main())
