"""Sending over SMTP: recipients and their schedules, each one's copy, the connection, the ledger.

`recipients` reads the list and says which emails are due; `personalise` makes each
recipient's message from the checked bytes; `smtp` delivers over one reused connection with
bounded retries; `ledger` records every message before and after its SMTP transaction, so
nothing goes twice; `report` formats what the commands print. The commands `kapmail send`
and `kapmail sends` (in `kapmail.commands`) put them together over `pipeline`.
"""
