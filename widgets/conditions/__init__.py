"""The condition builder: rows of source / field / operator / value in and/or/not groups."""

from widgets.conditions.builder import ConditionBuilder
from widgets.conditions.vocabulary import Vocabulary

__all__ = ["ConditionBuilder", "Vocabulary"]
