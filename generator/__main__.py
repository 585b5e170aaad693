"""python -m generator: see generator/cli/main.py."""

import sys

from .cli.main import main

sys.exit(main())
