"""What the harness's modules share: a page to measure, and the log line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Who sends the requests: nobody logged in, the benchmark member (three circles, bookings on
# the dashboard), or a second member whose booking requests are wiped before each load run.
VISITORS = ("anon", "member", "requester")


@dataclass
class Page:
    """One line of the report: rotating requests, all sent by one visitor.

    A path alone is a GET; ``"path\tbody"`` is a POST of that form-encoded body.
    """

    key: str
    label: str
    paths: list[str]
    visitor: str = "anon"
    expect_status: int = 200
    # Called (in the harness, not under load) before the warm-up and before the measurement,
    # so that a page that writes finds the same database state each time.
    before_load: Callable[[], None] | None = None

    @property
    def logged_in(self) -> bool:
        return self.visitor != "anon"


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def split_request(line: str) -> tuple[str, str | None]:
    """A page's request line: ``path`` (GET) or ``path<TAB>body`` (POST)."""
    path, _tab, body = line.partition("\t")
    return path, (body if _tab else None)


def client_for(headers: dict[str, str]) -> Any:
    """A Django test client carrying a visitor's cookies."""
    from django.test import Client

    client = Client()
    for pair in headers.get("Cookie", "").split("; "):
        if "=" in pair:
            name, value = pair.split("=", 1)
            client.cookies[name] = value
    return client


def client_request(client: Any, line: str) -> Any:
    path, body = split_request(line)
    if body is None:
        return client.get(path)
    return client.generic("POST", path, body, "application/x-www-form-urlencoded")
