"""Accuracy beside speed: ``spamgate evaluate`` over the shared corpus, timed.

    python benchmarks/accuracy.py [--corpus ../shared/corpus]

A speed-up that costs detections shows here: the evaluation command's own
report (detections and false alarms per class) is printed as it is, with the
wall-clock time of the run, for the documents as found and (without
``--quick``) with the look-alikes dropped but a promotional closer kept, and
with calls to action of any wording (legitimate ones and the spam genre's
closers) appended to the ham.  Skips cleanly when the corpus or the command is
not there.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, print_row, row, run_timed, save_rows, spamgate_exe  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description="spamgate evaluate over the labelled corpus, timed")
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    p.add_argument("--quick", action="store_true", help="accepted for symmetry; the run is the same")
    args = p.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"accuracy: no corpus at {corpus}; skipped")
        return []
    if not (ROOT / "hooks" / "evaluate.py").exists():
        print("accuracy: `spamgate evaluate` is not there yet (hooks/evaluate.py); skipped")
        return []
    exe = spamgate_exe()
    named = ["--name-by-sources"]  # spam pages named by their titles, as Gitea names wiki files
    variants = [("as found", named)] + ([] if args.quick else [
        ("look-alikes dropped, promotional closer kept", [*named, "--deconfuse", "--append-closer", "--every-closer"]),
        ("ham with calls to action of any wording", [*named, "--append-legit-closer", "--promote-ham",
                                                     "--every-closer"]),
    ])
    rows = []
    for label, extra in variants:
        cmd = [exe, "evaluate", str(corpus), *extra]
        seconds, status, out = run_timed(cmd)
        text = out.decode("utf-8", "replace").rstrip()
        print(f"accuracy, {label}: spamgate evaluate {corpus} {' '.join(extra)} ({seconds:.2f} s, exit status {status})")
        for line in text.splitlines():
            print("  | " + line)
        summary = [line.strip() for line in text.splitlines() if line.strip().startswith(("spam:", "ham:"))]
        r = row(f"evaluate, shared corpus, {label}", seconds, "s",
                command=f"spamgate evaluate ../shared/corpus {' '.join(extra)}".rstrip(),
                note=f"exit status {status}; " + " / ".join(summary or text.splitlines()[-2:])[:300])
        print_row(r)
        rows.append(r)
    save_rows("accuracy", rows)
    return rows


if __name__ == "__main__":
    main()
