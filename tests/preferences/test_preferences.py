"""Bigger text, strong colours, pictures off, audio by itself, slower voice: kept in a cookie."""

from __future__ import annotations

from tests.helpers import Browser
from tests.respond.journey import begin

DEFAULTS = {
    "text": "normal",
    "contrast": "normal",
    "pictures": "on",
    "autoplay": "off",
    "speech": "normal",
    "listen_buttons": "small",
    "say_answer": "on",
}


def _choose(client: Browser, back: str, **choices: str) -> None:
    page = client.get(f"/preferences?next={back}")
    page = client.submit(page, {**DEFAULTS, **choices})
    assert page.url == back


def test_preferences_page_is_reachable_from_every_page(client: Browser) -> None:
    page = begin(client)
    link = page.link("Change how this looks and sounds")
    page = client.get(link)
    assert page.h1 == "Change how this looks and sounds"
    assert len(page.soup.find_all("fieldset")) == 7


def test_bigger_text_strong_colours_and_no_pictures_apply_to_every_page(client: Browser) -> None:
    _choose(client, "/help", text="larger", contrast="high", pictures="off")
    for url in ("/", "/help", "/who"):
        classes = client.get(url).soup.html["class"]
        assert {"text-larger", "contrast-high", "pictures-off"} <= set(classes)


def test_there_are_three_text_sizes(client: Browser) -> None:
    page = client.get("/preferences")
    sizes = [i["value"] for i in page.soup.find_all("input", attrs={"name": "text"})]
    assert sizes == ["normal", "large", "larger"]


def test_audio_plays_by_itself_only_when_chosen(client: Browser) -> None:
    page = begin(client)
    assert not page.soup.find("audio", attrs={"autoplay": True})
    _choose(client, page.url, autoplay="on")
    page = client.get(page.url)
    autoplaying = page.soup.find_all("audio", attrs={"autoplay": True})
    assert len(autoplaying) == 1, "only the statement plays by itself"


def test_slower_speech_uses_the_slower_clips(client: Browser) -> None:
    page = begin(client)
    normal = page.audio_sources()
    _choose(client, page.url, speech="slow")
    slow = client.get(page.url).audio_sources()
    assert len(slow) == len(normal)
    assert set(slow).isdisjoint(normal)


def test_a_bad_choice_is_refused_and_the_cookie_is_unchanged(client: Browser) -> None:
    page = client.get("/preferences")
    page = client.submit(page, {**DEFAULTS, "text": "enormous"}, status=400)
    assert "Choose one of the answers on this page." in page.text
    assert "text-normal" in client.get("/").soup.html["class"]


def test_going_back_only_goes_to_pages_on_this_site(client: Browser) -> None:
    page = client.get("/preferences?next=https://example.org/")
    page = client.submit(page, DEFAULTS)
    assert page.url == "/"


def test_a_broken_cookie_falls_back_to_the_defaults(client: Browser) -> None:
    client.client.set_cookie("preferences", "{not json")
    assert "text-normal" in client.get("/").soup.html["class"]


def test_speakers_and_saying_the_answer_are_on_until_turned_off(client: Browser) -> None:
    body = client.get("/").soup.body
    assert (body["data-listen-buttons"], body["data-say-answer"]) == ("small", "on")
    _choose(client, "/", listen_buttons="none", say_answer="off")
    body = client.get("/").soup.body
    assert (body["data-listen-buttons"], body["data-say-answer"]) == ("none", "off")


def test_a_preferences_form_from_before_the_speaker_choices_keeps_them(client: Browser) -> None:
    _choose(client, "/", listen_buttons="none")
    older = {name: value for name, value in DEFAULTS.items() if name != "listen_buttons"}
    page = client.get("/preferences?next=/")
    client.submit(page, {**older, "text": "large"})
    page = client.get("/")
    assert "text-large" in page.soup.html["class"]
    assert page.soup.body["data-listen-buttons"] == "none"


def test_each_sentence_keeps_its_player_without_javascript(client: Browser) -> None:
    page = begin(client)
    players = page.soup.select("main .listen audio[controls]")
    assert len(players) >= 8
    assert all(p["aria-label"].startswith("Listen: ") for p in players)
    assert page.soup.select_one("template#read-page button[aria-pressed=false]"), "no reader"


def test_a_problem_on_the_page_can_be_heard(client: Browser) -> None:
    page = client.get("/preferences")
    page = client.submit(page, {**DEFAULTS, "text": "enormous"}, status=400)
    summary = page.soup.select_one(".error-summary")
    labels = [audio["aria-label"] for audio in summary.select(".listen audio")]
    assert labels == [
        "Listen: There is a problem",
        "Listen: Choose one of the answers on this page.",
    ]
