"""Defaults and limits shared by the client, the retry policy and input validation."""

from __future__ import annotations

import httpx

from formify._version import __version__

USER_AGENT = f"formify-python/{__version__}"
DEFAULT_BASE_URL = "https://docs-api.formify.se/v1"
ENV_ACCESS_TOKEN = "FORMIFY_ACCESS_TOKEN"  # noqa: S105 (a variable name, not a secret)
ENV_BASE_URL = "FORMIFY_BASE_URL"
ENV_LOG = "FORMIFY_LOG"

# Uploads of up to 50 MB over slow links need a long write timeout; connects should fail fast.
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=60.0, write=300.0, pool=10.0)

DEFAULT_MAX_RETRIES = 2
# A 429 asking for a longer wait than this raises RateLimitError instead of sleeping.
DEFAULT_MAX_RETRY_WAIT = 60.0
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0

# Statuses worth retrying for requests that are safe to repeat (GET, PUT, DELETE).
RETRYABLE_STATUSES = frozenset({408, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

RATE_LIMIT_LIMIT_HEADER = "X-RateLimit-Limit"
RATE_LIMIT_REMAINING_HEADER = "X-RateLimit-Remaining"
RATE_LIMIT_RESET_HEADER = "X-RateLimit-Reset"

MAX_UPLOAD_BYTES = 52_428_800  # 50 MB, the API's documented limit
UPLOAD_CHUNK_SIZE = 64 * 1024
PDF_MAGIC = b"%PDF-"
# The PDF header may follow a little junk; readers accept it within the first 1024 bytes.
PDF_MAGIC_WINDOW = 1024

DEFAULT_ERROR_LANGUAGE = "en"
MAX_PAGE_SIZE = 50
MIN_MERGE_FILES = 2
MAX_MERGE_FILES = 8
MIN_SCALE = 0.25
MAX_SCALE = 1.5
