"""Serving the sandbox: in a background thread for the app and CLI, or in the foreground.

`ensure_running()` binds a free loopback port itself and hands the socket to
uvicorn, so there is no window in which another process can take the port, and
returns as soon as uvicorn is accepting. It stays quiet: the terminal belongs
to the app, so uvicorn logs nothing below CRITICAL and writes no access log.
"""

from __future__ import annotations

import atexit
import logging
import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from tui.model.errors import FlowdeckError
from tui.sandbox.app import create_app
from tui.sandbox.asgi import ConnectionDropped
from tui.vendors import vendor_ids

STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 2.0


class SandboxError(FlowdeckError):
    """The sandbox could not start, e.g. its port is taken."""


@dataclass(frozen=True, slots=True)
class _Running:
    server: uvicorn.Server
    thread: threading.Thread
    url: str


_lock = threading.Lock()
_running: _Running | None = None


class _HideDrops(logging.Filter):
    """Drops are faults asked for, not failures: keep their tracebacks out of the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


_HIDE_DROPS = _HideDrops()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SandboxError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def _server(*, quiet: bool) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(), http="h11", ws="none", lifespan="off", loop="asyncio",
        access_log=not quiet, log_config=None if quiet else uvicorn.config.LOGGING_CONFIG,
        log_level="critical" if quiet else "info",
    )
    logging.getLogger("uvicorn.error").addFilter(_HIDE_DROPS)  # once: the same filter object
    return uvicorn.Server(config)


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def ensure_running() -> str:
    """The root URL of this process's sandbox, starting it on first use (thread-safe)."""
    global _running
    with _lock:
        if _running is None or not _running.thread.is_alive():
            _running = _start()
        return _running.url


def _start() -> _Running:
    sock = _bind("127.0.0.1", 0)
    server = _server(quiet=True)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name="flowdeck-sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise SandboxError("the built-in sandbox did not start")
        time.sleep(0.002)
    running = _Running(server, thread, _url(sock))
    atexit.register(_stop, running)
    return running


def _stop(running: _Running) -> None:
    """Let the server close its socket at exit instead of dying mid-request with the thread."""
    running.server.should_exit = True
    running.thread.join(STOP_TIMEOUT)


def serve(host: str = "127.0.0.1", port: int = 8765) -> None:
    """Run the sandbox in the foreground until interrupted (`flowdeck sandbox`)."""
    sock = _bind(host, port)
    server = _server(quiet=False)
    mounts = ", ".join(f"/{vendor}" for vendor in vendor_ids())
    logging.getLogger("uvicorn.error").info("flowdeck sandbox on %s (vendors at %s)",
                                            _url(sock), mounts)
    server.run(sockets=[sock])
