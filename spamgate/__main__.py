from spamgate.hooks.cli import main

raise SystemExit(main())
