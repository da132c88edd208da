"""The emulator's web UI in a real headless Chromium (the OS's, driven by Selenium).

The flow a developer clicks through: the outbox, the invitation's link, page 1 rendered, a field
filled, each signee signing in order with a typed name, the document completed, its webhook
delivered, and the signed PDF carrying the value and each typed name as that signature. A
screenshot is kept in ``artifacts/`` (gitignored).

`make test` installs chromium and chromium-driver when missing (as root). Without them the test
fails as root or under CI=true (where make test should have installed them) and is skipped
elsewhere (it cannot install them), saying why.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from _emulator_helpers import api_client, new_document, pdf_text, signee
from _webhook_receiver import WebhookReceiver
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from formify.testing import Emulator
from formify.testing._pdf import read_values

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def require_browser(paths: tuple[str, ...] = (CHROMIUM, CHROMEDRIVER)) -> None:
    """Fail (on CI or as root, where make test installs them) or skip without the browser."""
    missing = [path for path in paths if not os.access(path, os.X_OK)]
    if not missing:
        return
    why = (
        f"{' and '.join(missing)} missing: apt-get install -y chromium chromium-driver "
        "(make test does it when run as root)"
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.geteuid() == 0:
        pytest.fail(f"the browser test cannot run: {why}", pytrace=False)
    pytest.skip(why)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="formify-chromium-")
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
        "--window-size=1000,1400",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager download a driver
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_sign_in_a_real_browser_from_the_outbox_to_the_signed_pdf(
    browser: webdriver.Chrome,
) -> None:
    with WebhookReceiver() as receiver, Emulator(webhook_time_scale=0.001) as emu:
        client = emu.client()
        client.webhooks.register(receiver.url, event_types=["document.completed"])
        with api_client(emu) as api:
            doc_id, _ = new_document(
                api,
                name="Browser NDA",
                enableSigningOrder=True,
                signeeDetails=[signee(0, signingOrder=1), signee(1, signingOrder=2)],
            )
        assert api_document_url(emu, doc_id) == f"{emu.url}/documents/{doc_id}"

        # the outbox holds one invitation: the second signee's turn has not come
        browser.get(f"{emu.url}/outbox")
        links = browser.find_elements(By.CSS_SELECTOR, "a.signing-link")
        assert len(links) == 1
        links[0].click()
        assert "Sign: Browser NDA" in browser.title
        page_one = browser.find_element(By.ID, "page-1")
        # the image loaded and has a size: the page was rendered server-side
        assert browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 500", page_one
        )
        field = browser.find_element(By.ID, "field:fullName")
        field.send_keys("Written in the browser")
        browser.find_element(By.ID, "typed-name").send_keys("Ada Inkwell")
        browser.find_element(By.ID, "sign").click()
        assert "Signed." in browser.find_element(By.ID, "notice").text
        assert emu.app.ctx.store.documents[doc_id].signees[0].signed_at is not None

        # now the second signee is invited; a signing link opened out of turn said why before
        browser.get(f"{emu.url}/outbox")
        links = browser.find_elements(By.CSS_SELECTOR, "a.signing-link")
        assert len(links) == 2
        links[1].click()
        browser.find_element(By.ID, "typed-name").send_keys("Bo Quill")
        browser.find_element(By.ID, "sign").click()
        assert "completed" in browser.find_element(By.ID, "notice").text

        browser.get(f"{emu.url}/documents/{doc_id}")
        assert browser.find_element(By.ID, "status").text == "completed"
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "emulator-signed-document.png"
        browser.save_screenshot(str(shot))
        print(f"\nscreenshot: {shot}")
        assert shot.stat().st_size > 1000

        # the webhook was delivered, and the signed PDF carries the value and the names typed
        # in the browser (not the API's signee names) as the two signatures
        assert emu.wait_for_deliveries(1)
        assert [e["type"] for e in receiver.events()] == ["document.completed"]
        signed = httpx.get(
            browser.find_element(By.ID, "signed-pdf").get_attribute("href") or "",
            trust_env=False,
        )
        assert read_values(signed.content)["fullName"] == ["Written in the browser"]
        first_page, second_page = pdf_text(signed.content)[-2:]
        assert "Signature: Ada Inkwell" in first_page and "Signed by: Signee 0" in first_page
        assert "Signature: Bo Quill" in second_page and "Signed by: Signee 1" in second_page
        history = [h.type_ for h in client.documents.history(doc_id)]
        assert history.count("document.opened") == 2 and history.count("document.signed") == 2
        client.close()


def api_document_url(emu: Emulator, doc_id: str) -> str:
    with api_client(emu) as api:
        return str(api.get(f"docs/{doc_id}").json()["documentUrl"])


@pytest.mark.parametrize(
    ("ci", "root", "outcome"),
    [
        ("true", False, pytest.fail.Exception),
        ("", True, pytest.fail.Exception),
        ("", False, pytest.skip.Exception),
    ],
)
def test_without_chromium_ci_and_root_fail_and_others_skip(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ci: str, root: bool, outcome: type
) -> None:
    driver = tmp_path / "chromedriver"
    driver.write_text("#!/bin/sh\n")
    driver.chmod(0o755)
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(os, "geteuid", lambda: 0 if root else 1000)
    with pytest.raises(outcome, match=r"/chromium missing: apt-get install"):
        require_browser((str(tmp_path / "chromium"), str(driver)))
    require_browser((str(driver),))  # there: neither fails nor skips
