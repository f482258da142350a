"""A shared preset link in fresh browsers: /step?preset=mazur opens his network (first loss 0.2984), the
sidebar's Copy link button puts the address on the clipboard, and that address opens the same again."""
import json
from urllib.parse import urlsplit

from playwright.sync_api import expect as eventually

from tests.e2e.conftest import WAIT_MS
from tests.e2e.words import en
from tests.helpers import MAZUR

MAZUR_FIRST_LOSS = ["0.2984", "0.2983711087600027"]  # shown at 4 digits, exact on hover
SIDEBAR = '[data-testid="stSidebar"]'
COPY = f"{SIDEBAR} button.copy"  # inside the component's shadow root, which Playwright's CSS pierces
PHONE, PROJECTOR = {"width": 390, "height": 844}, {"width": 1280, "height": 800}


def screens(app):
    """Yield "projector", then "phone" with the page resized to each; the phone's sidebar, closed there
    at first, is opened and done sliding in."""
    app.page.set_viewport_size(PROJECTOR)
    yield "projector"
    app.page.set_viewport_size(PHONE)
    app.page.locator('[data-testid="stExpandSidebarButton"]').click()
    app.page.wait_for_function(f"() => document.querySelector('{SIDEBAR}').getBoundingClientRect().left >= 0",
                               timeout=WAIT_MS)
    yield "phone"


def first_loss(app) -> list:
    """[shown, exact] of the loss in the sample panel after the first whole step."""
    app.click("step_whole")
    app.expect(en("step.sample"))
    return app.numbers(en("step.sample"))[-1]


def copy_link(app) -> str:
    """Click Copy link and return what the clipboard then holds."""
    app.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.server.url)
    app.page.locator(COPY).click()
    eventually(app.page.locator(f"{SIDEBAR} .status")).to_have_text(en("link.copied"), timeout=WAIT_MS)
    return app.page.evaluate("navigator.clipboard.readText()")


def test_a_copied_preset_link_opens_mazurs_network_in_a_fresh_browser(new_app):
    app = new_app("/step?preset=mazur")
    app.expect_sidebar("2 → 2 → 2")
    assert first_loss(app) == MAZUR_FIRST_LOSS
    copied = copy_link(app)
    assert copied == app.page.url and urlsplit(copied).path == "/step" and "preset=mazur" in copied
    again = new_app(copied[len(app.server.url):])
    assert first_loss(again) == MAZUR_FIRST_LOSS


def test_the_copy_link_button_fits_the_sidebar_on_a_phone_and_a_projector(new_app, shots):
    app = new_app("/?preset=mazur")
    for name in screens(app):
        button = app.page.locator(COPY)
        eventually(button).to_be_in_viewport(timeout=WAIT_MS)
        eventually(button).to_contain_text(en("link.copy"))
        box, side = button.bounding_box(), app.page.locator(SIDEBAR).bounding_box()
        assert box["x"] >= side["x"] and box["x"] + box["width"] <= side["x"] + side["width"], name
        app.page.screenshot(path=str(shots / f"copy_link_{name}.png"))


def test_what_a_link_cannot_carry_is_in_view_beside_the_button(new_app, shots, tmp_path):
    edited = dict(MAZUR, W=[[[0.8, 0.20], [0.25, 0.30]], MAZUR["W"][1]])
    (tmp_path / "edited.json").write_text(json.dumps(edited))
    app = new_app("/")
    app.page.get_by_role("tab", name=en("build.tab_files")).click()
    app.upload("build_import_file", tmp_path / "edited.json")
    warning = app.page.locator(f'{SIDEBAR} [data-testid="stAlert"]')
    eventually(warning).to_contain_text(en("link.gap_weights"), timeout=WAIT_MS)
    for name in screens(app):
        eventually(app.page.locator(COPY)).to_be_in_viewport(timeout=WAIT_MS)
        eventually(warning).to_be_in_viewport()
        app.page.screenshot(path=str(shots / f"copy_link_warning_{name}.png"))
