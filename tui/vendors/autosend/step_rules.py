"""AutoSend's rules for the steps themselves, checked on the nested model.

Only the steps that go into the body count (`vocabulary.sendable`): other kinds
are already reported as unsupported, and compile skips them, so the sequence
rules judge exactly what AutoSend will see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tui.model.problems import Problem, error, warning
from tui.model.steps import BranchStep, EmailStep, Step, WaitStep
from tui.vendors.autosend.info import INFO
from tui.vendors.autosend.vocabulary import sendable
from tui.vendors.base import a_or_an, cannot

MAX_LANES = 10
SEQUENCE_RULE = ("Steps must strictly alternate wait → email starting with wait and ending "
                 "with email")


@dataclass(frozen=True, slots=True)
class Chain:
    """One sequence as AutoSend sees it, and whether contacts go on after its last step."""

    steps: list[Step]
    continues: bool


def chains(steps: list[Step], continues: bool = False) -> Iterator[Chain]:
    """The main sequence and every lane, outermost first."""
    chain = sendable(steps)
    yield Chain(chain, continues)
    for position, step in enumerate(chain):
        if isinstance(step, BranchStep):
            goes_on = position + 1 < len(chain) or continues
            for arm in step.arms:
                yield from chains(arm.steps, arm.rejoin and goes_on)


def step_problems(steps: list[Step]) -> list[Problem]:
    every = list(chains(steps))
    problems: list[Problem] = []
    branched = any(isinstance(step, BranchStep) for chain in every for step in chain.steps)
    if branched:
        for chain in every:
            problems.extend(_waits_before_emails(chain.steps))
    else:
        problems.extend(_alternation(every[0].steps))
    for chain in every:
        for position, step in enumerate(chain.steps):
            problems.extend(_content(step))
            if isinstance(step, BranchStep):
                last = position + 1 == len(chain.steps)
                problems.extend(_branch(step, rejoin_lost=last and chain.continues))
    problems.extend(_lane_total([s for c in every for s in c.steps if isinstance(s, BranchStep)]))
    return problems


def _alternation(chain: list[Step]) -> list[Problem]:
    """A flow without branches: wait, email, wait, email, …, ending with an email."""
    for position, step in enumerate(chain):
        expected = "wait" if position % 2 == 0 else "email"
        if step.kind != expected:
            return [error(f"{SEQUENCE_RULE}: step {position + 1} is {a_or_an(step.kind)} where "
                          f"{a_or_an(expected)} belongs", "INVALID_STEP_SEQUENCE", step_id=step.id)]
    if chain and chain[-1].kind != "email":
        return [error(f"{SEQUENCE_RULE}: the last step is a wait", "INVALID_STEP_SEQUENCE",
                      step_id=chain[-1].id)]
    return []


def _waits_before_emails(chain: list[Step]) -> list[Problem]:
    """A flow with branches: every email right after a wait, in every lane."""
    return [
        error(f"email step '{step.id}' must come right after a wait step (every email is "
              "preceded by a wait, also inside branches)", "INVALID_STEP_SEQUENCE",
              step_id=step.id)
        for position, step in enumerate(chain)
        if step.kind == "email" and (position == 0 or not isinstance(chain[position - 1],
                                                                     WaitStep))
    ]


def _content(step: Step) -> list[Problem]:
    problems: list[Problem] = []
    if step.note:
        problems.append(warning("AutoSend has no step labels; the note is not sent",
                                "UNSUPPORTED", step_id=step.id, path="note"))
    if not isinstance(step, EmailStep):
        return problems
    inline = bool(step.subject.strip()) and bool(step.html.strip())
    if not step.template_id and not inline:
        missing = "html" if step.subject.strip() else "subject" if step.html.strip() else (
            "template_id")
        problems.append(error("an email step needs a templateId, or an inline subject and "
                              "htmlTemplate", "EMAIL_TEMPLATE_REQUIRED", step_id=step.id,
                              path=missing))
    for name, what in (("reply_to", "a reply-to address"), ("language", "an email language")):
        if getattr(step, name):
            problems.append(cannot(INFO.title, what, step_id=step.id, path=name))
    return problems


def _branch(step: BranchStep, rejoin_lost: bool) -> list[Problem]:
    """`rejoin_lost`: the branch ends a lane that goes on, which AutoSend cannot link to."""
    if not step.arms:
        return [error("a branch step needs at least one lane (branches)",
                      "BRANCH_BRANCHES_REQUIRED", step_id=step.id, path="arms")]
    if not rejoin_lost:
        return []
    return [
        cannot(INFO.title, f"lane '{arm.id}' rejoining past its own branch (a lane rejoins only at "
               f"a step right after '{step.id}'); add a step after the branch or turn rejoin "
               "off", step_id=step.id, path=f"arms[{index}].rejoin")
        for index, arm in enumerate(step.arms)
        if arm.rejoin
    ]


def _lane_total(branches: list[BranchStep]) -> list[Problem]:
    """At most 10 lanes in the automation; a single oversized branch is already reported."""
    if any(len(step.arms) > MAX_LANES for step in branches):
        return []
    seen = 0
    for step in branches:
        if seen + len(step.arms) > MAX_LANES:
            total = sum(len(s.arms) for s in branches)
            return [error(f"the automation has {total} branch lanes; AutoSend allows at most "
                          f"{MAX_LANES}", "VALIDATION_FAILED", step_id=step.id,
                          path=f"arms[{MAX_LANES - seen}]")]
        seen += len(step.arms)
    return []
