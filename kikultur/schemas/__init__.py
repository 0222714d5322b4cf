"""Pydantic payloads for forms and JSON (XCreate / XUpdate / XPublic) with German messages."""
