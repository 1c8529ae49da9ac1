"""`python -m kapmail` runs the CLI."""

from kapmail.cli import main

main()
