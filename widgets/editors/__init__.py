"""Editors for every part of a workflow, offering only the vendor's choices.

The builder mounts `editor_for(target, value, context)` for the selected
outline node and handles the `EditorChanged` messages it posts.
"""

from widgets.editors.base import Editor, EditorChanged, EditorContext
from widgets.editors.dispatch import editor_for

__all__ = ["Editor", "EditorChanged", "EditorContext", "editor_for"]
