"""One module per command; `kapmail.cli` imports each lazily and calls its `run`."""
