"""`extract report`: the page's data, its summary, and the page itself in a headless Chromium."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extract.evaluate import GoldFile, evaluate, load_golds
from extract.records import Record
from extract.report import build_page, embed_json, report_command, write_report
from extract.report.page import iter_records

SCRIPT = "<script>window.__pwned = 1;</script>"
TEXT = (
    "2024年，合肥市庐阳区新签约项目92个，协议投资额227亿元。"
    + SCRIPT
    + "华夏银行提供贷款资金200万元，未来?年建成“项目为王”示范区。"
)


def span_of(fragment: str, after: int = 0) -> list[int]:
    start = TEXT.index(fragment, after)
    return [start, start + len(fragment)]


def mention(fragment: str) -> dict:
    return {"text": fragment, "span": span_of(fragment)}


def figure(text: str, value: int, unit: str, unit_kind: str, measure: str | None) -> dict:
    return {
        "text": text,
        "value": value,
        "unit": unit,
        "unit_kind": unit_kind,
        "measure": measure,
        "span": span_of(text),
    }


def article_record() -> dict:
    record = {
        "article_id": "a1b2c3d4e5f60718",
        "source": {
            "path": "corpus/101_luyang.txt",
            "encoding": "gb18030",
            "script": "traditional",
            "title": "</script><script>window.__pwned = 3;</script>庐阳区招商",
        },
        "reference_date": {"value": "2025-02-12", "inferred": False},
        "text": {"original": TEXT, "normalized": TEXT},
        "repairs": [
            {
                "kind": "script",
                "original_span": span_of("庐阳区"),
                "normalized_span": span_of("庐阳区"),
                "before": "廬陽區",
                "after": "庐阳区",
                "confidence": 0.99,
            }
        ],
        "unrecoverable": [
            {
                "original_span": span_of("?"),
                "normalized_span": span_of("?"),
                "context": "未来?年",
                "note": "a digit was destroyed",
            }
        ],
        "figures": [
            figure("92个", 92, "个", "count", "新签约项目"),
            figure("227亿元", 22700000000, "元", "currency", "协议投资额"),
            figure("200万元", 2000000, "元", "currency", "贷款资金"),
        ],
        "dates": [
            {
                "text": "2024年",
                "start": "2024-01-01",
                "end": "2024-12-31",
                "granularity": "year",
                "span": span_of("2024年"),
            }
        ],
        "organisations": [
            {"name": "华夏银行", "type": "bank", "aliases": [], "mentions": [mention("华夏银行")]},
            {"name": '<img src=x onerror="window.__pwned = 2">', "type": "other", "aliases": [], "mentions": []},
        ],
        "persons": [],
        "locations": [
            {"name": "合肥市", "mentions": [mention("合肥市")]},
            {"name": "庐阳区", "mentions": [mention("庐阳区")]},
        ],
        "policy_terms": [{"term": "项目为王", "kind": "slogan", "mentions": [mention("项目为王")]}],
    }
    return Record.model_validate(record).model_dump(mode="json")  # exactly as the pipeline writes it


def error_record() -> dict:
    return {
        "article_id": "ffff000011112222",
        "status": "error",
        "source": {"path": "corpus/102_broken.txt"},
        "errors": [{"stage": "read", "message": "cannot decode bytes"}],
    }


def write_records(folder: Path, records: list[dict]) -> Path:
    path = folder / "out.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ------------------------------------------------------------------ page data (no browser)


def test_embedded_json_cannot_close_the_script_block():
    embedded = embed_json({"text": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded and "\u2028" not in embedded
    assert json.loads(embedded)["text"].startswith("</script>")


def test_summary_counts_the_whole_batch(tmp_path):
    page, summary = build_page(
        iter_records(write_records(tmp_path, [article_record(), error_record()])), source="out.jsonl"
    )
    assert (summary["articles"], summary["ok"], summary["failures"], summary["repairs"]) == (2, 1, 1, 1)
    assert summary["types"]["figures"] == {"items": 3, "mentions": 3, "articles": 1}
    assert summary["types"]["locations"]["mentions"] == 2
    assert summary["top_organisations"][0]["name"] in ("华夏银行", '<img src=x onerror="window.__pwned = 2">')
    assert {(f["measure"], f["value"]) for f in summary["largest_figures"]} >= {("协议投资额", "22700000000")}
    assert summary["failed"] == [{"path": "corpus/102_broken.txt", "stage": "read", "message": "cannot decode bytes"}]
    assert "<script>window.__pwned" not in page  # the text is only in the escaped JSON block
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # nothing to fetch


def test_sample_embeds_n_articles_and_keeps_the_full_summary(tmp_path):
    records = [dict(article_record(), article_id=f"id{n:05d}") for n in range(50)] + [error_record()]
    out = tmp_path / "sample.html"
    summary = write_report(write_records(tmp_path, records), out, sample=7)
    assert summary["articles"] == 51 and summary["types"]["figures"]["items"] == 150
    meta, chunks = page_blocks(out.read_text(encoding="utf-8"))
    assert meta["meta"]["embedded"] == 7 and meta["meta"]["sampled"] and len(meta["index"]) == 7
    assert sum(len(c) for c in chunks) == 7


def page_blocks(page: str) -> tuple[dict, list[list[dict]]]:
    """The page's meta block and its article blocks, as the page's script reads them."""

    def block(opening: str, start: int) -> tuple[object, int]:
        begin = page.index(opening, start) + len(opening)
        end = page.index("</script>", begin)
        return json.loads(page[begin:end]), end

    chunks, position = [], 0
    while '<script type="application/json" class="report-chunk"' in page[position:]:
        opening_start = page.index('<script type="application/json" class="report-chunk"', position)
        opening = page[opening_start : page.index(">", opening_start) + 1]
        chunk, position = block(opening, opening_start)
        chunks.append(chunk)
    meta, _ = block('<script type="application/json" id="report-meta">', 0)
    return meta, chunks


def test_ten_thousand_articles_summarised_and_chunked(tmp_path):
    # Speed is a benchmark matter; here: the summary covers every article and the
    # article data is split into lazily parsed blocks.
    record = article_record()
    records = [(dict(record, article_id=f"{n:016x}"), "") for n in range(10_000)]
    page, summary = build_page(records, source="big.jsonl")
    assert summary["articles"] == 10_000 and summary["types"]["dates"]["items"] == 10_000
    meta, chunks = page_blocks(page)
    assert len(meta["index"]) == 10_000 and [len(c) for c in chunks] == [100] * 100


def test_command_writes_the_page(tmp_path):
    app = typer.Typer()
    app.command()(report_command)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, [str(write_records(tmp_path, [article_record()])), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 article(s)" in result.output and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ------------------------------------------------------------------ in a headless browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        )
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="report-test-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
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
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    out = folder / "report.html"
    write_report(write_records(folder, [article_record(), error_record()]), out)
    return out


@pytest.fixture
def page(browser, report_page):
    browser.get(report_page.as_uri())
    browser.execute_script("window.localStorage.clear()")
    browser.refresh()
    wait_for(browser, "return document.body.dataset.ready === 'true'")
    browser.get_log("browser")  # drop what the first load logged
    yield browser
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, severe


def wait_for(driver, script: str, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def open_first_article(driver, label: str = "庐阳区招商") -> None:
    css(driver, "#tab-articles")[0].click()
    link = [li for li in css(driver, ".article-link") if label in li.text][0]
    link.click()
    wait_for(driver, "return document.querySelector('#article-text').textContent.length > 0")


def test_summary_and_article_render_without_running_article_scripts(page):
    cards = {c.get_attribute("data-key"): c.find_element("css selector", "b").text for c in css(page, ".card")}
    assert (cards["articles"], cards["failures"], cards["repairs"]) == ("2", "1", "1")
    assert "华夏银行" in css(page, "#summary-view")[0].text
    open_first_article(page)
    assert page.execute_script("return document.querySelector('#article-text').textContent") == TEXT
    assert (
        page.execute_script("return document.querySelectorAll('#article-text script, #article-text img').length") == 0
    )
    assert page.execute_script("return window.__pwned") is None
    # Only the page's own blocks: one article chunk, the meta block and the page's script.
    kinds = page.execute_script("return Array.from(document.scripts, s => s.type + '#' + s.id + '.' + s.className)")
    assert kinds == ["application/json#.report-chunk", "application/json#report-meta.", "#."]
    assert "</script><script>" in css(page, "#article-title")[0].text  # the hostile title shows as text
    assert len(css(page, "#article-text .ent-figures")) == 3
    assert len(css(page, "#article-text .ent-organisations")) == 1
    assert css(page, "#article-text .repaired")[0].text == "庐阳区"
    assert css(page, "#article-text .lost")[0].text == "?"
    big = [n for n in css(page, "#article-text .ent-figures") if n.text == "227亿元"][0]
    assert "22700000000 元" in big.get_attribute("title") and "协议投资额" in big.get_attribute("title")
    year = css(page, "#article-text .ent-dates")[0]
    assert "2024-01-01 – 2024-12-31" in year.get_attribute("title")
    assert "onerror" in css(page, "#items-organisations")[0].text  # the hostile name shows as text


def test_highlights_filters_and_search_respond(page):
    open_first_article(page)
    big = [n for n in css(page, "#article-text .ent-figures") if n.text == "227亿元"][0]
    big.click()
    assert "selected" in css(page, 'tr[data-section="figures"][data-index="1"]')[0].get_attribute("class")
    css(page, 'tr[data-section="dates"][data-index="0"] td')[0].click()
    assert "selected" in css(page, "#article-text .ent-dates")[0].get_attribute("class")

    css(page, "#filter-figures")[0].click()
    assert len(css(page, "#article-text .ent-figures")) == 0
    assert not css(page, "#items-figures")[0].is_displayed()
    assert page.execute_script("return document.querySelector('#article-text').textContent") == TEXT
    css(page, "#filter-figures")[0].click()
    assert len(css(page, "#article-text .ent-figures")) == 3

    search = css(page, "#search")[0]
    search.send_keys("贷款资金")
    wait_for(page, "return document.querySelectorAll('#article-text .hit').length > 0")
    assert "1 of 2" in css(page, "#list-count")[0].text


def test_review_marks_export_gold_that_eval_accepts(page, tmp_path):
    open_first_article(page)
    css(page, 'tr[data-section="figures"][data-index="0"] .mark-right')[0].click()
    css(page, 'tr[data-section="figures"][data-index="1"] .mark-wrong')[0].click()
    css(page, 'tr[data-section="organisations"][data-index="0"] .mark-right')[0].click()
    form = css(page, '.add-form[data-section="organisations"]')[0]
    form.find_element("css selector", "summary").click()
    form.find_element("css selector", 'input[name="name"]').send_keys("庐阳区发展改革委")
    form.find_element("css selector", 'select[name="type"] option[value="government"]').click()
    form.find_element("css selector", 'input[name="aliases"]').send_keys("庐阳区发改委、发改委")
    form.find_element("css selector", ".add-item").click()
    assert "庐阳区发展改革委" in css(page, "tr.added")[0].text

    css(page, "#export-article")[0].click()
    gold = json.loads(css(page, "#export-output")[0].get_attribute("value"))
    GoldFile.model_validate(gold)
    assert gold["article"] == "101_luyang.txt" and gold["reference_date"] == "2025-02-12"
    assert [(f["text"], f["must"]) for f in gold["figures"]] == [("92个", True), ("200万元", False)]
    assert gold["organisations"][-1] == {
        "name": "庐阳区发展改革委",
        "type": "government",
        "aliases": ["庐阳区发改委", "发改委"],
        "must": True,
    }
    assert gold["unrecoverable"] == [{"context": "未来?年", "note": "a digit was destroyed"}]

    gold_file = tmp_path / "101_luyang.gold.json"
    gold_file.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = evaluate([article_record()], load_golds(gold_file))
    scored = result["articles"][0]["sections"]
    figures, organisations = scored["figures"], scored["organisations"]
    assert (figures["matched"], figures["neutral"], figures["false_positive_items"]) == (1, 1, ["227亿元"])
    assert organisations["misses"] == ["庐阳区发展改革委"]

    css(page, "#export-all")[0].click()
    reviewed = json.loads(css(page, "#export-output")[0].get_attribute("value"))
    assert [g["article"] for g in reviewed] == ["101_luyang.txt"]


REFERENCE = Path(__file__).resolve().parents[1] / "corpus" / "000_0f9117bebd0753fc"


def reference_record() -> dict:
    """The reference article with its gold items placed where the (script-converted) text has them.

    Built here, not by the pipeline, so the page is tested apart from the other stages.
    """
    import opencc

    text = opencc.OpenCC("t2s").convert(REFERENCE.with_suffix(".txt").read_text(encoding="utf-8"))
    gold = json.loads(REFERENCE.with_suffix(".gold.json").read_text(encoding="utf-8"))
    record = {
        "article_id": "reference",
        "source": {"path": "corpus/000_0f9117bebd0753fc.txt"},
        "reference_date": {"value": gold["reference_date"]},
        "text": {"original": text, "normalized": text},
    }
    found = lambda s: text.find(s) >= 0  # noqa: E731
    record["figures"] = [
        {
            "text": f["text"],
            "value": f["value"],
            "unit": f["unit"],
            "unit_kind": "other",
            "approx": f["approx"],
            "measure": f["measure"],
            "span": [text.find(f["text"]), text.find(f["text"]) + len(f["text"])],
        }
        for f in gold["figures"]
        if f["must"] and found(f["text"])
    ]
    record["organisations"] = [
        {
            "name": o["name"],
            "type": o["type"],
            "aliases": o["aliases"],
            "mentions": [{"text": o["name"], "span": [text.find(o["name"]), text.find(o["name"]) + len(o["name"])]}]
            if found(o["name"])
            else [],
        }
        for o in gold["organisations"]
        if o["must"]
    ]
    return Record.model_validate(record).model_dump(mode="json")


def test_reference_article_renders(browser, tmp_path):
    record = reference_record()
    out = tmp_path / "reference.html"
    write_report(write_records(tmp_path, [record]), out)
    browser.get(out.as_uri())
    wait_for(browser, "return document.body.dataset.ready === 'true'")
    open_first_article(browser, "000_0f9117bebd0753fc.txt")
    assert (
        browser.execute_script("return document.querySelector('#article-text').textContent")
        == record["text"]["normalized"]
    )
    assert len(css(browser, "#article-text .ent-figures")) == len(record["figures"]) > 5
    organisations = css(browser, "#items-organisations")[0].text
    assert all(o["name"] in organisations for o in record["organisations"])
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
