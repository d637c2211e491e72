"""Real browser at phone size (390 x 844): every chart title and the sentences under it on the
Progress and Outcomes pages fit the screen (they wrap; nothing is cut off), and each title
sits wholly above its chart, where no tool bar can cover it.

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
    return titles


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
        browser.save_screenshot(driver, "phone-outcomes")
