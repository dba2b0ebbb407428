"""`python -m tui` runs the same command line as `xunshi`."""

from tui.cli import main

raise SystemExit(main())
