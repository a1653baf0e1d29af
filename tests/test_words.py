"""The word finding of the character rules: its fast paths give what the plain way gives."""
import re
from collections import Counter

from hypothesis import given, settings, strategies as st

from spamgate.rules import _words
from spamgate.rules.confusables import _judge_letters, judge_word

# Characters that decide how text is cut into words and judged: ASCII letters and punctuation
# that open placeholders and escapes, Cyrillic and Greek letters that do and do not imitate
# ASCII, scripts written without spaces, marks, invisible characters, digits, white space.
ALPHABET = ("ab", "Zx", " ", "  ", "\n", "\t", "\u00a0", "%s", "%", "\\n", "\\", "&amp;", "&#1086;", "-", "-c",
            "$", ")", "'", ".", ";", ",", "7", "\u0430", "\u043e", "\u0431", "\u0434", "\u03bf", "\u03bb",
            "\u4e2d\u6587", "\u306e", "\u30fc", "\u0e01\u0e32", "\u0301", "\u200b", "\u0661", "\u0251",
            "\uff41", "\u24bd", "\u1d49", "\u00e9", "\u01b0", "\u0585")
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)
SEGMENT = re.compile(r"[^\x00-\x7f]+(?:[\x00-\x7f]{1,63}[^\x00-\x7f]+)*")


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.integers(0, 3), st.integers(0, 300))
def test_segments_are_the_runs_a_regular_expression_finds(text, repeat, pad):
    text = ("x" * pad).join([text] * (repeat + 1))
    assert _words.non_ascii_spans(text) == tuple(m.span() for m in SEGMENT.finditer(text))


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.integers(1, 4))
def test_words_counted_by_chunk_are_the_words_found_one_by_one(text, repeat):
    text = " ".join([text] * repeat)  # long enough for the counting by chunk
    for lo, hi in _words.word_spans(text):
        found = Counter(w for _, _, w in _words.span_words(text, lo, hi))
        assert _words.plain_word_counts(text, lo, hi) == dict(found), (lo, hi)


@settings(deadline=None)
@given(st.lists(st.sampled_from(["\u043f", "\u0440", "\u0438", "\u0432", "\u0435", "\u0442", "\u4e2d", "\u3007",
                                 "\u0391", "\u03bb", "a", "\u0301", "\u0661"]), min_size=1, max_size=8).map("".join))
def test_a_word_judged_by_its_letter_classes_gets_the_verdict_of_its_letters(word):
    judge_word(word)  # the letters' classes are learnt
    judge_word.cache_clear()
    judgement = judge_word(word)
    letters = _judge_letters(word)
    assert judgement == letters or (letters.kind is None and judgement.kind in ("mixed", "restricted"))
