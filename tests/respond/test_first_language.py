"""The first page follows the device's language when it is one of the portal's six."""

from __future__ import annotations

from tests.helpers import Browser, Page

URDU_HEADING = "اپنی دیکھ بھال کے بارے میں اپنی رائے دیں"


def _first_page(client: Browser, accept: str | None, url: str = "/") -> Page:
    headers = {"Accept-Language": accept} if accept is not None else {}
    response = client.client.get(url, headers=headers)
    return client._page(response, url, 200)


def _lang(page: Page) -> tuple[str, str]:
    root = page.soup.find("html")
    return root["lang"], root["dir"]


def test_an_urdu_device_gets_the_first_page_in_urdu_right_to_left(client: Browser) -> None:
    page = _first_page(client, "ur-PK,ur;q=0.9,en;q=0.5")
    assert _lang(page) == ("ur", "rtl")
    assert page.h1 == URDU_HEADING


def test_the_best_of_the_six_is_chosen_in_the_browsers_order(client: Browser) -> None:
    assert _lang(_first_page(client, "fr-FR,cy;q=0.8,pl;q=0.5"))[0] == "cy"


def test_an_unknown_or_broken_language_falls_back_to_english(client: Browser) -> None:
    for accept in ("fr-FR,de;q=0.9", "", "xx-;;q=bad", "*"):
        page = _first_page(client, accept)
        assert _lang(page) == ("en", "ltr"), accept
        assert page.h1 == "Have your say about your care"


def test_the_language_page_starts_on_the_devices_language(client: Browser) -> None:
    page = _first_page(client, "gu", "/language")
    assert page.soup.select_one("#language-gu").has_attr("checked")


def test_a_chosen_language_wins_over_the_device(client: Browser) -> None:
    page = client.get("/language")
    client.submit(page, {"language": "pl"})
    assert _lang(_first_page(client, "ur"))[0] == "pl"


def test_lang_in_the_address_wins_over_the_device(client: Browser) -> None:
    assert _lang(_first_page(client, "ur", "/?lang=cy"))[0] == "cy"
    assert _lang(_first_page(client, "ur"))[0] == "cy", "and is kept for the visit"


def test_staff_pages_stay_in_english(client: Browser) -> None:
    response = client.client.get("/staff/sign-in", headers={"Accept-Language": "ur"})
    assert 'lang="en"' in response.text
