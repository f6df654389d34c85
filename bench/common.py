"""What the harness's modules share: a request line, a page to measure, and the log line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Who sends a page's requests: nobody logged in, the cast of members (each request line with
# one member's session cookie), or a second member whose booking requests are wiped before
# each load run.
VISITORS = ("anon", "member", "requester")


@dataclass(frozen=True)
class Line:
    """One request: a GET of ``path``, or a POST of a form-encoded ``body``, sent as ``member_id``."""

    path: str
    body: str | None = None
    member_id: int | None = None  # whose session cookie goes with it; None: a visitor's request

    @property
    def method(self) -> str:
        return "GET" if self.body is None else "POST"


@dataclass
class Page:
    """One line of the report: a stream of requests, drawn from the page's mix.

    The load runs walk ``lines`` in order from where the previous run of the same page
    stopped, so the cold run, the warm-up and the warm run are one continuous stream of
    visitors. A page that writes (``before_load``) starts from its first line each time.
    """

    key: str
    label: str
    lines: list[Line]
    visitor: str = "anon"
    expect_status: int = 200
    # Called (in the harness, not under load) before the warm-up and before each measurement,
    # so that a page that writes finds the same database state each time.
    before_load: Callable[[], None] | None = None
    # What the mix is, in a few words, for the report.
    mix: str = ""

    @property
    def logged_in(self) -> bool:
        return self.visitor != "anon"

    @property
    def continuous(self) -> bool:
        return self.before_load is None


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def client_for(cookie: str) -> Any:
    """A Django test client carrying a ``Cookie`` header's cookies."""
    from django.test import Client

    client = Client()
    for pair in cookie.split("; "):
        if "=" in pair:
            name, value = pair.split("=", 1)
            client.cookies[name] = value
    return client


def client_request(client: Any, line: Line, headers: dict[str, str] | None = None) -> Any:
    """Send one request line in-process, with the headers wrk sends with every request."""
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in (headers or {}).items()}
    if line.body is None:
        return client.get(line.path, **extra)
    return client.generic("POST", line.path, line.body, "application/x-www-form-urlencoded", **extra)
