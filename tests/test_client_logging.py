"""Logging: what the client logs, that secrets are redacted, and FORMIFY_LOG."""

import logging

import pytest
from _api_server import Reply

import formify._logging
from formify import Formify
from formify._logging import logger, redact, redact_headers, setup_logging
from formify.errors import AuthenticationError, RateLimitError

TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-payload.sig"


@pytest.fixture
def bare_root(monkeypatch):
    """As in an application that configures no logging: the FORMIFY_LOG handler prints.

    It stays quiet for lines another handler prints, and pytest's log capture puts handlers on
    every logger; tests/test_logging_env.py checks that choice in a fresh interpreter.
    """
    monkeypatch.setattr(formify._logging, "_printed_elsewhere", lambda record: False)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"Authorization: Bearer {TOKEN}", TOKEN),
        ("grant_type=authorization_code&code=abc123&client_secret=shh", "abc123"),
        ("grant_type=authorization_code&code=abc123&client_secret=shh", "shh"),
        ('{"access_token": "at-1", "refresh_token": "rt-1"}', "at-1"),
        ('{"access_token": "at-1", "refresh_token": "rt-1"}', "rt-1"),
        ("signing secret whsec_AbC123xyz issued", "whsec_AbC123xyz"),
        ('{"signingSecret": "plain-secret-value"}', "plain-secret-value"),
        ("X-Formify-Signature: 9f86d081884c7d65", "9f86d081884c7d65"),
        ("token=tok-9&token_type_hint=refresh_token", "tok-9"),
    ],
)
def test_redact_removes_secrets(text, secret):
    assert secret not in redact(text)
    assert "[REDACTED]" in redact(text)


def test_redact_keeps_ordinary_text():
    text = "GET /v1/docs/d1 -> 404 (attempt 1) status_code=404 errorLanguage=sv"
    assert redact(text) == text


def test_redact_headers_masks_credentials():
    headers = redact_headers({"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"})
    assert headers == {"Authorization": "[REDACTED]", "Accept": "application/json"}


def test_a_failing_request_logs_method_path_status_and_no_token(api, caplog):
    api.queue(Reply(503), Reply(401, json={"message": f"token {TOKEN} expired"}))
    caplog.set_level(logging.DEBUG, logger="formify")
    with Formify(TOKEN, base_url=api.url) as client:
        client._sleep = lambda seconds: None
        with pytest.raises(AuthenticationError):
            client.user.get()
        logger.info("echo of a body: access_token=%s", TOKEN)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /v1/user -> 503 (attempt 1)" in text
    assert "retrying GET /v1/user in" in text
    assert "GET /v1/user -> 401 (attempt 2)" in text
    assert "request GET /v1/user headers=" in text  # the debug line with headers
    assert TOKEN not in text and "secret-payload" not in text


def test_formify_log_env_turns_on_a_stderr_handler(capsys, bare_root):
    before = list(logger.handlers)
    try:
        setup_logging({"FORMIFY_LOG": "debug"})
        setup_logging({"FORMIFY_LOG": "debug"})  # idempotent: one handler
        added = [h for h in logger.handlers if h not in before]
        assert len(added) == 1 and logger.level == logging.DEBUG
        logger.debug("client_secret=abc")
        err = capsys.readouterr().err
        assert "client_secret=[REDACTED]" in err and "abc" not in err
    finally:
        for handler in logger.handlers[:]:
            if handler not in before:
                logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


def test_without_formify_log_nothing_is_added():
    before = list(logger.handlers)
    setup_logging({})
    with pytest.warns(UserWarning, match="FORMIFY_LOG='verbose' is not a level"):
        setup_logging({"FORMIFY_LOG": "verbose"})
    assert logger.handlers == before


def test_formify_log_set_before_the_client_logs_retries_to_stderr(
    api, monkeypatch, capsys, bare_root
):
    monkeypatch.setenv("FORMIFY_LOG", "info")
    before = list(logger.handlers)
    api.queue(
        Reply(429, headers={"X-RateLimit-Reset": "2"}),
        Reply(429, headers={"X-RateLimit-Reset": "90"}),
    )
    try:
        with Formify(TOKEN, base_url=api.url) as client:
            client._sleep = lambda seconds: None
            with pytest.raises(RateLimitError):
                client.user.get()
    finally:
        for handler in logger.handlers[:]:
            if handler not in before:
                logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    err = capsys.readouterr().err
    assert "GET /v1/user -> 429 (attempt 1)" in err
    assert "retrying GET /v1/user in 2.00s (retry 1 of 2)" in err
    assert "GET /v1/user: server asks to wait 90.0s; not waiting" in err
    assert "headers=" not in err  # the request headers are logged at debug only
    assert TOKEN not in err
