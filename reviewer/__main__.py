from reviewer.cli import main

if __name__ == "__main__":  # the ranking process is spawned: it imports this module and must not start the app
    raise SystemExit(main())
