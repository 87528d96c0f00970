"""Headless payload prototyping: vendors, compile, import, check, convert, schema."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from tui.cli.output import emit_json, report


def register(commands: argparse._SubParsersAction) -> None:
    vendors = commands.add_parser("vendors", help="list vendors and what each supports")
    vendors.add_argument("--json", action="store_true", help="machine-readable output")
    vendors.add_argument("--markdown", action="store_true",
                         help="the steps and triggers each vendor takes, as README tables")
    vendors.set_defaults(handler=run_vendors)

    compile_ = commands.add_parser("compile", help="workflow → vendor payload on stdout")
    compile_.add_argument("file", type=Path)
    compile_.add_argument("--vendor", help="target vendor (default: the workflow's vendor)")
    compile_.add_argument("-o", "--output", type=Path, help="write the payload to this file")
    compile_.set_defaults(handler=run_compile)

    import_ = commands.add_parser("import", help="vendor payload → workflow file")
    import_.add_argument("file", type=Path)
    import_.add_argument("--vendor", help="the payload's vendor (detected when omitted)")
    import_.add_argument("-o", "--output", type=Path, help="write the workflow to this file")
    import_.set_defaults(handler=run_import)

    check = commands.add_parser("check", help="the vendor's problems with a workflow or payload")
    check.add_argument("file", type=Path)
    check.add_argument("--vendor", help="check against this vendor")
    check.add_argument("--json", action="store_true", help="problems as JSON on stdout")
    check.set_defaults(handler=run_check)

    convert = commands.add_parser("convert", help="payload of one vendor → payload of another")
    convert.add_argument("file", type=Path)
    convert.add_argument("--from", dest="source", required=True, metavar="VENDOR")
    convert.add_argument("--to", dest="target", required=True, metavar="VENDOR")
    convert.add_argument("-o", "--output", type=Path, help="write the payload to this file")
    convert.set_defaults(handler=run_convert)

    schema = commands.add_parser("schema", help="print the JSON Schema of *.flow.json")
    schema.set_defaults(handler=run_schema)


def run_vendors(args: argparse.Namespace) -> int:
    from tui import vendors

    if args.markdown:
        from tui.cli.vendor_table import markdown

        sys.stdout.write(markdown())
        return 0
    rows = []
    for vendor_id in vendors.vendor_ids():
        adapter = vendors.get(vendor_id)
        caps, info = adapter.capabilities, adapter.info
        rows.append({
            "id": vendor_id,
            "title": adapter.info.title,
            "summary": adapter.info.summary,
            "create": f"{info.create.method} {info.base_url}{info.create.path}",
            "step_kinds": list(caps.step_kinds),
            "events": [event.name for event in caps.events],
            "custom_events": caps.custom_events,
            "wait_units": list(caps.wait_units),
            "lifecycle": [call.option for call in adapter.info.lifecycle],
            "notes": list(caps.notes),
        })
    if args.json:
        emit_json(rows, None)
        return 0
    for row in rows:
        print(f"{row['id']:<11} {row['title']} — {row['summary']}")
        print(f"{'':<11} steps: {', '.join(row['step_kinds'])}")
        print(f"{'':<11} create: {row['create']}")
    return 0


def run_compile(args: argparse.Namespace) -> int:
    from tui import vendors
    from tui.store.documents import load_document

    document = load_document(args.file)
    workflow = document.workflow
    vendor_id = args.vendor or workflow.vendor
    adapter = vendors.get(vendor_id)
    workflow = workflow.model_copy(update={"vendor": vendor_id})
    status = report(adapter.check(workflow), str(args.file))
    emit_json(adapter.compile(workflow), args.output)
    return status


def run_import(args: argparse.Namespace) -> int:
    from tui.model.document import workflow_to_data
    from tui.store.documents import load_document

    document = load_document(args.file, args.vendor)
    emit_json(workflow_to_data(document.workflow), args.output)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from tui import vendors
    from tui.store.documents import load_document

    document = load_document(args.file, args.vendor)
    workflow = document.workflow
    vendor_id = args.vendor or workflow.vendor
    workflow = workflow.model_copy(update={"vendor": vendor_id})
    problems = vendors.get(vendor_id).check(workflow)
    if args.json:
        emit_json([asdict(problem) for problem in problems], None)
        return 1 if any(p.blocks_create for p in problems) else 0
    status = report(problems, str(args.file))
    if not problems:
        print(f"{args.file}: no problems for {vendors.entry(vendor_id).title}", file=sys.stderr)
    return status


def run_convert(args: argparse.Namespace) -> int:
    from tui import vendors
    from tui.model.errors import FlowdeckError
    from tui.store.documents import read_json
    from tui.vendors.convert import convert_payload

    vendors.entry(args.source)
    vendors.entry(args.target)
    data = read_json(args.file)
    try:
        conversion = convert_payload(data, args.source, args.target)
    except FlowdeckError as exc:
        raise exc.at(str(args.file)) from None
    status = report(conversion.problems, str(args.file))
    emit_json(conversion.payload, args.output)
    return status


def run_schema(args: argparse.Namespace) -> int:
    from tui.model.document import workflow_schema

    sys.stdout.write(json.dumps(workflow_schema(), indent=2) + "\n")
    return 0
