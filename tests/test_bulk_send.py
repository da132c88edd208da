"""Bulk send against the emulator: paced, journaled, resumed, lost answers looked up."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from _bulk_proxy import drop_proxy

from formify import Formify, ValidationError, bulk
from formify.bulk import BulkProgress, RowState
from formify.testing import Emulator, sample_pdf

NEW_PAGE = {"signature_placement": "new_page"}


def rows(n: int, start: int = 0) -> list[bulk.Row]:
    return [
        bulk.Row(
            signees=[{"full_name": f"Signee {i}", "email_address": f"s{i}@example.com"}],
            name=f"Lease {i}",
        )
        for i in range(start, start + n)
    ]


def posts(emu: Emulator) -> Counter[int]:
    return Counter(
        status
        for method, path, status in emu.requests
        if (method, path)
        == (
            "POST",
            "/v1/docs",
        )
    )


def documents_by_name(client: Formify) -> Counter[str]:
    return Counter(str(doc.name) for doc in client.documents.list())


def test_sync_run_is_paced_below_the_rate_limit_and_creates_each_row_once(
    tmp_path: Path,
) -> None:
    seen: list[BulkProgress] = []
    with Emulator(rate_limit=8, rate_window=1) as emu, emu.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        report = bulk.send_bulk(
            client,
            rows(30),
            journal=tmp_path / "run.db",
            file_id=file_id,
            signee_defaults=NEW_PAGE,
            concurrency=4,
            on_progress=seen.append,
        )
        statuses = Counter(status for _, _, status in emu.requests)
        names = documents_by_name(client)
    assert report.complete and report.exit_code == 0 and report.created == 30
    assert statuses[429] == 0 and posts(emu)[201] == 30
    assert report.rate_limit_waits >= 3  # 31 requests at 8 a window: the run had to wait
    batch = bulk.Journal(tmp_path / "run.db").batch
    assert sorted(names) == sorted(f"Lease {i} [{batch}-{i + 1}]" for i in range(30))
    assert set(names.values()) == {1}
    assert seen[-1].created == 30 and seen[-1].pending == 0
    assert [p.created for p in seen] == sorted(p.created for p in seen)


def test_async_run_creates_each_row_once(tmp_path: Path) -> None:
    async def main(emu: Emulator) -> bulk.BulkReport:
        async with emu.async_client() as client:
            file_id = await client.files.upload(sample_pdf(), filename="lease.pdf")
            return await bulk.asend_bulk(
                client,
                rows(12),
                journal=tmp_path / "run.db",
                file_id=file_id,
                signee_defaults=NEW_PAGE,
                concurrency=3,
            )

    with Emulator(rate_limit=5, rate_window=1) as emu:
        report = asyncio.run(main(emu))
        with emu.client() as client:
            names = documents_by_name(client)
        statuses = Counter(status for _, _, status in emu.requests)
    assert report.complete and report.created == 12
    assert statuses[429] == 0 and len(names) == 12 and set(names.values()) == {1}


def test_rerun_skips_created_rows_and_sends_only_new_ones(tmp_path: Path) -> None:
    journal = tmp_path / "run.db"
    with Emulator() as emu, emu.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        options: dict[str, Any] = dict(journal=journal, file_id=file_id, signee_defaults=NEW_PAGE)
        first = bulk.send_bulk(client, rows(5), **options)
        again = bulk.send_bulk(client, rows(5), **options)
        more = bulk.send_bulk(client, rows(8), **options)
        assert posts(emu)[201] == 8
        assert len(documents_by_name(client)) == 8
    assert first.complete and again.complete and more.complete
    assert again.requests == 0 and more.requests == 3


def test_a_changed_row_or_another_source_is_refused_before_any_request(tmp_path: Path) -> None:
    journal = tmp_path / "run.db"
    with Emulator() as emu, emu.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        bulk.send_bulk(client, rows(2), journal=journal, file_id=file_id, signee_defaults=NEW_PAGE)
        before = len(emu.requests)
        changed = rows(2)
        changed[1] = bulk.Row(signees=[{"full_name": "Eve", "email_address": "e@x.com"}])
        with pytest.raises(ValidationError, match="row 2"):
            bulk.send_bulk(client, changed, journal=journal, file_id=file_id)
        with pytest.raises(ValidationError, match="journal"):
            bulk.send_bulk(client, rows(2), journal=journal, template_id="tpl")
        assert len(emu.requests) == before


def test_refused_rows_are_journaled_with_the_error_and_fail_the_run(tmp_path: Path) -> None:
    bad = bulk.Row(signees=[{"full_name": "No Box", "email_address": "n@example.com"}], key="x")
    with Emulator() as emu, emu.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        # the sample PDF needs a signature box or a new page: without either the API says 400
        report = bulk.send_bulk(
            client,
            [*rows(2), bad],
            journal=tmp_path / "j.db",
            file_id=file_id,
            signee_defaults=None,
        )
        names = documents_by_name(client)
    assert not report.complete and report.exit_code == 1
    assert report.counts[RowState.REFUSED] >= 1
    refused = {row.key for row in report.refused}
    assert "x" in refused and all(row.error for row in report.refused)
    assert not any(name.endswith("-x]") for name in names)


def test_5xx_answer_is_ambiguous_looked_up_and_resent_only_when_absent(tmp_path: Path) -> None:
    with Emulator() as emu, emu.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        emu.inject_fault("POST /docs", "status", status=503, count=2)  # before the handler
        report = bulk.send_bulk(
            client,
            rows(6),
            journal=tmp_path / "j.db",
            file_id=file_id,
            signee_defaults=NEW_PAGE,
            settle=0.1,
        )
        names = documents_by_name(client)
        assert posts(emu)[503] == 2 and posts(emu)[201] == 6
    assert report.complete
    assert len(names) == 6 and set(names.values()) == {1}


def test_answer_lost_after_creation_is_found_in_the_list_not_sent_again(tmp_path: Path) -> None:
    with Emulator() as emu:
        lose = {2, 5}
        with drop_proxy(
            emu.url, lambda m, p, n: (m, p) == ("POST", "/v1/docs") and n in lose
        ) as proxy:
            client = Formify(access_token=emu.access_token, base_url=proxy.url + "/v1")
            with client:
                file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
                report = bulk.send_bulk(
                    client,
                    rows(6),
                    journal=tmp_path / "j.db",
                    file_id=file_id,
                    signee_defaults=NEW_PAGE,
                    settle=0.1,
                    concurrency=1,
                )
            assert proxy.dropped == 2
        with emu.client() as direct:
            names = documents_by_name(direct)
        assert posts(emu)[201] == 6  # the two lost answers were not sent again
    assert report.complete and report.created == 6
    assert len(names) == 6 and set(names.values()) == {1}
    found = [row for row in bulk.Journal(tmp_path / "j.db").rows() if row.error]
    assert len(found) == 2 and all("found in the document list" in row.error for row in found)


def test_an_interrupted_run_stops_handing_out_rows_and_resumes_cleanly(tmp_path: Path) -> None:
    class Stop(KeyboardInterrupt):
        pass

    raised: list[bool] = []

    def interrupt(progress: BulkProgress) -> None:
        if progress.created >= 3 and not raised:
            raised.append(True)
            raise Stop  # as Ctrl-C would, once, in one worker

    journal = tmp_path / "j.db"
    with Emulator() as emu, emu.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        options: dict[str, Any] = dict(journal=journal, file_id=file_id, signee_defaults=NEW_PAGE)
        with pytest.raises(Stop):
            bulk.send_bulk(client, rows(40), concurrency=4, on_progress=interrupt, **options)
        sent = posts(emu)[201]
        assert sent < 40  # the other workers did not carry on through every row
        report = bulk.send_bulk(client, rows(40), settle=0.0, **options)
        names = documents_by_name(client)
    assert report.complete and report.requests <= 40 - sent + 1  # + one lookup page at most
    assert len(names) == 40 and set(names.values()) == {1}


def test_pacing_reads_each_answers_own_headers_not_the_clients_latest(tmp_path: Path) -> None:
    # with concurrency, `client.rate_limit` may be another worker's answer; the run reads each
    # POST's own headers (with_raw_response), so it paces even when that attribute says nothing
    with Emulator(rate_limit=6, rate_window=1) as emu, emu.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="lease.pdf")
        client._record_rate_limit = lambda response: None  # type: ignore[method-assign]
        client.rate_limit = None
        report = bulk.send_bulk(
            client,
            rows(14),
            journal=tmp_path / "j.db",
            file_id=file_id,
            signee_defaults=NEW_PAGE,
            concurrency=4,
        )
        assert client.rate_limit is None
        statuses = Counter(status for _, _, status in emu.requests)
    assert report.complete and statuses[429] == 0 and report.rate_limit_waits >= 2
