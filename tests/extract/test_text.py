"""Folding, phrase matching, sentence splitting and the PLOVER tables."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from blocwatch.extract.coder import mode_of
from blocwatch.extract.lexicon import PhraseMatcher, fold, inflect, tokenize
from blocwatch.extract.plover import EVENT_TYPES, QUAD, modernize, quad_of, score_of
from blocwatch.extract.sentences import split_sentences
from blocwatch.extract.triggers import lexicon


def test_fold_strips_accents_and_case() -> None:
    assert fold("Brasília, CANCILLER, Ação") == "brasilia, canciller, acao"


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_tokens_are_slices_of_the_text(text: str) -> None:
    low = fold(text)
    for token in tokenize(low):
        assert low[token.start : token.end] == token.text


def test_inflect_regular_and_irregular() -> None:
    assert inflect("agree") == ["agree", "agrees", "agreed", "agreeing"]
    assert inflect("deny") == ["deny", "denies", "denied", "denying"]
    assert "met" in inflect("meet")


def test_phrase_matcher_prefers_longest_and_respects_words() -> None:
    matcher = PhraseMatcher([("cooperat*", "C"), ("call~ for", "R"), ("call~ for talks", "A"), ("aid", "AID")])
    found = matcher.find("They called for talks on cooperation, not raids.")
    assert [(m.payload, m.pattern) for m in found] == [("A", "call~ for talks"), ("C", "cooperat*")]


def test_trigger_lexicons_load_for_three_languages() -> None:
    assert [t.type for t in lexicon("en").triggers("Troops attacked the town.")] == ["ASSAULT"]
    assert [t.type for t in lexicon("es").triggers("El gobierno rechazó el plan.")] == ["REJECT"]
    assert [t.type for t in lexicon("pt").triggers("Os estudantes protestaram em Brasília.")] == ["PROTEST"]
    assert lexicon("es").future_form("establecerá")
    assert not lexicon("es").future_form("establece")


def test_sentences_with_offsets() -> None:
    text = 'Mr. Lavrov spoke in Moscow. "Russia is ready," he said. The U.S. objected!\n\nNew paragraph'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Lavrov spoke in Moscow.",
        '"Russia is ready," he said.',
        "The U.S. objected!",
        "New paragraph",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


@given(st.text(max_size=400))
def test_sentence_offsets_always_match(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_plover_tables() -> None:
    assert len(EVENT_TYPES) == 16 and set(QUAD) == set(EVENT_TYPES)
    assert quad_of("SANCTION") == "MATERIAL_CONFLICT"
    assert score_of("ASSAULT", "unconventional") == -10.0
    assert score_of("AID") == 10.0
    assert all(-10 <= score_of(t) <= 10 for t in EVENT_TYPES)
    assert modernize("DEMAND") == "REQUEST" and modernize("FIGHT") == "ASSAULT" and modernize("DOCUMENT") is None


def test_modes_from_trigger_words() -> None:
    assert mode_of("CONSULT", ["spoke", "by", "telephone"]) == "phone"
    assert mode_of("COERCE", ["detuvieron"]) == "arrest"
    assert mode_of("PROTEST", ["greve"]) == "strike"
    assert mode_of("ASSAULT", ["airstrikes"]) == "aerial"
    assert mode_of("AGREE", ["agreed"]) is None
    assert score_of("PROTEST", mode_of("PROTEST", ["riots"])) == -7.0
