"""The reading view in a real browser: Debian's chromium, headless, driven by Selenium.

``lexgraph serve`` runs as a subprocess and serves the communiqué together with a fixture
document whose text holds ``<script>`` and ``<img onerror>``. Screenshots are written to
``tests/artifacts/`` (not committed). With ``LEXGRAPH_SCREENSHOT=FILE`` the reading view's
screenshot is also copied to FILE: ``make screenshot`` regenerates docs/reading-view.png.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

from lexgraph import paths
from lexgraph.build import build_graph
from lexgraph.export import serialize
from lexgraph.namespaces import EUVOC_LANG
from tests.servers import require
from tests.test_serve_support import Served, lexgraph_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"
FIXTURES = Path(__file__).parent / "fixtures" / "serve"
FIXTURE = FIXTURES / "script-communique.txt"
ID = "https://w3id.org/lexgraph/id/"
WORK = "eli/communique/caracas/2011/12/03/"
WORK += "communique-special-sur-la-situation-des-droits-de-l-homme-des-personnes-migrantes"
SCRIPT_WORK = "eli/communique/caracas/2011/12/03/"
SCRIPT_WORK += "communique-special-script-alert-title-script-sur-la-solidarite"
LIMA = ID + "event/2011-06-27/lima/meeting"
SOLIDARITY = ID + "concept/principle/solidarity"

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ModuleNotFoundError:  # pragma: no cover
    webdriver = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve-browser")
    fixture = folder / "script-communique.ttl"
    graph = build_graph([FIXTURE]).graph
    _add_spanish_expression(graph, ID + SCRIPT_WORK)
    fixture.write_bytes(serialize(graph, "turtle"))
    data = [paths.data_dir() / paths.BUILT_GRAPH_NAME, fixture, FIXTURES / "links.ttl"]
    data += sorted(paths.ontology_dir().glob("*.ttl"))
    arguments = [argument for path in data for argument in ("--data", str(path))]
    with lexgraph_server(folder / "serve.log", arguments) as served:
        yield served


def _add_spanish_expression(graph: Graph, work: str) -> None:
    """Copy the French expression of ``work`` as a Spanish one (its text in capitals).

    The pipeline builds one language; this stands for a second language version of the same
    work, so that the side-by-side view is tested.
    """
    french = re.compile(r"/fra(?=/|$)")

    def swap(term: Any) -> Any:
        if isinstance(term, URIRef) and str(term).startswith(work) and french.search(str(term)):
            return URIRef(french.sub("/spa", str(term), count=1))
        return term

    for s, p, o in list(graph):
        s2, o2 = swap(s), swap(o)
        if (s2, o2) == (s, o):
            continue
        if isinstance(o2, Literal) and o2.language == "fr":
            o2 = Literal(str(o2).upper(), lang="es")
        if o2 == EUVOC_LANG.FRA:
            o2 = EUVOC_LANG.SPA
        graph.add((s2, p, o2))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(webdriver is not None, "selenium not installed: pip install -e '.[test]'")
    require(
        CHROMIUM.exists() and CHROMEDRIVER.exists(),
        "chromium not installed: apt-get install chromium chromium-driver",
    )
    profile = tempfile.mkdtemp(prefix="lexgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _screenshot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def _visible_paragraphs(driver: Any) -> list[str]:
    return [
        p.get_attribute("data-number")
        for p in driver.find_elements(By.CSS_SELECTOR, "li.paragraph")
        if p.is_displayed()
    ]


def test_paragraph_2_highlights_the_lima_meeting_which_opens_its_page(
    server: Served, browser: Any
) -> None:
    browser.set_window_size(1280, 1600)
    browser.get(f"{server.base}/id/{WORK}")
    assert browser.current_url.endswith(f"/page/{WORK}")  # the 303 to the HTML page
    meeting = browser.find_element(By.CSS_SELECTOR, f'#p2 .mention.k-meeting[data-entity="{LIMA}"]')
    assert meeting.is_displayed()
    assert meeting.text.startswith("Réunion régionale sur la protection")
    link = meeting.find_element(By.CSS_SELECTOR, ":scope > a.m-link")
    assert link.get_attribute("title").startswith("meeting: Réunion régionale")
    colour = meeting.value_of_css_property("background-color")
    plain = browser.find_element(By.CSS_SELECTOR, "#p2 .ptext").value_of_css_property(
        "background-color"
    )
    assert colour != plain  # highlighted
    # focusing the mention shows what it is
    browser.execute_script("arguments[0].focus()", link)
    tip = browser.execute_script(
        "return getComputedStyle(arguments[0], '::after').getPropertyValue('content')", link
    )
    assert "meeting: Réunion régionale" in tip
    shot = _screenshot(browser, "reading-view.png")
    target = os.environ.get("LEXGRAPH_SCREENSHOT")
    if target:
        shutil.copyfile(shot, target)
    link.click()
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/lima/meeting"))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "2011-06-27" in body and "2011-06-28" in body
    when = browser.find_element(By.CSS_SELECTOR, ".when").text
    assert when == "When: 2011-06-27 to 2011-06-28"
    places = browser.find_elements(By.CSS_SELECTOR, "ol.mentions li a")
    assert [a.text for a in places] == ["¶ 2"]
    target = places[0].get_attribute("href")
    assert re.search(rf"/page/{re.escape(WORK)}#m-2-fra-meeting-\d+-\d+$", target)
    anchor = target.split("#")[1]
    browser.find_element(By.CSS_SELECTOR, "ol.mentions li a").click()  # back to the text
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("#m-2-"))
    back = browser.find_element(By.ID, anchor)
    assert back.get_attribute("data-entity") == LIMA
    _screenshot(browser, "meeting-page.png")


def test_facet_panel_keeps_only_the_paragraphs_invoking_solidarity(
    server: Served, browser: Any
) -> None:
    browser.set_window_size(1280, 1600)
    browser.get(f"{server.base}/page/{WORK}")
    assert len(_visible_paragraphs(browser)) == 10
    box = browser.find_element(By.CSS_SELECTOR, f'input[name="principle"][value="{SOLIDARITY}"]')
    label = box.find_element(By.XPATH, "./ancestor::label")
    assert "solidarity" in label.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.send_keys(Keys.SPACE)  # from the keyboard
    WebDriverWait(browser, 10).until(lambda d: _visible_paragraphs(d) == ["7"])
    status = browser.find_element(By.ID, "facet-status").text
    assert status == "1 of 10 paragraphs shown"
    assert "principle=" in browser.current_url  # the filtered view can be shared
    _screenshot(browser, "reading-view-solidarity.png")
    label.click()  # untick with the mouse: every paragraph is back
    WebDriverWait(browser, 10).until(lambda d: len(_visible_paragraphs(d)) == 10)


def test_reading_view_fits_a_phone_screen(server: Served, browser: Any) -> None:
    browser.set_window_size(390, 844)
    try:
        browser.get(f"{server.base}/page/{WORK}")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0
        _screenshot(browser, "reading-view-phone.png")
    finally:
        browser.set_window_size(1280, 1600)


def test_text_with_script_is_shown_as_text_not_run(server: Served, browser: Any) -> None:
    browser.get(f"{server.base}/page/{SCRIPT_WORK}")
    title = browser.find_element(By.TAG_NAME, "h1").text
    assert title == 'Communiqué spécial <script>alert("title")</script> sur la solidarité'
    paragraph = browser.find_element(By.CSS_SELECTOR, "#p2 .ptext").text
    assert '<script>document.body.dataset.injected = "yes"</script>' in paragraph
    assert "<img src=x onerror=" in paragraph
    assert browser.execute_script("return document.body.dataset.injected") is None
    assert browser.find_elements(By.CSS_SELECTOR, "main script, main img") == []
    # the mention around the script still works
    solidarity = browser.find_element(By.CSS_SELECTOR, "#p2 .mention.k-principle")
    assert solidarity.text == "solidarité"
    _screenshot(browser, "script-document.png")


def test_script_text_is_escaped_in_the_html(server: Served) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{server.base}/page/{SCRIPT_WORK}", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "&lt;script&gt;document.body.dataset.injected" in page
    assert "<script>document" not in page and "<script>alert" not in page
    assert "<img src=x" not in page
    with urllib.request.urlopen(f"{server.base}/", timeout=30) as response:
        home = response.read().decode("utf-8")
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in home


def test_links_into_other_datasets_are_shown_and_only_http_is_linked(server: Served) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{server.base}/page/concept/principle/solidarity") as r:
        page = r.read().decode("utf-8")
    elsewhere = page.split('id="elsewhere"')[1].split("</section>")[0]
    assert 'href="http://example.org/other-thesaurus/solidarity"' in elsewhere
    assert "skos:closeMatch" in elsewhere
    assert "<code>javascript:alert(1)</code>" in elsewhere  # shown, never a link
    assert 'href="javascript' not in page
    with urllib.request.urlopen(f"{server.base}/page/place/lima") as r:
        assert 'href="http://example.org/other-dataset/lima"' in r.read().decode("utf-8")


def test_language_versions_are_shown_side_by_side(server: Served, browser: Any) -> None:
    browser.set_window_size(1280, 1600)
    browser.get(f"{server.base}/page/{SCRIPT_WORK}")
    versions = browser.find_elements(By.CSS_SELECTOR, "#p2 .version")
    assert [v.get_attribute("lang") for v in versions] == ["fr", "es"]
    french, spanish = versions
    assert french.location["y"] == spanish.location["y"]  # side by side
    assert french.location["x"] < spanish.location["x"]
    assert "RÉAFFIRMENT LA SOLIDARITÉ" in spanish.text
    mention = spanish.find_element(By.CSS_SELECTOR, ".mention.k-principle")
    assert mention.get_attribute("data-entity") == SOLIDARITY
    assert re.fullmatch(r"m-2-spa-principle-\d+-\d+", mention.get_attribute("id"))
    browser.get(f"{server.base}/page/{SCRIPT_WORK}?lang=spa")
    only = browser.find_elements(By.CSS_SELECTOR, "#p2 .version")
    assert [v.get_attribute("lang") for v in only] == ["es"]
