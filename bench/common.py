"""What the harness's modules share: a page to measure, and the log line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Page:
    """One line of the report: a set of rotating paths, visited anonymously or as the member."""

    key: str
    label: str
    paths: list[str]
    member: bool
    method: str = "GET"
    body: str | None = None
    expect_status: int = 200


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)
