"""Reusable Textual widgets: depend on tui.model, never on screens."""
