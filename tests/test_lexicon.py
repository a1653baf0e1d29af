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

import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spamgate.rules import genre, links, promo
from spamgate.rules._lexicon import Sequence, fold, leading_words, may_contain, template_requirements, words_of
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
    # Words as the plain view of a document shows them (the lexicon's spellings are in that form).
    words = data.draw(words_matching(offer)) + ["nimbus", "xl"] + data.draw(words_matching(invite))
    found = lang.lexicon.find(words)
    assert lang.first("invite", words, found) and (lang.first("offer", words, found)
                                                   or lang.first("questions", words, found))
    # The rule's prefilters keep it: the language's gate, and the document and sentence prefilter.
    assert all(not set(words).isdisjoint(needs) for part in promo.gate()[lang.name] for needs in part)
    assert lang.may_match(set(words))


def _patterns() -> list[tuple[str, str, list]]:
    """(name, regular expression, requirements) of every template the rules prefilter."""
    d = title_data()
    out = [(template, d.expanded(i), list(reqs)) for i, (template, reqs) in enumerate(d.templates)]
    g = genre.data()
    for name, alternatives in g.patterns.items():
        out += [(name, source, list(needs)) for source, needs in alternatives]
    return out


PATTERNS = _patterns()
GENRE_PATTERNS = set(genre.data().patterns)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_template_prefilters_keep_what_the_templates_match(data):
    name, pattern, needs = data.draw(st.sampled_from(PATTERNS))
    whole_title = name not in GENRE_PATTERNS
    text = data.draw(st.from_regex(re.compile(pattern, re.I if whole_title else 0), fullmatch=whole_title))
    folded = fold(text)
    if whole_title:  # a title template runs on the folded title
        assume(regex.compile(pattern, regex.I).fullmatch(folded))
    else:  # an alternative of a genre pattern runs on the text
        assume(regex.compile(pattern).search(text))
    assert may_contain(folded, needs), (name, text)


STARTED = [(source, starts) for name, alternatives in genre.data().patterns.items()
           for (source, _), starts in zip(alternatives, genre.data().starts.get(name, ())) if starts]
AROUND = st.text(alphabet="okay hmm, alright.\nUSER wants Me to write\u0130\u212a>!", max_size=40)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_matches_found_at_the_leading_words_are_the_matches_of_the_whole_text(data):
    # Texts with matches, pieces of them and near misses, side by side: trying a genre pattern only
    # where its leading words stand finds what a scan of every position finds.
    source, starts = data.draw(st.sampled_from(STARTED))
    pattern = regex.compile(source)
    pieces = data.draw(st.lists(st.one_of(AROUND, st.from_regex(re.compile(source[4:], re.I), fullmatch=True)),
                                max_size=4))
    text = " ".join(pieces).lower()
    folded = fold(text)
    assume(len(folded) == len(text) and "\u0130" not in text and "\u0307" not in text)
    expected = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in genre.matches_at(pattern, text, folded, starts)] == expected


def test_leading_words_are_read_from_the_template():
    assert genre.data().starts["reasoning"][0] == ("okay", "ok", "alright", "all right", "hmm")
    assert leading_words("(?:one|two) more") == ("one", "two")
    assert leading_words("tips? for") == ("tip",)
    # An optional or repeated opening group, or one that is not plain words, gives no leading words.
    assert leading_words("(?:so,? )?the user") is None
    assert leading_words("(?:one|two)? more") is None
    assert leading_words("</?think>") is None
    # Alternatives outside every group: a match may start with either.
    assert leading_words("(?:okay|ok) then|fine") is None
    assert leading_words("ok|fine") is None
    assert leading_words("ok (?:then|fine)") == ("ok ",)


def test_requirements_are_read_from_the_template():
    slots = {"NUM": "(?:\\d{1,3}|one|two)", "X": "(?P<x>.+?)"}
    # A digit may be of any script: \d requires nothing that could be listed, and so neither does {NUM}.
    assert template_requirements("{NUM} habits of (?:highly|very) effective {X}", slots) == [
        ("habits",), ("of",), ("highly", "very"), ("effective",)]
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
