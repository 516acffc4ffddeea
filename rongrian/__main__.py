from rongrian.cli import main

raise SystemExit(main())
