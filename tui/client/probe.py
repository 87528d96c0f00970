"""Test a profile without creating anything: call the vendor's list endpoint once.

A GET of the automations list proves what a create needs — the base URL
answers, the key is accepted, the version header is right — and changes
nothing at the vendor, so it is safe to run as often as a person likes. The
answer goes through the same `interpret` as a send, so a refused key reads
the same way here as in a real submission.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from tui.client.request import Auth, Request, build
from tui.client.result import CallResult, interpret
from tui.client.transport import classify, client_options, reachable, reply
from tui.store.profiles import Profile


def list_request(profile: Profile) -> Request:
    """The list call for a profile, key obtained (a missing key raises ProfileError)."""
    from tui import vendors

    info = vendors.get(profile.vendor).info
    auth = Auth(info.auth, profile)
    auth.key()
    base_url = reachable(profile.base_url or info.base_url)
    return build("list", info.list, base_url=base_url, auth=auth,
                 vendor_headers=dict(info.extra_headers), profile_headers=profile.headers)


async def probe_async(profile: Profile, *,
                      transport: httpx.AsyncBaseTransport | None = None) -> CallResult:
    """One GET of the vendor's list endpoint with the profile's key, headers and timeouts.

    Never retried: a person pressing "test" again is the retry. Cancellable."""
    request = await asyncio.to_thread(list_request, profile)
    started = time.perf_counter()
    async with httpx.AsyncClient(transport=transport,
                                 **client_options(profile, request.url)) as http:
        try:
            response = await http.request(request.method, request.url,
                                          headers=request.wire_headers())
            outcome = reply(response, started)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            outcome = classify(exc, time.perf_counter() - started)
    assert request.auth is not None
    return interpret(request, outcome, 1, scrub=request.auth.scrub, phase="activate")
