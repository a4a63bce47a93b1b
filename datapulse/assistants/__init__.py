"""Assistants and templates (SPEC 12): analysis personas and the templates they start from."""
