"""Look-alike letters that confusables.txt leaves out or maps elsewhere.

UTS #39 confusables.txt (17.0.0) gives no ASCII prototype for some letters that
spam uses as look-alikes of ASCII letters: it has no entry at all (ƅ, ߋ, ᥙ,
Ɍ, ҝ, Ԁ), maps the letter to a non-ASCII prototype (к -> ĸ, ⲭ -> χ, ᧐ -> a Tai
Lue letter), or to an ASCII letter with extra marks (ɗ -> d + U+0314, Ƭ -> ' + T).
This one table supplies the plain spelling of each; it is consulted before
confusables.txt, by ``spamgate.deconfuse`` and by the confusables rule.

Each entry: character -> the ASCII letter it imitates (as the spam uses it),
with the reason.  ``RARE_LATIN`` marks the Latin hook and stroke letters among
them: they belong to real orthographies (Hausa ɗ, Ewe Ɗ) or to old phonetic
usage, so the rule reports them at lower confidence (SG103 rare-latin-letter).
"""

SUPPLEMENT: dict[str, str] = {
    # Latin hook and stroke letters
    "\u0185": "b",  # ƅ LATIN SMALL LETTER TONE SIX: no entry in confusables.txt
    "\u0257": "d",  # ɗ LATIN SMALL LETTER D WITH HOOK: prototype d + U+0314 COMBINING REVERSED COMMA ABOVE
    "\u018A": "D",  # Ɗ LATIN CAPITAL LETTER D WITH HOOK: prototype ' + D
    "\u01AC": "T",  # Ƭ LATIN CAPITAL LETTER T WITH HOOK: prototype ' + T
    "\u01AD": "t",  # ƭ LATIN SMALL LETTER T WITH HOOK: prototype t + U+0314
    "\u024C": "R",  # Ɍ LATIN CAPITAL LETTER R WITH STROKE: no entry
    "\u024D": "r",  # ɍ LATIN SMALL LETTER R WITH STROKE: no entry
    # Cyrillic
    "\u043A": "k",  # к CYRILLIC SMALL LETTER KA: prototype ĸ (LATIN SMALL LETTER KRA)
    "\u049B": "k",  # қ CYRILLIC SMALL LETTER KA WITH DESCENDER: prototype ĸ + U+0329
    "\u049D": "k",  # ҝ CYRILLIC SMALL LETTER KA WITH VERTICAL STROKE: no entry
    "\u04B3": "x",  # ҳ CYRILLIC SMALL LETTER HA WITH DESCENDER: no entry
    "\u0500": "d",  # Ԁ CYRILLIC CAPITAL LETTER KOMI DE: no entry; its glyph is a d
    # Greek
    "\u03BA": "k",  # κ GREEK SMALL LETTER KAPPA: prototype ĸ
    # Coptic
    "\u2CAD": "x",  # ⲭ COPTIC SMALL LETTER KHI: prototype χ (GREEK SMALL LETTER CHI)
    # Others
    "\u07CB": "o",  # ߋ NKO LETTER EE: no entry
    "\u1959": "u",  # ᥙ TAI LE LETTER PA: no entry
    "\u19D0": "o",  # ᧐ NEW TAI LUE DIGIT ZERO: mapped to ᦞ, a Tai Lue letter
    "\u0138": "k",  # ĸ LATIN SMALL LETTER KRA: no entry (it is the prototype of к)
}

# The Latin letters above that real orthographies use: reported as SG103.
RARE_LATIN: frozenset[str] = frozenset("\u0185\u0257\u018A\u01AC\u01AD\u024C\u024D\u0138")

# Letters confusables.txt maps to an ASCII letter that readers do not take for
# it in running text: core letters of their alphabets, never seen standing in
# for ASCII in spam.  They read as themselves (no plain spelling).
NOT_LOOKALIKE: frozenset[str] = frozenset(
    "\u0448"  # ш CYRILLIC SMALL LETTER SHA: confusables.txt prototype w
)
