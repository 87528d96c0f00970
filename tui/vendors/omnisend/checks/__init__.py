"""Everything Omnisend would reject, found before a request is sent.

Codes (the API answers 400 with `errors[]` of field messages and no codes of
its own, so these name the rule): NAME_REQUIRED, BLOCKS_REQUIRED,
EVENT_REQUIRED, DELAY_AT_END, SPLIT_CONDITION_REQUIRED, SPLIT_EMPTY,
AB_TEST_EMPTY, AB_PERCENTAGE_INVALID, TEMPORARY_ID_TOO_LONG, FILTER_GROUP_EMPTY,
EVENT_FILTER_VALUE_TYPE, CONTACT_FILTER_FIELD, CONTACT_FILTER_VALUE,
MESSAGE_FILTER_REFERENCE, MESSAGE_FILTER_CHANNEL, URL_MATCH_INVALID,
EXIT_BUILTIN_EVENT, ORIGIN_NOT_ALLOWED, BIRTHDAY_OFFSET_INVALID, REQUIRED_FIELD,
TOO_LONG, INVALID_FORMAT, DELAY_AMOUNT_INVALID, WEBHOOK_BODY_NOT_JSON,
WEBHOOK_URL_HOST, FREQUENCY_LIMITER, OVERLAP_LIMITER; plus the common checks'
UNSUPPORTED, DUPLICATE_STEP_ID and INVALID_SETTING.
"""

from __future__ import annotations

from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.vendors.omnisend.checks.actions import action_problems
from tui.vendors.omnisend.checks.conditions import condition_problems
from tui.vendors.omnisend.checks.settings import settings_problems
from tui.vendors.omnisend.checks.structure import structure_problems, unexpressed_problems
from tui.vendors.omnisend.wire import CreateSettingsRequest


def omnisend_problems(workflow: Workflow, settings: CreateSettingsRequest) -> list[Problem]:
    """The Omnisend-specific problems (the adapter adds the common ones)."""
    return [
        *structure_problems(workflow),
        *unexpressed_problems(workflow),
        *condition_problems(workflow),
        *action_problems(workflow),
        *settings_problems(settings),
    ]
