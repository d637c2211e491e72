"""Real browser at phone size (390 x 844): every chart title and the sentences under it on the
Progress and Outcomes pages fit the screen (they wrap; nothing is cut off), and each title
sits wholly above its chart, where no tool bar can cover it; each standard test's results sit
inside their chart with room to spare; the tables of short rows fit the screen; no heading
shows a link icon; and the patient's Upload page reads at WCAG AA contrast (4.5:1 or more).

Runs ``coach app`` on a demo clinic to which a few weeks of outcome measures were added, so the
Outcomes page draws its charts too. Screenshots go to ``artifacts/phone-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.store import Actor, ClinicService, open_database
from coach.store.demo import seed_demo
from tests.e2e import browser
from tests.support.outcome_history import record_outcome_history

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

PHONE_PX = (390, 844)
#: Per chart on the page: its title (the element before it) and its captions (those after it),
#: each with its box, whether its text overflows the box, and whether it is on the screen.
CHART_TEXTS_JS = """
const out = [];
for (const chart of document.querySelectorAll("[data-testid='stPlotlyChart']")) {
  const holder = chart.closest("[data-testid='stElementContainer']");
  const box = holder.getBoundingClientRect();
  if (box.width === 0) continue;  // in a tab that is not open
  const texts = [];
  const title = holder.previousElementSibling;
  texts.push(["title", title]);
  let next = holder.nextElementSibling;
  while (next && next.querySelector("[data-testid='stCaptionContainer']")) {
    texts.push(["caption", next]);
    next = next.nextElementSibling;
  }
  for (const [kind, el] of texts) {
    const r = el.getBoundingClientRect();
    const inner = el.querySelector("p, [data-testid='stCaptionContainer']") || el;
    out.push({kind: kind, text: el.innerText.trim(), left: r.left, right: r.right,
              top: r.top, bottom: r.bottom, overflows: inner.scrollWidth > inner.clientWidth + 1,
              chart: holder.getBoundingClientRect().top});
  }
}
return out;
"""

#: Per Markdown table: its box, and whether its content is wider than that box.
TABLES_JS = """
return [...document.querySelectorAll("[data-testid='stMarkdownContainer'] table")].map(t => {
  const r = t.getBoundingClientRect();
  return {head: t.rows[0].innerText.replace(/\\s+/g, " "), left: r.left, right: r.right,
          scrolls: t.scrollWidth > t.clientWidth + 1};
});
"""

#: Heading link icons that can be seen.
HEADING_ICONS_JS = """
return [...document.querySelectorAll("[data-testid='stHeaderActionElements']")]
  .filter(e => e.getBoundingClientRect().width > 0).length;
"""

#: WCAG contrast of each visible text element of the main column against the background it
#: sits on (the nearest ancestor's that is not transparent, over the white page): its
#: colour's alpha and every ancestor's opacity are applied first.
CONTRAST_JS = """
const lum = c => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const out = [];
const main = document.querySelector("[data-testid='stMain']");
for (const el of main.querySelectorAll("p, li, h1, h2, h3, label, span")) {
  const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("").trim();
  const box = el.getBoundingClientRect();
  if (!text || box.width === 0) continue;
  const rgba = css => css.match(/[\\d.]+/g).map(Number);
  const [r, g, b, a = 1] = rgba(getComputedStyle(el).color);
  let alpha = a;
  let back = [255, 255, 255];
  for (let e = el, found = false; e; e = e.parentElement) {
    alpha *= Number(getComputedStyle(e).opacity);
    const [br, bg, bb, ba = 1] = rgba(getComputedStyle(e).backgroundColor);
    if (!found && ba > 0) {
      back = [br, bg, bb].map(c => c * ba + 255 * (1 - ba));
      found = true;
    }
  }
  const shown = [r, g, b].map((c, i) => c * alpha + back[i] * (1 - alpha));
  const luminance = ([x, y, z]) => 0.2126 * lum(x) + 0.7152 * lum(y) + 0.0722 * lum(z);
  const [light, dark] = [luminance(back), luminance(shown)].sort((p, q) => q - p);
  out.push({text: text.slice(0, 60), ratio: (light + 0.05) / (dark + 0.05)});
}
return out;
"""

#: Per chart in the open tab of the standard tests: where each result marker sits, as a share
#: of the plot's height from its top.
TAB_MARKERS_JS = """
const out = [];
const charts = "[data-testid='stTabs'] [data-testid='stPlotlyChart']";
for (const chart of document.querySelectorAll(charts)) {
  const area = chart.querySelector(".draglayer .nsewdrag");
  if (!area || area.getBoundingClientRect().width === 0) continue;
  const r = area.getBoundingClientRect();
  for (const point of chart.querySelectorAll(".scatterlayer .point")) {
    const p = point.getBoundingClientRect();
    out.push(((p.top + p.bottom) / 2 - r.top) / r.height);
  }
}
return out;
"""
#: Room a result keeps from the top and bottom edges of its chart, as a share of its height.
MARKER_ROOM = 0.08

SVG_TITLES_JS = "return [...document.querySelectorAll('.gtitle')].map(t => {" \
    "const r = t.getBoundingClientRect(); return {left: r.left, right: r.right};});"


def _plots(driver: Any) -> int:
    from selenium.webdriver.common.by import By

    return len(driver.find_elements(By.CSS_SELECTOR, "[data-testid='stPlotlyChart'] .main-svg"))


def _check_page(driver: Any, page: str, first_title: str, charts: int) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.open_page(driver, page)
    browser.wait_for_text(driver, first_title)
    WebDriverWait(driver, 60).until(lambda d: _plots(d) >= charts)
    browser.wait_until_idle(driver)
    texts = driver.execute_script(CHART_TEXTS_JS)
    width = driver.execute_script("return document.documentElement.clientWidth;")
    titles = [t["text"] for t in texts if t["kind"] == "title"]
    assert len(titles) >= charts and all(titles), texts
    for text in texts:
        where = f"{page}: {text['kind']} {text['text']!r}"
        assert text["left"] >= 0 and text["right"] <= width, f"{where} is wider than the screen"
        assert not text["overflows"], f"{where} is cut off"
    # A title drawn inside a figure (Plotly never wraps it) must fit its chart as well.
    for box in driver.execute_script(SVG_TITLES_JS):
        assert box["left"] >= 0 and box["right"] <= width, f"{page}: a chart's own title is cut"
    # Tool bars live on the chart itself (Streamlit's on hover; Plotly's is switched off), so a
    # title wholly above its chart is never covered.
    for title in (t for t in texts if t["kind"] == "title"):
        assert title["bottom"] <= title["chart"], f"{page}: {title['text']!r} overlaps its chart"
    assert not driver.find_elements(By.CSS_SELECTOR, ".modebar-btn")  # no Plotly tool bar
    assert driver.execute_script(HEADING_ICONS_JS) == 0, f"{page}: a heading shows a link icon"
    for table in driver.execute_script(TABLES_JS):
        assert table["left"] >= 0 and table["right"] <= width, f"{page}: {table} is too wide"
    return titles


def _check_test_tabs(driver: Any) -> list[str]:
    """Open each standard test's tab on Outcomes: its results sit inside the chart with room,
    and its table of readings fits the screen without scrolling sideways (the text wraps)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    names = []
    for tab in driver.find_elements(By.CSS_SELECTOR, "[data-testid='stTabs'] [role='tab']"):
        names.append(tab.text)
        driver.execute_script("arguments[0].click();", tab)
        browser.wait_until_idle(driver)
        where = WebDriverWait(driver, 60).until(lambda d: d.execute_script(TAB_MARKERS_JS))
        assert where and all(MARKER_ROOM <= y <= 1 - MARKER_ROOM for y in where), (tab.text, where)
        tables = driver.execute_script(TABLES_JS)
        readings = [t for t in tables if "Result against norms" in t["head"]]
        assert readings and not any(t["scrolls"] for t in readings), (tab.text, readings)
    return names


def _check_upload_page(server: browser.AppServer) -> None:
    """The patient's Upload page: its text at 4.5:1 or more, no heading link icon."""
    with browser.chromium(window_px=PHONE_PX) as driver:
        browser.sign_in(driver, server.url, "demo_ana", "demo-ana-pw")
        browser.wait_until_idle(driver)
        browser.open_page(driver, "Upload a video")
        browser.wait_for_text(driver, "No camera?")
        browser.wait_until_idle(driver)
        texts = driver.execute_script(CONTRAST_JS)
        assert any(t["text"].startswith("No camera?") for t in texts), texts
        low = [t for t in texts if t["ratio"] < 4.5]
        assert not low, f"Upload: text below 4.5:1 contrast: {low}"
        assert driver.execute_script(HEADING_ICONS_JS) == 0
        browser.save_screenshot(driver, "phone-upload")


def test_chart_titles_and_summaries_fit_a_phone_screen(tmp_path: Path) -> None:
    browser.require_chromium()
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    db = open_database(url)
    try:
        seed_demo(db)
        clinic = ClinicService(db, Actor.system("test"))
        ana = clinic.accounts.find_user("demo_ana")
        record_outcome_history(clinic, ana.id, "Climbing the stairs up to the third floor")
    finally:
        db.close()
    with (
        browser.app_server(url, log_name="phone-charts-e2e.log") as server,
        browser.chromium(window_px=PHONE_PX) as driver,
    ):
        browser.sign_in(driver, server.url, "demo_therapist", "demo-therapist-pw")
        browser.wait_until_idle(driver)
        progress = _check_page(driver, "Progress", "Sessions done per day", charts=3)
        # The long one that used to be cut at this width.
        assert any(t.endswith(": reps per session vs prescription") for t in progress), progress
        browser.save_screenshot(driver, "phone-progress")
        driver.set_window_size(*PHONE_PX)
        outcomes = _check_page(driver, "Outcomes", "Pain (0-10)", charts=3)
        # The first test's chart is shown (the demo gives Ana the chair stand too).
        assert {"30-second chair stand", "Pain (0-10)",
                "PSFS (0 = unable, 10 = as before)"} <= set(outcomes)  # fmt: skip
        tests = _check_test_tabs(driver)
        assert {"30-second chair stand", "Five times sit-to-stand"} <= set(tests), tests
        browser.save_screenshot(driver, "phone-outcomes")
        _check_upload_page(server)
