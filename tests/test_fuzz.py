"""Hostile input: random and damaged JSON through every door a payload or workflow comes in.

Each value goes to the vendor's `parse` (and, when it reads, `check` and `compile`),
is written to a file and opened with `load_document` (the import / open path, with
the vendor given and detected), and run through `flowdeck import` and `flowdeck
check`. Whatever happens, the only exception is a `FlowdeckError` whose text is one
line; the CLI exits 0, 1 or 2 with one line per message and no traceback.

The values: random JSON whose keys are often the vendor's own field names; the
vendor's documented bodies (tests/fixtures/<vendor>) and compiled generated
workflows with values deleted, retyped, renamed, duplicated, buried 400 levels
deep or replaced by huge strings; damaged `*.flow.json` workflow files; and files
of arbitrary bytes. Under HYPOTHESIS_PROFILE=ci that is 2,500 inputs a vendor
(1,000 random, 1,000 damaged bodies, 500 damaged workflow files) and 500 byte files.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import VENDORS, any_json, examples, key_names, mutated, workflows

import tui.cli
from tui.model.document import workflow_from_data, workflow_to_data
from tui.model.errors import FlowdeckError
from tui.store.documents import load_document
from tui.vendors import get

FIXTURES = Path(__file__).parent / "fixtures"
FILE_NAME = "fuzz payload é.json"
"""A name with a space and a non-ASCII letter, as users' files have."""


@functools.cache
def documented(vendor: str) -> tuple[Any, ...]:
    """The vendor's documented bodies (never changed: `mutated` works on a copy)."""
    return tuple(json.loads(path.read_text(encoding="utf-8"))
                 for path in sorted((FIXTURES / vendor).glob("*.json")))


@functools.cache
def field_names(vendor: str) -> tuple[str, ...]:
    return tuple(sorted(set().union(*map(key_names, documented(vendor)))))


@pytest.fixture(scope="module", autouse=True)
def _one_parser() -> Iterator[None]:
    """Build the CLI's argument parser once: building it costs more than what is fuzzed."""
    parser = tui.cli.build_parser()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tui.cli, "build_parser", lambda: parser)
        yield


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per module: hypothesis runs many examples per test function."""
    return tmp_path_factory.mktemp("fuzz")


def one_line(exc: FlowdeckError) -> None:
    text = str(exc)
    assert text and len(text.splitlines()) == 1, repr(text[:300])


@contextlib.contextmanager
def captured() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def cli(*argv: str) -> tuple[int, str, str]:
    with captured() as (out, err):
        code = tui.cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def through_the_adapter(vendor: str, value: Any) -> None:
    adapter = get(vendor)
    try:
        workflow = adapter.parse(value)
    except FlowdeckError as exc:
        one_line(exc)
        return
    assert all(len(problem.line().splitlines()) == 1 for problem in adapter.check(workflow))
    json.dumps(adapter.compile(workflow))


def through_the_file(path: Path, vendor: str | None) -> None:
    """`load_document` with the vendor given and detected, then `flowdeck import` and
    `flowdeck check`: one-line refusals naming the file, or a workflow that reopens."""
    for given_vendor in (vendor, None):
        try:
            load_document(path, given_vendor)
        except FlowdeckError as exc:
            one_line(exc)
            assert str(path) in str(exc)
    vendor_args = ("--vendor", vendor) if vendor else ()
    code, out, err = cli("import", str(path), *vendor_args)
    assert code in (0, 2), err
    if code == 0:
        assert workflow_from_data(json.loads(out)).vendor == (vendor or json.loads(out)["vendor"])
    else:
        assert err.startswith("flowdeck: ") and len(err.splitlines()) == 1 and str(path) in err
    code, _, err = cli("check", str(path), *vendor_args)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    assert all(line.startswith(f"{path}") or line.startswith(f"flowdeck: {path}")
               for line in err.splitlines()), err[:500]


def feed(vendor: str, value: Any, folder: Path) -> None:
    through_the_adapter(vendor, value)
    path = folder / FILE_NAME
    path.write_text(json.dumps(value), encoding="utf-8")
    through_the_file(path, vendor)


@pytest.mark.parametrize("vendor", VENDORS)
@examples(0.5)
@given(data=st.data())
def test_random_json_is_read_or_refused_in_one_line(vendor: str, folder: Path,
                                                     data: st.DataObject) -> None:
    feed(vendor, data.draw(any_json(field_names(vendor)), label="json"), folder)


@pytest.mark.parametrize("vendor", VENDORS)
@examples(0.5)
@given(data=st.data())
def test_damaged_payloads_are_read_or_refused_in_one_line(vendor: str, folder: Path,
                                                          data: st.DataObject) -> None:
    seeds = st.sampled_from(documented(vendor)) | workflows(vendor).map(get(vendor).compile)
    feed(vendor, data.draw(seeds.flatmap(mutated), label="payload"), folder)


@pytest.mark.parametrize("vendor", VENDORS)
@examples(0.25)
@given(data=st.data())
def test_damaged_workflow_files_open_or_are_refused_in_one_line(vendor: str, folder: Path,
                                                                data: st.DataObject) -> None:
    document = workflow_to_data(data.draw(workflows(vendor), label="workflow"))
    damaged = data.draw(mutated(document), label="document")
    path = folder / "fuzz.flow.json"
    path.write_text(json.dumps(damaged), encoding="utf-8")
    through_the_file(path, None)


@examples(0.25)
@given(st.binary(max_size=2000) | st.text(max_size=200).map(str.encode))
def test_any_bytes_are_opened_or_refused_in_one_line(folder: Path, content: bytes) -> None:
    path = folder / FILE_NAME
    path.write_bytes(content)
    through_the_file(path, None)
