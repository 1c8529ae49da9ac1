"""One module per command, each with a frozen `Options` (one field per Click parameter) and
`run(options) -> int`; `kapmail.cli` imports each lazily. `each` and `printing` are helpers
the commands share; no command imports another (tests/test_layers.py)."""
