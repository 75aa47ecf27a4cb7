"""``python -m ocrfix``: the same as the ``ocrfix`` command."""

import sys

from ocrfix.cli import main

sys.exit(main())
