"""Pure checks: text (and context data) in, findings out. No database, no web."""
