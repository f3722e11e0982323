"""``python -m stievents``: the same as the ``stievents`` command."""

import sys

from stievents.cli import main

sys.exit(main())
