"""Accuracy beside speed: ``spamgate evaluate`` over the shared corpus, timed.

    python benchmarks/accuracy.py [--corpus ../shared/corpus]

A speed-up that costs detections shows here: the evaluation command's own
report (detections and false alarms per class) is printed as it is, with the
wall-clock time of the run.  Skips cleanly when the corpus or the command is
not there.
"""
from __future__ import annotations

import argparse
import sys
import time
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
    cmd = [exe, "evaluate", str(corpus)]
    seconds, status, out = run_timed(cmd)
    text = out.decode("utf-8", "replace").rstrip()
    print(f"accuracy: spamgate evaluate {corpus} ({seconds:.2f} s, exit status {status})")
    for line in text.splitlines():
        print("  | " + line)
    r = row("evaluate over the shared corpus", seconds, "s", command=f"spamgate evaluate {args.corpus}",
            note=f"exit status {status}; " + " / ".join(line.strip() for line in text.splitlines()[-3:])[:300])
    print_row(r)
    save_rows("accuracy", [r])
    return [r]


if __name__ == "__main__":
    main()
