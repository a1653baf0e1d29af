"""Look-alike letters that confusables.txt leaves out or maps elsewhere.

UTS #39 confusables.txt (17.0.0) gives no ASCII prototype for some letters that
spam uses as look-alikes of ASCII letters, or maps them to a letter of another
script.  This one table supplies their plain spelling; it is consulted before
confusables.txt.  Each entry: code point -> ASCII prototype, with the reason.
"""

SUPPLEMENT: dict[str, str] = {
    "\u0185": "b",  # LATIN SMALL LETTER TONE SIX: no prototype in confusables.txt
    "\u07CB": "o",  # NKO LETTER EE: no prototype
    "\u1959": "u",  # TAI LE LETTER AI: no prototype
    "\u19D0": "o",  # NEW TAI LUE DIGIT ZERO: mapped to a Tai Lue letter
}
