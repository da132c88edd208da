#!/usr/bin/env bash
# Requests per second of the emulator on GET /docs/{id}, measured with wrk on loopback.
# Usage: scripts/bench_emulator_wrk.sh [seconds]   (needs wrk: apt-get install -y wrk)
# The rate limit is lifted for the run: the default budget (10000 a minute) would answer 429.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SECONDS_TO_RUN="${1:-10}"
TOKEN="bench-$RANDOM$RANDOM"
OUT="$(mktemp)"
"$PY" -m formify emulator --port 0 --access-token "$TOKEN" --rate-limit 1000000000 >"$OUT" 2>&1 &
EMU=$!
trap 'kill "$EMU" 2>/dev/null; wait "$EMU" 2>/dev/null; rm -f "$OUT"' EXIT
for _ in $(seq 100); do grep -q 'listening at' "$OUT" && break; sleep 0.1; done
BASE="$(grep -o 'http://127.0.0.1:[0-9]*/v1' "$OUT")"
DOC="$("$PY" - "$BASE" "$TOKEN" <<'PYEOF'
import sys

import httpx

from formify.testing import sample_pdf

base, token = sys.argv[1], sys.argv[2]
with httpx.Client(base_url=base + "/", headers={"Authorization": f"Bearer {token}"}) as api:
    pdf = {"file": ("bench.pdf", sample_pdf(2), "application/pdf")}
    file_id = api.post("files", files=pdf).raise_for_status().json()["fileId"]
    signee = {"fullName": "Bench Mark", "emailAddress": "bench@example.com"}
    body = {"fileId": file_id, "name": "Bench", "signeeDetails": [signee | {"signaturePlacement": "new_page"}]}
    print(api.post("docs", json=body).raise_for_status().json()["documentId"])
PYEOF
)"
echo "GET $BASE/docs/$DOC (2 threads, 20 connections, ${SECONDS_TO_RUN}s; load: $(cut -d' ' -f1-3 /proc/loadavg))"
wrk -t2 -c20 -d"${SECONDS_TO_RUN}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/docs/$DOC"
