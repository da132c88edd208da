"""``python -m formify``: the same as the ``formify`` command."""

import sys

from formify.cli import main

sys.exit(main())
