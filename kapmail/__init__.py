"""kapmail: turn one educational article into a drip series of responsive emails."""

__version__ = "0.1.0"
