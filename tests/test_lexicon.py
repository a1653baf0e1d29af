"""Rule data and the prefilters derived from it: a prefilter never rejects what its matcher accepts.

Every prefilter of the article rules is derived from their data files
(rules/*.toml): the closer grammar's sequences (rules/promo.toml), the link
farm anchors (rules/links.toml), the title templates (rules/title.toml) and
the stock openings and leaked reasoning (rules/genre.toml).  These
properties draw texts that the matchers accept (built from the grammar, with
letters dropped and filler words between the parts, or drawn from the
templates' regular expressions) and check that the prefilters keep them.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spamgate.rules import genre, links, promo
from spamgate.rules._articles import as_plain
from spamgate.rules._lexicon import Sequence, fold, may_contain, template_requirements, words_of
from spamgate.rules._shapes import data as title_data

LANGUAGES = promo.languages()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILLER = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)


@st.composite
def words_matching(draw, sequence: Sequence):
    """The words of a text that ``sequence`` matches: a phrase for each slot
    (optional ones sometimes left out), spelled as the lexicon accepts (with a
    letter missing from long words), with filler words in the gaps."""
    lexicon = sequence.lexicon
    words = draw(st.lists(FILLER, max_size=3))
    for step in sequence.steps:
        if step.optional and draw(st.booleans()):
            continue
        if words:
            words += draw(st.lists(FILLER, max_size=step.gap))
        phrase = draw(st.sampled_from(lexicon.phrases[step.slot]))
        words += [draw(st.sampled_from(sorted(lexicon.spellings(w)))) for w in phrase]
    return words + draw(st.lists(FILLER, max_size=3))


def all_sequences() -> list[Sequence]:
    out = [s for lang in LANGUAGES for part in lang.parts.values() for s in part]
    return out + links._anchor_sequences()


@SETTINGS
@given(st.data())
def test_sequences_match_their_grammar_and_the_prefilter_keeps_them(data):
    sequence = data.draw(st.sampled_from(all_sequences()))
    words = data.draw(words_matching(sequence))
    assert sequence.match(words) is not None, (sequence.spec, words)
    assert sequence.may_match(set(words)), (sequence.spec, words)


@SETTINGS
@given(st.data())
def test_whatever_a_sequence_matches_passes_its_prefilter(data):
    sequence = data.draw(st.sampled_from(all_sequences()))
    vocabulary = sorted({w for phrases in sequence.lexicon.phrases.values() for p in phrases for w in p})
    word = st.one_of(FILLER, st.sampled_from(vocabulary),
                     st.sampled_from(vocabulary).map(lambda w: w[:len(w) // 2] + w[len(w) // 2 + 1:]))
    words = data.draw(st.lists(word, max_size=25))
    if sequence.match(words) is not None:
        assert sequence.may_match(set(words))


@SETTINGS
@given(st.data())
def test_promotional_sentences_pass_the_rule_prefilter(data):
    lang = data.draw(st.sampled_from(LANGUAGES))
    offer = data.draw(st.sampled_from(lang.parts["offer"] + lang.parts["questions"]))
    invite = data.draw(st.sampled_from(lang.parts["invite"]))
    words = data.draw(words_matching(offer)) + ["nimbus", "xl"] + data.draw(words_matching(invite))
    sentence = " ".join(words)
    assert promo.promotional(sentence)
    # The document-level and sentence-level prefilters of the rule keep it.
    assert lang.may_match(set(words_of(as_plain(sentence))))


def _patterns() -> list[tuple[str, str, list]]:
    """(name, regular expression, requirements) of every template the rules prefilter."""
    d = title_data()
    out = [(template, expanded, list(reqs)) for template, expanded, reqs in d.templates]
    g = genre.data()
    out.append(("stock opening", g.stock.pattern, list(g.stock_needs)))
    out.append(("leaked reasoning", g.reasoning.pattern, list(g.reasoning_needs)))
    return out


PATTERNS = _patterns()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_template_prefilters_keep_what_the_templates_match(data):
    name, pattern, needs = data.draw(st.sampled_from(PATTERNS))
    flags = re.I if name not in ("stock opening", "leaked reasoning") else 0
    text = data.draw(st.from_regex(re.compile(pattern, flags), fullmatch=name not in ("stock opening",
                                                                                       "leaked reasoning")))
    folded = fold(text)
    import regex

    matched = regex.compile(pattern, regex.I).search(folded) or regex.compile(pattern, regex.I).search(text)
    assume(matched)
    assert may_contain(folded, needs), (name, text)


def test_requirements_are_read_from_the_template():
    slots = {"NUM": "(?:\\d{1,3}|one|two)", "X": "(?P<x>.+?)"}
    assert template_requirements("{NUM} habits of (?:highly|very) effective {X}", slots) == [
        tuple("0123456789") + ("one", "two"), ("habits",), ("of",), ("highly", "very"), ("effective",)]
    assert template_requirements("the pain of {X}(?: revealed)?", slots) == [("the",), ("pain",), ("of",)]
    # A look-around consumes nothing, and an optional last letter is not required.
    assert template_requirements("(?<![a-z])tips?(?= for)") == [("tip",)]
    # Words of any script are read; capitals are compared folded.
    assert template_requirements("(?:\u00davod|Einleitung)") == [("\u00favod", "einleitung")]


def test_dropped_letters_in_a_closer_reach_the_grammar():
    # A closer with letters missing from its longest words: the prefilter keeps it and the grammar reads it.
    sentence = "if you liked this article and want more etails regarding nimbus xl please vist our own web site"
    assert promo.promotional(sentence)
    assert any(lang.may_match(set(words_of(sentence))) for lang in LANGUAGES)
