"""The headless commands, one module per group, each command's parser beside its handler:
`register(commands)` adds a module's parsers to `reviewer`'s (see `reviewer.cli`)."""
