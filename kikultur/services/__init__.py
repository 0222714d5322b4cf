"""Use cases (accounts, fact sheet, backup, ...): the web and the CLI are thin callers."""
