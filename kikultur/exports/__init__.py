"""Exporters: Word, Markdown, plain text, mind maps and schema.org data from drafts."""
