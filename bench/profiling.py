"""``bench/run.py --profile``: where each page spends its time, for the page's owner.

For every page: its queries (count and the slowest, with EXPLAIN ANALYZE), then a cProfile of
a few requests served in-process through the full middleware stack (no gunicorn, no wrk).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import Page

REQUESTS = 20
TOP = 18


def _client(page: Page, cookie: str) -> Client:
    client = Client()
    if page.member:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    return client


def profile_pages(pages: list[Page], cookie: str) -> None:
    for page in pages:
        if page.key == "floor":
            continue
        client = _client(page, cookie)
        paths = page.paths[:REQUESTS]
        for path in paths[:3]:  # warm the process (templates, translations, connection)
            client.get(path)
        print(f"\n===== {page.key}: {len(paths)} requests =====")
        _print_queries(client, paths[0])
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for path in paths:
            client.get(path)
        profiler.disable()
        elapsed = (time.perf_counter() - started) / len(paths)
        print(f"-- {elapsed * 1000:.1f} ms per request in-process (under cProfile, so slower than real)")
        output = io.StringIO()
        stats = pstats.Stats(profiler, stream=output).strip_dirs().sort_stats("cumulative")
        stats.print_stats(TOP)
        print(output.getvalue().split("\n", 6)[-1])


def _print_queries(client: Client, path: str) -> None:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = captured.captured_queries
    print(f"-- {path}: {len(queries)} queries, {sum(float(q['time']) for q in queries) * 1000:.1f} ms in SQL")
    for query in queries:
        print(f"   {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    slowest = max(queries, key=lambda q: float(q["time"]), default=None)
    if slowest is None or not slowest["sql"].lstrip().upper().startswith("SELECT"):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
        plan = "\n".join(f"   {row[0]}" for row in cursor.fetchall())
    print(f"-- EXPLAIN ANALYZE of the slowest query:\n{plan}")
