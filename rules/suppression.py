"""Suppression markers that do not do what they seem to.

An inline suppression (``spamgate: ignore[SG101]``, ``ignore-next-line[...]``,
``ignore-file[...]``) must name the codes it silences and must be written in
plain ASCII.  This rule reports the markers that fail those conditions, so
that nobody believes a finding is silenced when it is not, and so that a
marker disguised with look-alike letters (an attempt to slip past a reviewer
or a server) is itself evidence.
"""
from __future__ import annotations

from spamgate.model import CHARACTER_EVIDENCE, ERROR, SUPPRESSION_FAMILY, WARNING, Check

_POLICY = dict(family=SUPPRESSION_FAMILY, suppressible=False)

SG901 = Check(
    "SG901", "suppression-without-codes", WARNING, 0.0, 0.0,
    "An inline suppression marker names no rule codes, so it suppresses nothing.",
    reports="A `spamgate: ignore`, `ignore-next-line` or `ignore-file` marker with no codes in brackets.",
    why="A bare marker is not accepted, so that every suppression says what it hides; "
        "whoever wrote it believes a finding is silenced when it is not.",
    fix="Write the codes to suppress in brackets: `spamgate: ignore[SG101]`, "
        "`spamgate: ignore-next-line[SG101, SG104]` or `spamgate: ignore-file[SG103]`.",
    flags=("Some text.  <!-- spamgate: ignore -->\n",),
    passes=("Some text.  <!-- spamgate: ignore[SG101] -->\n",),
    evidence=CHARACTER_EVIDENCE, **_POLICY,  # a marker disguised by look-alike or hidden characters
)
SG902 = Check(
    "SG902", "disguised-suppression", ERROR, 3.0, 8.0,
    "A suppression marker written with look-alike letters or hidden characters.",
    reports="A text that reads as a `spamgate: ignore` marker once look-alike letters are turned into "
            "ASCII and invisible characters removed.",
    why="Markers are recognised only in plain ASCII, so a disguised one suppresses nothing; disguising a "
        "marker only makes sense as an attempt to hide text from a reviewer or a server, so it is evidence.",
    fix="Retype the marker in plain ASCII if it is meant.",
    flags=("# sp\u0430mgate: ignore[SG101]\n",),
    passes=("# spamgate: ignore[SG101]\n",),
    evidence=CHARACTER_EVIDENCE, **_POLICY,  # a marker disguised by look-alike or hidden characters
)
SG903 = Check(
    "SG903", "unknown-suppression-code", WARNING, 0.0, 0.0,
    "A suppression marker names something that is not a known rule code.",
    reports="An entry in a suppression marker's brackets that is not a rule code.",
    why="Unknown entries are ignored, so a typo leaves the finding it meant to silence in place.",
    fix="Each entry in the brackets must be a rule code such as `SG101` (see `spamgate rules`), separated "
        "by commas or spaces; the known ones still apply.",
    flags=("# spamgate: ignore[SG999]\n",),
    passes=("# spamgate: ignore[SG104]\n",),
    evidence=CHARACTER_EVIDENCE, **_POLICY,  # a marker disguised by look-alike or hidden characters
)
CHECKS = (SG901, SG902, SG903)


def find(document):
    text = document.text
    if text.isascii() and "spamgate" not in text.lower():
        return  # no marker: markers name spamgate, and disguised ones hold non-ASCII characters
    from spamgate import suppress

    known = None
    markers = suppress.iter_markers(text, document.line_starts) if suppress.mentions_spamgate(text) else ()
    for marker in markers:
        if not marker.codes and not marker.bad_codes:
            yield document.finding(
                SG901, marker.start, marker.end,
                f"suppression marker '{text[marker.start:marker.end]}' names no codes; "
                f"write e.g. 'spamgate: {marker.kind}[SG101]'",
            )
            continue
        if known is None:
            from spamgate.registry import all_checks

            known = all_checks()
        unknown = [c for c in marker.bad_codes] + [c for c in marker.codes if c not in known]
        if unknown:
            yield document.finding(
                SG903, marker.start, marker.end,
                "suppression marker names unknown code" + ("s " if len(unknown) > 1 else " ")
                + ", ".join(_safe(u) for u in unknown),
            )
    for start, end, ascii_form in suppress.disguised_markers(text):
        chars = [c for c in text[start:end] if c >= "\x80"]
        from spamgate.ucd import char_name

        names = []
        for c in dict.fromkeys(chars):
            names.append(char_name(c))
        yield document.finding(
            SG902, start, end,
            f"suppression marker written with look-alike or hidden characters ({', '.join(names)}); "
            f"it reads '{ascii_form}' but suppresses nothing",
            suggestion=ascii_form, characters=names,
        )


def _safe(s: str) -> str:
    """Show a code-list entry with anything outside printable ASCII as U+XXXX."""
    return "".join(c if " " <= c < "\x7f" else f"<U+{ord(c):04X}>" for c in s)
