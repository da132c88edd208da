"""``formify webhooks``, ``listen --forward-to`` and ``trigger`` against the emulator."""

from __future__ import annotations

import json
import signal
import stat
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from _cli import emulator_env, one_line_error, run, run_json, start
from _webhook_receiver import Received, WebhookReceiver

from formify import webhooks
from formify.testing import Emulator, sample_pdf


@pytest.fixture
def env(formify_emulator: Emulator, tmp_path: Path) -> dict[str, str]:
    return emulator_env(formify_emulator, tmp_path)


def test_register_list_rotate_delete_never_print_the_secret(
    formify_emulator: Emulator, env: dict[str, str], tmp_path: Path
) -> None:
    secret_file = tmp_path / "secret"
    proc = run(
        "--json",
        "webhooks",
        "register",
        "http://127.0.0.1:9/hook",
        "-e",
        "document.completed",
        "--name",
        "ci",
        "--secret-file",
        str(secret_file),
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    created = json.loads(proc.stdout)
    secret = secret_file.read_text().strip()
    assert secret.startswith("whsec_") and stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert secret not in proc.stdout + proc.stderr
    hook_id = created["webhookId"]
    listed = run("--json", "webhooks", "list", env=env)
    assert [h["webhookId"] for h in json.loads(listed.stdout)] == [hook_id]
    assert "whsec_" not in listed.stdout + run("webhooks", "list", env=env).stdout
    rotated = run_json("webhooks", "rotate", hook_id, "--secret-file", str(secret_file), env=env)
    assert rotated["webhookId"] == hook_id
    assert secret_file.read_text().strip() not in ("", secret)
    assert run_json("webhooks", "delete", hook_id, env=env)["deleted"] is True
    assert formify_emulator.client().webhooks.list() == []
    one_line_error(run("webhooks", "delete", hook_id, env=env), 1, "NotFoundError")


class _Listen:
    """``formify listen`` as a subprocess, with the secret and the ready line read."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.proc = start(*args, env=env)
        assert self.proc.stderr is not None
        first = self.proc.stderr.readline()
        assert first.startswith("Signing secret: whsec_"), first + self.proc.stderr.read()
        self.secret = first.removeprefix("Signing secret: ").strip()
        assert self.proc.stderr.readline().startswith("Ready: webhook ")

    def stop(self, how: signal.Signals) -> tuple[str, str]:
        self.proc.send_signal(how)
        out, err = self.proc.communicate(timeout=30)
        return out, err


def _verifying_app(secret: list[str], verified: list[bytes]) -> WebhookReceiver:
    app = WebhookReceiver()
    lock = threading.Lock()

    def verify(received: Received) -> None:
        webhooks.construct_event(received.body, received.headers, secret[0])  # raises if not
        with lock:
            verified.append(received.body)

    app.on_request = verify
    return app


def test_listen_relays_50_deliveries_byte_for_byte(
    formify_emulator: Emulator, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    emu = formify_emulator
    sent: list[bytes] = []
    attempt = emu.deliverer._attempt

    def recording(client: Any, job: Any) -> None:  # what the emulator puts on the wire
        sent.append(job.body)
        attempt(client, job)

    monkeypatch.setattr(emu.deliverer, "_attempt", recording)
    secret: list[str] = []
    verified: list[bytes] = []
    with _verifying_app(secret, verified) as app:
        listen = _Listen(env, "listen", "--forward-to", app.url, "--events", "document.created")
        secret.append(listen.secret)
        try:
            api = emu.client()
            file_id = api.files.upload(sample_pdf(), "a.pdf")
            for i in range(50):
                api.documents.create(
                    file_id=file_id,
                    signees=[
                        {
                            "full_name": f"Signee {i}",
                            "email_address": f"s{i}@example.com",
                            "signature_placement": "new_page",
                        }
                    ],
                    name=f"doc {i} \u00e9",
                )
            received = app.wait_requests(50, timeout=60)
        finally:
            out, err = listen.stop(signal.SIGINT)
    assert listen.proc.returncode == 130, err
    assert len(verified) == 50 and Counter(verified) == Counter(sent)
    assert all(r.headers["user-agent"] == received[0].headers["user-agent"] for r in received)
    lines = out.splitlines()
    assert len(lines) == 50 and all("document.created" in x and x.endswith("-> 200") for x in lines)
    assert listen.secret not in out + err  # only on the one secret line, read above
    assert emu.client().webhooks.list() == []  # Ctrl-C deleted the webhook


def test_trigger_delivers_through_listen_and_sigterm_cleans_up(
    formify_emulator: Emulator, env: dict[str, str]
) -> None:
    emu = formify_emulator
    secret: list[str] = []
    verified: list[bytes] = []
    with _verifying_app(secret, verified) as app:
        listen = _Listen(env, "--json", "listen", "--forward-to", app.url)
        secret.append(listen.secret)
        try:
            triggered = run_json("trigger", "document.completed", env=env)
            app.wait_requests(3, timeout=30)
            revoked = run_json("trigger", "document.revoked", env=env)
            app.wait_requests(5, timeout=30)
        finally:
            out, _ = listen.stop(signal.SIGTERM)
    assert triggered["events"] == ["document.created", "document.signed", "document.completed"]
    events = [json.loads(line) for line in out.splitlines()]
    assert [(e["type"], e["documentId"], e["status"]) for e in events] == [
        (kind, triggered["documentId"], 200) for kind in triggered["events"]
    ] + [(kind, revoked["documentId"], 200) for kind in ("document.created", "document.revoked")]
    assert len(verified) == 5
    assert emu.client().webhooks.list() == []  # SIGTERM deleted the webhook
    one_line_error(
        run("trigger", "document.signed", env={**env, "FORMIFY_BASE_URL": "https://x.test/v1"}),
        2,
        "UsageError",
    )


def test_listen_needs_public_url_for_a_remote_api(env: dict[str, str]) -> None:
    proc = run(
        "listen",
        "--forward-to",
        "http://127.0.0.1:9/",
        env={**env, "FORMIFY_BASE_URL": "https://api.example.test/v1"},
    )
    assert "--public-url" in one_line_error(proc, 2, "UsageError")
