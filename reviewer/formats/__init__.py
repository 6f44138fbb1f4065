"""One module per file format; each reads files into `Record`s."""
