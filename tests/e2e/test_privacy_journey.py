"""A person's rights in a browser: the notices, their data page, the download and the delete
page, each light and without serious accessibility problems."""
from __future__ import annotations

import json
import zipfile

from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_account_journey import log_in, new_account


def test_notices_data_download_and_delete_page(page: Page, live_app: Flask, tmp_path) -> None:
    for url, heading in [("/privacy", "Pemberitahuan Privasi"), ("/terms/en", "Terms")]:
        response = page.goto(url)
        assert len(response.body()) < 40_000
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_serious_axe_violations(page)

    email = new_account(live_app)
    log_in(page, email)
    page.locator("footer").get_by_role("link", name="Data saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data saya")
    assert_no_serious_axe_violations(page)
    with page.expect_download() as download:
        page.locator("main form").get_by_role("button", name="Unduh data saya").click()
    saved = tmp_path / "data.zip"
    download.value.save_as(saved)
    [account] = json.loads(zipfile.ZipFile(saved).read("account.json"))
    assert account["email"] == email

    page.get_by_role("link", name="Hapus akun saya").click()
    expect(page.get_by_label("Kata sandi Anda")).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.goto("/account/verify")
    assert_no_serious_axe_violations(page)
