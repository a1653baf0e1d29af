"""The text report of ``spamgate evaluate``."""
from __future__ import annotations

import sys


def _label(c) -> str:
    return c.name + (f" [{c.variant}]" if c.variant else "")


def _kinds(c) -> str:
    return ", ".join(f"{kind} {points:g}" for kind, points in c.evidence.items()) or "no evidence"


def _line(name: str, figures: dict) -> str:
    if "recall" in figures:
        line = (f"{name}: {figures['spam']}/{figures['cases']} judged spam, recall {100 * figures['recall']:.1f}%"
                f" ({figures['suspicious']} suspicious, {figures['clean']} clean)")
        margin = figures.get("margin")
        if margin:
            line += f"; margin to the spam threshold min {margin['min']:+g}, median {margin['median']:+g}"
        return line
    return (f"{name}: {figures['spam']}/{figures['cases']} judged spam (false positives), "
            f"{figures['suspicious']} suspicious, {figures['clean']} clean")


def text_report(summary: dict, cases: list, args) -> None:
    w = sys.stdout.write
    variant = []
    if args.deconfuse:
        variant.append("look-alikes turned into ASCII")
    if args.append_closer:
        variant.append("promotional closer appended to spam pages" + (" (every closer)" if args.every_closer else ""))
    if args.append_legit_closer:
        variant.append("legitimate closer appended to ham" + (" (every closer)" if args.every_closer else ""))
    if args.promote_ham:
        variant.append("promotional closer appended to ham" + (" (every closer)" if args.every_closer else ""))
    if getattr(args, "context_from_sources", False):
        variant.append("push context from SOURCES.tsv")
    t = summary["thresholds"]
    w(f"profile {summary['profile']} (spam at {t['spam']:g}, suspicious at {t['suspicious']:g})"
      f"{'; ' + '; '.join(variant) if variant else ''}\n")
    s, h = summary["spam"], summary["ham"]
    w(_line("spam", s).replace("spam: ", "spam: ", 1) + "\n")
    w(f"ham:  {h['spam']}/{h['cases']} judged spam (false positives), {h['suspicious']} suspicious, "
      f"{h['clean']} clean; {h['failing']} failing under the {summary['profile']} profile\n")
    if len(summary["folders"]) > 1:
        for name, figures in summary["folders"].items():
            w("  " + _line(name, figures) + "\n")
    if args.verbose:
        for c in cases:
            w(f"  {c.label:4} {c.verdict:10} {c.score:6g} ({c.margin:+g})  {_label(c)}: {_kinds(c)}; "
              f"{'; '.join(c.reasons[:5])}\n")
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
    for skipped in summary["skipped"]:
        w(f"skipped {skipped['name']}: {skipped['reason']}\n")
