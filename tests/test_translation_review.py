"""Each translation error the content review (2026-12, section 5) found stays fixed.

Every case names the review's finding and the wrong words; a case fails if those words come back
anywhere in that language's interface catalogue (translations/LANG/.../messages.po) or content
texts (content/translations/LANG.yaml). Checking every text, not one entry, keeps a case working
when an English msgid or a statement id changes and the translation moves with it.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml
from babel.messages.pofile import read_po

from portal.config import PROJECT_ROOT

CATALOGUE = "catalogue"
CONTENT = "content"

# (finding in the review, language, where, wrong words)
WRONG_WORDS = [
    # 5.1 Welsh
    ("cy: 'said No/Yes' must quote the answer word", "cy", CATALOGUE, "o bob 10 o bobl"),
    ("cy: 'People answered from…' is a fragment", "cy", CATALOGUE, "Pryd atebodd pobl:"),
    ("cy: 'awtomatig' is harder than the English", "cy", CATALOGUE, "awtomatig"),
    ("cy: 'hwn' in 'Change how this looks' has no referent", "cy", CATALOGUE, "sut mae hwn yn"),
    ("cy: 'profiad bywyd' copies 'lived experience'", "cy", CATALOGUE, "profiad bywyd"),
    ("cy: button name 'Parhau gyda fy nghod' unquoted", "cy", CATALOGUE, "Dewiswch Parhau"),
    ("cy: button name 'Person nesaf' unquoted", "cy", CATALOGUE, "pwyswch Person nesaf"),
    ("cy: awkward possessive 'fy aelod o'r teulu'", "cy", CONTENT, "fy aelod o'r teulu"),
    ("cy: 'popeth' (everything) overstates", "cy", CONTENT, "popeth sydd ei angen"),
    ("cy: police, courts and prison without articles", "cy", CONTENT, "Yr heddlu, llysoedd"),
    # 5.2 Polish
    ("pl: 'w tym miesiącu' means THIS month", "pl", CATALOGUE, "w tym miesiącu"),
    ("pl: masculine-only 'członkiem rodziny albo opiekunem'", "pl", CATALOGUE, "opiekunem"),
    ("pl: masculine 'dałeś'", "pl", CATALOGUE, "dałeś"),
    ("pl: 'Czas odpowiedzi' reads as response time", "pl", CATALOGUE, "Czas odpowiedzi"),
    ("pl: 'Co się wydarzyło' sounds like an incident", "pl", CATALOGUE, "Co się wydarzyło"),
    ("pl: button name 'Następna osoba' unquoted", "pl", CATALOGUE, "naciśnij Następna"),
    ("pl: reflexive 'swój' expected in 'kod twojej grupy'", "pl", CATALOGUE, "kod twojej grupy"),
    ("pl: reflexive 'swój' expected in 'moje cele'", "pl", CONTENT, "osiągnąć moje cele"),
    ("pl: reflexive 'swój' expected in 'moje leki'", "pl", CONTENT, "Rozumiem moje leki"),
    ("pl: reflexive 'swój' expected in 'moją historię'", "pl", CONTENT, "opowiadać moją historię"),
    ("pl: awkward nominal 'Pomoc dla mnie jako rodzica'", "pl", CONTENT, "jako rodzica przyszła"),
    ("pl: passive 'wsparcie zostanie odebrane'", "pl", CONTENT, "zostanie odebrane"),
    # 5.3 Urdu
    ("ur: 'It is not your fault' says 'mistake' (غلطی)", "ur", CONTENT, "آپ کی غلطی"),
    ("ur: '…said No' reads as 'did not say'", "ur", CATALOGUE, "لوگوں نے نہیں کہا"),
    ("ur: '…said Yes' must quote the answer word", "ur", CATALOGUE, "لوگوں نے ہاں کہا"),
    ("ur: reflexive اپنی points to the helper", "ur", CONTENT, "اپنی بات کہنے میں میری مدد"),
    ("ur: calque 'in difficulty together with the police'", "ur", CONTENT, "پولیس کے ساتھ مشکل"),
    ("ur: 'کام کرنے سے' reads as 'from working'", "ur", CONTENT, "کام کرنے سے روکا"),
    (
        "ur: 22-word sentence about meeting other carers",
        "ur",
        CONTENT,
        "کرتے ہیں اور میری بات سمجھتے",
    ),
    ("ur: hard word صلاحیتوں", "ur", CONTENT, "صلاحیتوں"),
    ("ur: subjunctive heading 'let my words be heard'", "ur", CONTENT, "میری بات سنی جائے"),
    ("ur: unvocalised مقرر is also 'speaker'", "ur", CATALOGUE, "مقرر شخص"),
    ("ur: formal متفق in 'I agree'", "ur", CATALOGUE, "متفق"),
    ("ur: formal مطمئن in 'When you are happy'", "ur", CATALOGUE, "مطمئن"),
    # 5.4 Gujarati
    ("gu: 'Next person' says 'previous person' (આગલી)", "gu", CATALOGUE, "આગલી"),
    ("gu: 'પહેલાં' also means 'earlier'", "gu", CATALOGUE, "પહેલાં પરિણામો"),
    ("gu: વાગવું is for bells and music", "gu", CATALOGUE, "આપોઆપ વાગે"),
    ("gu: formal word પ્રામાણિક", "gu", CONTENT, "પ્રામાણિક"),
    # 5.5 Punjabi
    ("pa: '…said No' reads as 'did not say'", "pa", CATALOGUE, "ਲੋਕਾਂ ਨੇ ਨਹੀਂ ਕਿਹਾ"),
    ("pa: '…said Yes' must quote the answer word", "pa", CATALOGUE, "ਲੋਕਾਂ ਨੇ ਹਾਂ ਕਿਹਾ"),
    ("pa: pronoun muddle in 'lived experience' line", "pa", CATALOGUE, "ਹੰਢਾਉਣ ਵਾਲੇ ਲੋਕਾਂ ਦਾ ਇੱਕ ਸਮੂਹ"),
    ("pa: button name 'ਸੁਣੋ' unquoted", "pa", CATALOGUE, "ਖ਼ੁਦ ਸੁਣੋ ਦਬਾਵਾਂ"),
    ("pa: button name 'ਅੱਗੇ' unquoted", "pa", CATALOGUE, "ਫਿਰ ਅੱਗੇ ਦਬਾਓ"),
    ("pa: ਗਲਤ without the nukta", "pa", CATALOGUE, "\u0a17\u0a32\u0a24"),
    ("pa: without ਮੇਰੀ ਮਦਦ the helper speaks for me", "pa", CONTENT, "ਗੱਲ ਕਹਿਣ ਵਿੱਚ ਮਦਦ ਕਰਦਾ"),
    ("pa: clunky 'trust my own decisions'", "pa", CONTENT, "ਲੈਣ ਉੱਤੇ ਭਰੋਸਾ"),
    ("pa: agreement ਹੱਥ ਫੜੀ", "pa", CONTENT, "ਹੱਥ ਫੜੀ"),
]

# (finding, language, English msgid, the whole wrong translation)
WRONG_WHOLE_MESSAGES = [
    ("ur: 'We did:' reads as 'what did we'", "ur", "We did:", "ہم نے کیا:"),
    ("gu: 'We did:' has no object", "gu", "We did:", "અમે કર્યું:"),
    ("pa: 'We did:' has no object", "pa", "We did:", "ਅਸੀਂ ਕੀਤਾ:"),
    ("gu: 'Back' says 'behind' (પાછળ)", "gu", "Back", "પાછળ"),
]


@cache
def _catalogue(language: str) -> dict[str, tuple[str, ...]]:
    """Every msgstr of a language's interface catalogue, by English msgid (not obsolete ones)."""
    path = PROJECT_ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalogue = read_po(file)
    found = {}
    for message in catalogue:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found[msgid] = tuple(strings)
    return found


@cache
def _content_texts(language: str) -> dict[str, str]:
    """Every translated content text of a language, by key."""
    path = PROJECT_ROOT / "content" / "translations" / f"{language}.yaml"
    texts = yaml.safe_load(path.read_text(encoding="utf-8"))["texts"]
    return {key: str(entry.get("text") or "") for key, entry in texts.items()}


def _texts(language: str, where: str) -> dict[str, str]:
    if where == CONTENT:
        return _content_texts(language)
    return {msgid: " | ".join(strings) for msgid, strings in _catalogue(language).items()}


@pytest.mark.parametrize(
    ("finding", "language", "where", "wrong"), WRONG_WORDS, ids=[c[0] for c in WRONG_WORDS]
)
def test_wrong_words_the_review_found_do_not_come_back(
    finding: str, language: str, where: str, wrong: str
) -> None:
    found = [key for key, text in _texts(language, where).items() if wrong in text]
    assert found == [], f"{finding}: {wrong!r} is back in {found}"


@pytest.mark.parametrize(
    ("finding", "language", "msgid", "wrong"),
    WRONG_WHOLE_MESSAGES,
    ids=[c[0] for c in WRONG_WHOLE_MESSAGES],
)
def test_wrong_short_messages_do_not_come_back(
    finding: str, language: str, msgid: str, wrong: str
) -> None:
    strings = _catalogue(language)[msgid]
    assert all(string and string != wrong for string in strings), finding


def test_gujarati_next_person_says_next() -> None:
    assert _catalogue("gu")["Next person"] == ("પછીની વ્યક્તિ",)
    (hand_back,) = _catalogue("gu")["Please give the tablet back, or press Next person."]
    assert "પછીની વ્યક્તિ" in hand_back


def test_urdu_safety_page_says_it_is_not_your_fault_not_your_mistake() -> None:
    fault = [text for text in _content_texts("ur").values() if "قصور" in text]
    assert "یہ آپ کا قصور نہیں ہے۔" in fault


@pytest.mark.parametrize("language", ["ur", "pa"])
def test_said_yes_and_said_no_quote_the_answer_word(language: str) -> None:
    catalogue = _catalogue(language)
    for msgid in ("%(number)s out of 10 people said Yes.", "%(number)s out of 10 people said No."):
        (string,) = catalogue[msgid]
        assert re.search(r"'[^']+'", string), f"{language} {msgid!r}: {string!r}"


def test_polish_uses_lower_case_you_in_the_middle_of_a_sentence() -> None:
    capital = re.compile(r"(?<=[a-ząćęłńóśźż,:] )(Twój|Twoje|Twojego|Twoją|Twoich|Ciebie|Ci)\b")
    found = [
        string
        for strings in _catalogue("pl").values()
        for string in strings
        if capital.search(string)
    ]
    assert found == []
