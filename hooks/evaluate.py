"""``spamgate evaluate DIR``: measure detection on a labelled corpus.

DIR holds the documents in labelled folders (see ``spamgate.hooks.corpus``):

- ``spam*/``: spam documents (``spam/``, ``spam-pages2/``, ...); in folders
  named ``spam-pages*`` the openings of spam pages, cut before their closing
  paragraph, which ``--append-closer`` completes with a promotional closer;
- ``ham*/``: legitimate documents; ``--append-legit-closer`` gives each a
  legitimate call to action (visit our website, sponsor, star the repo, …)
  and ``--promote-ham`` a promotional closer of the spam genre: a call to
  action alone, however worded, must not make a legitimate document spam.

File names matter: they are title candidates, as Gitea names wiki pages
(``Do You Need A BERT-large%3F.-.md``).  Each document is judged under a
profile (``push`` by default) and the command prints, per folder and in
total, recall (spam judged ``spam``), false positives (ham judged ``spam``),
each spam document's margin to the spam threshold, and the misses by name.

Variants for robustness:

- ``--deconfuse`` turns every look-alike letter into the ASCII letter it
  imitates before judging, as a spammer who drops the look-alikes would;
- ``--every-closer`` judges each document once with each closer instead of
  rotating through them;
- ``--context-from-sources`` gives pages found in a repository (their address
  in SOURCES.tsv) the push context of its owner, as the server hook would.

Exit status: 0 when measured (and any ``--require-*`` target is met), 1 when a
target is missed, 2 for usage errors (e.g. a DIR without spam/ or ham/).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field

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
    "If you beloved this write-up and you would like to receive additional details regarding {kw} kindly go to "
    "our own site.\n\n- [Home](/)\n- [Archive](/archive)\n- [Contact](/contact)",
    "Should you have virtually any questions about where by and also how you can make use of {kw}, you can email "
    "us at the website.",
    "For more on [{kw}](https://promo.example.com/{slug}), our team's page has everything you need.\n\n"
    "\u2014 Posted by admin",
    "Wenn Ihnen dieser Artikel gefallen hat und Sie weitere Informationen zu {kw} erhalten m\u00f6chten, "
    "besuchen Sie bitte unsere Webseite.",
    "Pokud se v\u00e1m tento \u010dl\u00e1nek l\u00edbil a cht\u011bli byste z\u00edskat v\u00edce "
    "informac\u00ed o {kw}, nav\u0161tivte pros\u00edm na\u0161e webov\u00e9 str\u00e1nky.",
    "Si te gust\u00f3 este art\u00edculo y deseas obtener m\u00e1s informaci\u00f3n sobre {kw}, visita "
    "nuestro sitio web.",
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
    "If you found this article useful and want to read more about Rust, have a look at our blog at "
    "https://blog.example.org.",
    "Weitere Informationen zum Projekt finden Sie auf unserer Webseite.",
)


@dataclass
class Case:
    name: str
    label: str  # "spam" or "ham"
    folder: str
    verdict: str
    score: float
    margin: float  # score minus the spam threshold
    failed: bool
    reasons: list[str] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)  # kind of evidence -> points
    variant: str = ""

    def to_json(self) -> dict:
        return {"name": self.name, "label": self.label, "folder": self.folder, "variant": self.variant,
                "verdict": self.verdict, "score": self.score, "margin": self.margin, "failed": self.failed,
                "reasons": self.reasons, "evidence": self.evidence}


def promo_closer(i: int) -> str:
    kw = PROMO_KEYWORDS[i % len(PROMO_KEYWORDS)]
    slug = kw.lower().replace(" ", "-")
    return PROMO_CLOSERS[i % len(PROMO_CLOSERS)].format(kw=kw, slug=slug)


def read_closers(path: str) -> tuple[str, ...]:
    """Closers from a file, one per block separated by a line holding only ``%%``."""
    with open(path, encoding="utf-8") as fh:
        blocks = [b.strip() for b in fh.read().split("\n%%\n")]
    return tuple(b for b in blocks if b)


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
        description="Measure detection on a labelled corpus: DIR/spam*, DIR/spam-pages* and DIR/ham* folders.",
    )
    p.add_argument("dir", metavar="DIR", help="corpus directory with spam*/ (and spam-pages*/) and ham*/ folders")
    p.add_argument("--profile", choices=("push", "commit"), default="push", help="profile to judge under (default: push)")
    p.add_argument("--spam-threshold", type=float, default=None, metavar="SCORE", help="score for a spam verdict")
    p.add_argument("--suspicious-threshold", type=float, default=None, metavar="SCORE", help="score for a suspicious verdict")
    p.add_argument("--deconfuse", action="store_true", help="turn look-alike letters into ASCII before judging")
    p.add_argument("--append-closer", action="store_true",
                   help="append a promotional closing paragraph to each document in spam-pages*/")
    p.add_argument("--append-legit-closer", action="store_true",
                   help="append a legitimate call to action to each document in ham*/")
    p.add_argument("--promote-ham", action="store_true",
                   help="append a promotional closing paragraph of the spam genre to each document in ham*/")
    p.add_argument("--every-closer", action="store_true",
                   help="judge each document once with every closer instead of rotating through them")
    p.add_argument("--closers", metavar="FILE", help="promotional closers to use ({kw} is replaced; blocks separated by %%%% lines)")
    p.add_argument("--legit-closers", metavar="FILE", help="legitimate closers to use (blocks separated by %%%% lines)")
    p.add_argument("--name-by-sources", action="store_true",
                   help="name spam-pages*/ documents by the titles in their SOURCES.tsv, as Gitea names wiki files")
    p.add_argument("--context-from-sources", action="store_true",
                   help="give pages found in a repository (SOURCES.tsv) the push context of its owner")
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
    from spamgate.hooks.corpus import push_contexts, stage

    contexts = push_contexts(args.dir) if args.context_from_sources else {}
    if args.name_by_sources:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="spamgate-evaluate-") as tmp:
            try:
                renamed = stage(args.dir, tmp)
            except (OSError, UnicodeDecodeError) as exc:
                sys.stderr.write(f"spamgate evaluate: cannot stage {args.dir}: {exc}\n")
                return 2
            contexts = {new: contexts[old] for new, old in renamed.items() if old in contexts}
            args.dir = tmp
            return _evaluate(args, contexts)
    return _evaluate(args, contexts)


def _variants(args, item, text: str, i: int, promo, legit) -> list[tuple[str, str]]:
    n_promo = len(promo) if promo else len(PROMO_CLOSERS)

    def promo_text(k: int) -> str:
        if promo:
            return promo[k % len(promo)].replace("{kw}", PROMO_KEYWORDS[k % len(PROMO_KEYWORDS)])
        return promo_closer(k)

    if args.append_closer and item.opening:
        picks = range(n_promo) if args.every_closer else [i % n_promo]
        return [(f"closer {k + 1}", _append(text, promo_text(k))) for k in picks]
    if item.label == "ham" and (args.append_legit_closer or args.promote_ham):
        out = []
        if args.append_legit_closer:
            picks = range(len(legit)) if args.every_closer else [i % len(legit)]
            out += [(f"legit closer {k + 1}", _append(text, legit[k])) for k in picks]
        if args.promote_ham:
            picks = range(n_promo) if args.every_closer else [i % n_promo]
            out += [(f"promotional closer {k + 1}", _append(text, promo_text(k))) for k in picks]
        return out
    return [("", text)]


def _evaluate(args, contexts: dict) -> int:
    from spamgate.deconfuse import to_ascii
    from spamgate.engine import scan_document
    from spamgate.hooks.corpus import collect
    from spamgate.model import Document
    from spamgate.reader import read_path
    from spamgate.verdict import DEFAULT_THRESHOLDS, Thresholds

    items = collect(args.dir)
    if not items:
        sys.stderr.write(f"spamgate evaluate: {args.dir}: no documents in spam*/, spam-pages*/ or ham*/\n")
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

    cases: list[Case] = []
    skipped = []
    for i, item in enumerate(items):
        name = os.path.relpath(item.path, args.dir)
        doc = read_path(item.path)
        if hasattr(doc, "reason"):
            skipped.append((name, doc.message))
            continue
        text = to_ascii(doc.text) if args.deconfuse else doc.text
        for variant, vtext in _variants(args, item, text, i, promo, legit):
            d = Document(path=name, text=vtext, encoding=doc.encoding, context=contexts.get(name))
            result = scan_document(d, profile=args.profile, thresholds=thresholds)
            v = result.verdict
            cases.append(Case(name, item.label, item.folder, v.verdict, v.score, v.margin(thresholds), result.failed,
                              list(v.reasons), dict(v.evidence), variant))

    summary = _summary(args, thresholds, cases, skipped)
    if args.format == "json":
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        from spamgate.hooks.evaluate_report import text_report

        text_report(summary, cases, args)
    recall = summary["spam"]["recall"]
    failed_gates = []
    if args.require_recall is not None and recall < args.require_recall:
        spam = summary["spam"]
        failed_gates.append(f"recall {100 * recall:.1f}% is below the required {100 * args.require_recall:g}% "
                            f"(--require-recall {args.require_recall:g}): {spam['cases'] - spam['spam']} of "
                            f"{spam['cases']} spam documents not judged spam")
    false_positives = summary["ham"]["spam"]
    if args.max_false_positives is not None and false_positives > args.max_false_positives:
        failed_gates.append(f"{false_positives} false positives, more than the {args.max_false_positives} allowed "
                            f"(--max-false-positives {args.max_false_positives})")
    for gate in failed_gates:
        sys.stderr.write(f"spamgate evaluate: failed: {gate}\n")
    return 1 if failed_gates else 0


def _figures(cases: list[Case], label: str) -> dict:
    from spamgate.verdict import SPAM, SUSPICIOUS

    mine = [c for c in cases if c.label == label]
    out = {"cases": len(mine), "spam": sum(1 for c in mine if c.verdict == SPAM),
           "suspicious": sum(1 for c in mine if c.verdict == SUSPICIOUS),
           "clean": sum(1 for c in mine if c.verdict not in (SPAM, SUSPICIOUS))}
    if label == "spam":
        out["recall"] = round(out["spam"] / len(mine), 4) if mine else 1.0
        margins = sorted(c.margin for c in mine)
        if margins:
            out["margin"] = {"min": margins[0], "median": margins[len(margins) // 2], "max": margins[-1]}
    else:
        out["failing"] = sum(1 for c in mine if c.failed)
    return out


def _summary(args, thresholds, cases: list[Case], skipped) -> dict:
    from spamgate.verdict import SPAM

    folders = {}
    for c in cases:
        folders.setdefault(c.folder, []).append(c)
    summary = {
        "profile": args.profile,
        "thresholds": {"spam": thresholds.spam, "suspicious": thresholds.suspicious},
        "deconfuse": args.deconfuse,
        "append_closer": args.append_closer,
        "append_legit_closer": args.append_legit_closer,
        "promote_ham": args.promote_ham,
        "spam": _figures(cases, "spam"),
        "ham": _figures(cases, "ham"),
        "folders": {name: _figures(group, group[0].label) for name, group in folders.items()},
        "misses": [c.to_json() for c in cases if c.label == "spam" and c.verdict != SPAM],
        "false_positives": [c.to_json() for c in cases if c.label == "ham" and c.verdict == SPAM],
        "skipped": [{"name": n, "reason": r} for n, r in skipped],
    }
    if args.verbose:
        summary["cases"] = [c.to_json() for c in cases]
    return summary


def _append(text: str, closer: str) -> str:
    return text.rstrip() + "\n\n" + closer + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
