"""Send one document to many recipients: paced by the rate limit, journaled, resumable.

```python
from formify import Formify, bulk

rows = bulk.read_csv("recipients.csv")            # or [bulk.Row(signees=[...], name=...), ...]
report = bulk.send_bulk(client, rows, journal="onboarding.db", template_id="tpl_...")
print(report.summary())                           # counts per state, rows needing attention
```

Run it again with the same journal after a crash (even SIGKILL): created rows are skipped,
and a row whose answer was lost is looked up in the document list and only sent again when it
is certainly absent. `AsyncFormify`: `await bulk.asend_bulk(...)`. Several processes sharing
one access token share its rate-limit window through `RedisBudget` (extra `formify[redis]`).
"""

from formify.bulk._budget import Budget, LocalBudget, Permit
from formify.bulk._journal import Journal, JournalRow, RowState
from formify.bulk._redis_budget import RedisBudget
from formify.bulk._report import BulkProgress, BulkReport
from formify.bulk._rows import Row, read_csv
from formify.bulk._send import BulkSender, asend_bulk, send_bulk

__all__ = [
    "Budget",
    "BulkProgress",
    "BulkReport",
    "BulkSender",
    "Journal",
    "JournalRow",
    "LocalBudget",
    "Permit",
    "RedisBudget",
    "Row",
    "RowState",
    "asend_bulk",
    "read_csv",
    "send_bulk",
]
