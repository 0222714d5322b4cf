"""Allows `python -m kikultur`."""

from kikultur.cli import main

main()
