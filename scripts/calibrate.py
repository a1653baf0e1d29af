#!/usr/bin/env python3
"""Fit the checks' weights to labelled documents and write spamgate/weights.py.

    python scripts/calibrate.py [--corpus ../shared/corpus] [--material scripts/calibration]
                                [--docs /usr/share/doc] [--locale /usr/share/locale]
                                [--l2 0.03] [--dry-run] [-v]

As SpamAssassin generates its scores from mass-check results, the weights of
spamgate's checks come from a fit over the checks' findings on labelled
documents, not from hand-set numbers:

1. Documents (scripts/calibration_documents.py).  Spam: the labelled corpus
   (``--corpus``, read where it lies, pages named by their titles and given
   the push context of the repository they were found in) and the crafted
   material of scripts/calibration, each as found, with look-alike letters
   turned into ASCII, without their title, stock opening or closer (what a
   spammer drops cheaply), page openings completed with each promotional
   closer of ``spamgate evaluate``, and crafted articles with look-alike
   letters or invisible characters sprinkled in; crafted generated articles
   that carry neither look-alikes nor a closer (``--articles``; the tests'
   held-out set stays out of the fit).  Legitimate: the corpora's
   legitimate documents, as found, with each legitimate call to action
   appended, retitled like clickbait about their own subject, and (only
   checked, see 5) with each promotional closer appended; the documentation
   Debian packages install (``--docs``); real translations (``--locale``);
   this project's README and rule pages; a Unicode test fixture.
2. Features.  Each document is scanned under the push profile; for each check
   the feature is the number of its findings (a finding in quoted code counts
   a tenth, a plain call to action less than a spun one) divided by the
   number that saturates it, at most 1.  That number is the check's declared
   cap divided by its declared weight.  Findings inside a promotional
   sentence count with the sentence.  The suppression checks (SG9xx) are not
   fitted: they find markers that hide findings from spamgate itself, which
   no labelled article carries, so their declared weights are kept.
3. Fit.  An L2-regularised logistic regression with non-negative coefficients
   (evidence of spam never counts against it), by coordinate descent.  Each
   class weighs the same in the fit, and within a class each source (Debian
   documentation, translations, corpus, crafted variants ...) weighs the same,
   so that no large source drowns the others.
4. Points.  The fitted log-odds are scaled so that the decision boundary
   (probability 1/2) falls on the spam threshold, 10: a check's cap is its
   coefficient times that scale (at most the kind cap) and its weight the cap
   divided by its saturating count.  The verdict's kind cap (7: no kind of
   evidence reaches the threshold alone) and corroboration (0.3: the share of
   the threshold the other kinds must add) are written beside them.
   Then each check of ``FLOORS`` (the look-alike letters inside words, a
   fingerprint of the genre that the training set drops on purpose) is raised
   to its floor; the report below judges with the raised table.
5. Constraints.  Every legitimate document, also with a spam article's closer
   appended, is judged as spamgate will judge it (caps, kinds,
   corroboration); those judged spam join the fit as one more source, counting
   for one more source each round, and the fit runs again while that lowers
   their number.
6. Report.  Every document is judged again with the new table and the
   figures per source are printed: spam judged spam with the smallest and
   median margins, legitimate documents judged spam with the highest score.

The result depends on the documents the machine has (the Debian packages
installed); the table in the repository records what it was made from.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from calibration_documents import (Doc, corpus_docs, debian_docs, locale_docs, project_docs,  # noqa: E402
                                   variants)

THRESHOLD = 10.0
KIND_CAP = 7.0
CORROBORATION = 0.3  # a share of the spam threshold

# The least a fingerprint of the genre adds when it is present, in points (a cap): look-alike
# letters inside words.  The training set drops them on purpose (a spammer can), and
# legitimate documents about homoglyphs carry them, so the fit alone rates them weak; where
# they stand in prose they are strong evidence, and the verdict's kind cap and corroboration
# keep them from deciding alone.
FLOORS = {"SG101": 4.5, "SG102": 4.5, "SG104": 4.5}

# ---------------------------------------------------------------- features

def declared_checks() -> dict:
    from spamgate.registry import all_rules

    return {c.code: c for rule in all_rules() for c in rule.checks}


def use_table(weights: dict, kind_cap: float = KIND_CAP, corroboration: float = CORROBORATION) -> None:
    """Make spamgate judge with this table (in this process)."""
    import spamgate.weights as table
    from spamgate.registry import all_checks

    table.WEIGHTS, table.KIND_CAP, table.CORROBORATION = dict(weights), kind_cap, corroboration
    all_checks.cache_clear()


def scan(docs: list[Doc]) -> dict[int, list]:
    """Scan every document under the push profile with the declared weights; the findings by document."""
    from spamgate.engine import scan_document
    from spamgate.model import Document
    from spamgate.registry import all_checks
    from spamgate.verdict import _kinds_of

    use_table({})
    declared = declared_checks()
    found = {}
    for i, d in enumerate(docs):
        result = scan_document(Document(path=d.name, text=d.text, context=d.context), profile="push")
        findings = list(result.findings)
        found[i] = findings
        kinds = _kinds_of(findings, all_checks())
        counts: dict[str, float] = {}
        for f, kind in zip(findings, kinds):
            check = declared.get(f.code)
            if check is None or check.weight <= 0 or not fitted(check):
                continue
            if kind != check.evidence and kind == "promotion":
                continue  # absorbed into a promotional sentence: counted with it
            counts[f.code] = counts.get(f.code, 0.0) + f.weight / check.weight
        d.features = {code: min(1.0, n / saturation(declared[code])) for code, n in counts.items()}
    return found


def fitted(check) -> bool:
    """Whether the fit sets the check's weight (not for the suppression checks)."""
    from spamgate.model import SUPPRESSION_FAMILY

    return check.family != SUPPRESSION_FAMILY


def saturation(check) -> int:
    """How many findings of a check count fully: its declared cap over its declared weight."""
    return max(1, round(check.cap / check.weight)) if check.weight > 0 else 1


# ---------------------------------------------------------------- fit

def checking_only(d: Doc) -> bool:
    """Legitimate documents with a spam article's closer appended are not
    fitted: the verdict's corroboration rule keeps them from being spam, and
    the report checks that it does.  (Fitted, they would teach the sum of
    weights that the closer of the genre is weak evidence, which it is not
    when other kinds of evidence join it.)  Legitimate calls to action are
    fitted: they are what real documents end with."""
    return d.label == "ham" and "promotional closer" in d.source


def balance(docs: list[Doc]) -> None:
    """Sample weights: each class weighs 1, each source within a class the same."""
    for label in ("spam", "ham"):
        mine = [d for d in docs if d.label == label]
        sources = sorted({d.source for d in mine})
        per_source = {s: sum(1 for d in mine if d.source == s) for s in sources}
        for d in mine:
            d.weight = 1.0 / (len(sources) * per_source[d.source])


def fit(docs: list[Doc], codes: list[str], l2: float, sweeps: int = 400) -> tuple[float, dict[str, float]]:
    """L2-regularised logistic regression with non-negative coefficients, by
    cyclic coordinate descent (a Newton step per coordinate).  Rows with the
    same features and label are merged first."""
    rows: dict[tuple, list[float]] = {}
    for d in docs:
        key = (tuple(round(d.features.get(c, 0.0), 4) for c in codes), d.label == "spam")
        rows.setdefault(key, [0.0])[0] += d.weight
    X = [k[0] for k in rows]
    y = [1.0 if k[1] else 0.0 for k in rows]
    w = [v[0] for v in rows.values()]
    n, m = len(X), len(codes)
    coef = [0.0] * m
    bias = 0.0
    z = [0.0] * n

    def p(i: int) -> float:
        return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z[i]))))

    for _ in range(sweeps):
        change = 0.0
        # intercept (not penalised)
        g = sum(w[i] * (p(i) - y[i]) for i in range(n))
        h = sum(w[i] * p(i) * (1 - p(i)) for i in range(n)) + 1e-9
        step = max(-5.0, min(5.0, -g / h))
        bias += step
        z = [zi + step for zi in z]
        change = max(change, abs(step))
        for j in range(m):
            g = h = 0.0
            for i in range(n):
                x = X[i][j]
                if x:
                    pi = p(i)
                    g += w[i] * (pi - y[i]) * x
                    h += w[i] * pi * (1 - pi) * x * x
            g += l2 * coef[j]
            h += l2
            new = max(0.0, coef[j] - max(-5.0, min(5.0, g / h)))
            delta = new - coef[j]
            if delta:
                coef[j] = new
                for i in range(n):
                    if X[i][j]:
                        z[i] += delta * X[i][j]
                change = max(change, abs(delta))
        if change < 1e-7:
            break
    return bias, dict(zip(codes, coef))


MAX_ROUNDS = 12


def fit_with_constraints(docs, training, found, codes, declared, l2):
    """Fit; then judge every legitimate document as spamgate will (caps, kinds,
    corroboration), add those judged spam to the fit as a source of legitimate
    documents that counts for one more source each round, and fit again, while
    that lowers the number of legitimate documents judged spam.  Returns the
    intercept, coefficients and table of the best round and the rounds run."""
    mined: list[Doc] = []
    best = None
    for rounds in range(1, MAX_ROUNDS + 1):
        fitted = training + [Doc(d.name, "ham", "mined", d.text) for d in mined]
        for doc, d in zip(fitted[len(training):], mined):
            doc.features = d.features
        balance(fitted)
        for doc in fitted[len(training):]:
            doc.weight *= rounds - 1  # each round, the mined documents count for one more source
        bias, coef = fit(fitted, codes, l2)
        _, table = to_points(bias, coef, declared)
        wrong = [d for d, v in zip(docs, judge_all(docs, found, table)) if d.label == "ham" and v.verdict == "spam"]
        if best is not None and len(wrong) >= len(best[3]):
            break
        best = (bias, coef, table, wrong, rounds)
        if not wrong:
            break
        mined += [d for d in wrong if d not in mined]
    bias, coef, table, wrong, rounds = best
    for d in wrong:
        print(f"calibrate: still judged spam: {d.source}: {d.name}")
    return bias, coef, table, rounds


def to_points(bias: float, coef: dict[str, float], declared: dict) -> tuple[float, dict[str, tuple[float, float]]]:
    """Scale log-odds to points: probability 1/2 falls on the spam threshold."""
    if bias >= 0:
        raise SystemExit("calibrate: the fitted intercept is not negative: a document without evidence would be "
                         "spam; the labelled data are not usable")
    scale = THRESHOLD / -bias
    table = {}
    for code, c in coef.items():
        cap = round(min(c * scale, KIND_CAP), 2)
        table[code] = (round(cap / saturation(declared[code]), 3), cap)
    return scale, table


# ---------------------------------------------------------------- output

def with_floors(table: dict, declared: dict) -> tuple[dict, list[str]]:
    """The table with each check of ``FLOORS`` raised to its floor (a cap in points); what was raised."""
    out, raised = dict(table), []
    for code, floor in FLOORS.items():
        if code in out and out[code][1] < floor:
            out[code] = (round(floor / saturation(declared[code]), 3), floor)
            raised.append(f"{code} cap {table[code][1]:g} -> {floor:g}")
    return out, raised


def render(table: dict, summary: list[str]) -> str:
    lines = ['"""Calibrated weights of the checks: generated by scripts/calibrate.py; do not edit.', ""]
    lines += summary
    lines += ['"""', "", "# The most one kind of evidence adds to a score, and the share of the spam threshold that the",
              "# other kinds must add for a spam verdict (spamgate.verdict).", f"KIND_CAP = {KIND_CAP!r}",
              f"CORROBORATION = {CORROBORATION!r}", "",
              "# code: (points of one finding, most points of all its findings in a document)",
              "WEIGHTS: dict[str, tuple[float, float]] = {"]
    for code in sorted(table):
        weight, cap = table[code]
        lines.append(f'    "{code}": ({weight!r}, {cap!r}),')
    lines.append("}")
    return "\n".join(lines) + "\n"


def judge_all(docs: list[Doc], found: dict, table: dict) -> list:
    """Each document's verdict with the new table, from its findings."""
    from spamgate.verdict import judge

    declared = declared_checks()
    use_table(table)
    out = []
    for i, d in enumerate(docs):
        findings = []
        for f in found[i]:
            check = declared.get(f.code)
            if check is not None and check.weight > 0 and f.code in table:
                f = f._replace(weight=table[f.code][0] * f.weight / check.weight)
            findings.append(f)
        out.append(judge(findings))
    return out


def report(docs: list[Doc], verdicts: list) -> list[str]:
    lines = []
    sources = sorted({(d.label, d.source) for d in docs}, key=lambda s: (s[0] != "spam", s[1]))
    for label, source in sources:
        mine = [(d, v) for d, v in zip(docs, verdicts) if d.source == source and d.label == label]
        spam = sum(1 for _, v in mine if v.verdict == "spam")
        if label == "spam":
            margins = sorted(round(v.score - THRESHOLD, 2) for _, v in mine)
            lines.append(f"spam {source}: {spam}/{len(mine)} judged spam; margin min {margins[0]:+g}, "
                         f"median {margins[len(margins) // 2]:+g}")
        else:
            top = max(v.score for _, v in mine)
            lines.append(f"ham  {source}: {spam}/{len(mine)} judged spam; highest score {top:g}")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"), help="labelled corpus read where it lies")
    p.add_argument("--material", default=str(ROOT / "scripts" / "calibration"), help="crafted labelled documents")
    p.add_argument("--articles", default=str(ROOT / "tests" / "fixtures" / "generated"),
                   help="crafted generated articles without look-alikes or a closer (labelled corpus)")
    p.add_argument("--docs", default="/usr/share/doc", help="documentation of installed packages (legitimate)")
    p.add_argument("--docs-limit", type=int, default=800, help="at most this many documentation files")
    p.add_argument("--locale", default="/usr/share/locale", help="translation catalogs (legitimate)")
    p.add_argument("--locale-limit", type=int, default=200, help="at most this many catalogs")
    p.add_argument("--l2", type=float, default=0.03, help="L2 penalty on the coefficients (default 0.03)")
    p.add_argument("--output", default=str(ROOT / "spamgate" / "weights.py"))
    p.add_argument("--dry-run", action="store_true", help="print what would be written, write nothing")
    p.add_argument("-v", "--verbose", action="store_true", help="list the spam missed and the ham judged spam")
    args = p.parse_args(argv)

    docs: list[Doc] = []
    for root, tag in ((args.corpus, "shared corpus"), (args.material, "crafted"), (args.articles, "generated")):
        if os.path.isdir(root):
            docs += corpus_docs(root, tag)
        else:
            print(f"calibrate: no corpus at {root}; left out")
    docs += variants(docs)
    docs += debian_docs(args.docs, args.docs_limit) if os.path.isdir(args.docs) else []
    docs += locale_docs(args.locale, args.locale_limit)
    docs += project_docs()
    if not any(d.label == "spam" for d in docs) or not any(d.label == "ham" for d in docs):
        print("calibrate: need both spam and legitimate documents", file=sys.stderr)
        return 2
    counts = {}
    for d in docs:
        counts[(d.label, d.source)] = counts.get((d.label, d.source), 0) + 1
    print(f"calibrate: {len(docs)} documents from {len(counts)} sources")
    found = scan(docs)
    training = [d for d in docs if not checking_only(d)]
    declared = declared_checks()
    seen = sorted({c for d in docs for c in d.features})
    unseen = sorted(c for c, check in declared.items() if check.weight > 0 and fitted(check) and c not in seen)
    bias, coef, table, rounds = fit_with_constraints(docs, training, found, seen, declared, args.l2)
    table, raised = with_floors(table, declared)
    scale = THRESHOLD / -bias
    print(f"calibrate: the fit of round {rounds} judges the fewest legitimate documents spam")
    print(f"calibrate: fitted {len(seen)} checks; intercept {bias:.3f}, {scale:.3f} points per unit of log-odds")
    for code in seen:
        print(f"  {code} {declared[code].name:28} saturates at {saturation(declared[code]):2d}: "
              f"weight {table[code][0]:g}, cap {table[code][1]:g}")
    if raised:
        print("calibrate: raised to the genre's floors: " + "; ".join(raised))
    if unseen:
        print("calibrate: never found in the labelled documents, declared weights kept: " + ", ".join(unseen))
    kept = sorted(c for c, check in declared.items() if check.weight > 0 and not fitted(check))
    if kept:
        print("calibrate: not fitted (suppression markers), declared weights kept: " + ", ".join(kept))
    verdicts = judge_all(docs, found, table)
    lines = report(docs, verdicts)
    print("\n".join(lines))
    if args.verbose:
        for d, v in zip(docs, verdicts):
            if (d.label == "spam") != (v.verdict == "spam"):
                print(f"  {d.label} {d.source} {d.name}: {v.verdict} {v.score:g} {'; '.join(v.reasons[:4])}")
    summary = [f"Fitted by an L2-regularised (penalty {args.l2:g}) logistic regression with non-negative",
               "coefficients over the findings of the push profile on these labelled documents:", ""]
    summary += [f"  {label:4} {n:5d}  {source}" for (label, source), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != 'spam', kv[0][1]))]
    summary += ["", f"Intercept {bias:.4f}; {scale:.4f} points per unit of log-odds, so that probability 1/2 is a",
                f"score of {THRESHOLD:g}."]
    if raised:
        summary += ["Raised to the floors of the genre's fingerprints: " + "; ".join(raised) + "."]
    summary += ["Judged again with this table:", ""]
    summary += ["  " + line for line in lines]
    if unseen or kept:
        summary += ["", "Checks left out of the table keep their declared weights: " + ", ".join(unseen + kept) + "."]
    text = render(table, summary)
    if args.dry_run:
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"calibrate: wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
