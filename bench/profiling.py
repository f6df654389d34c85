"""``bench/run.py --profile``: where each page spends its time, for the page's owner.

For every page: its queries (count and the slowest, with EXPLAIN ANALYZE), then a cProfile of
a few requests served in-process through the full middleware stack (no gunicorn, no wrk).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from pathlib import Path

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import Page

REQUESTS = 20
TOP = 15
ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = Path(django.__file__).parent.parent


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
        paths = (page.paths * REQUESTS)[:REQUESTS]
        for path in paths[:3]:  # warm the process (templates, translations, connection)
            client.get(path)
        print(f"\n===== {page.key}: {len(paths)} requests =====")
        _print_queries(client, paths[0])
        profiler = cProfile.Profile()
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            profiler.enable()
            for path in paths:
                client.get(path)
            profiler.disable()
        elapsed = (time.perf_counter() - started) / len(paths)
        cpu = (time.process_time() - cpu_started) / len(paths)
        sql = sum(float(query["time"]) for query in captured.captured_queries) / len(paths)
        stats = pstats.Stats(profiler)
        rendering = _cumulative(stats, "django/template/loader.py", "render_to_string") / len(paths)
        print(
            f"-- {elapsed * 1000:.1f} ms per request in-process under cProfile (slower than real), "
            f"{cpu * 1000:.1f} ms of it on this process's CPU: SQL {sql * 1000:.1f} ms (wall), "
            f"template rendering {rendering * 1000:.1f} ms, "
            f"{len(captured.captured_queries) / len(paths):.1f} queries"
        )
        _print_stats(stats, "cumulative", f"^{ROOT}/(?!\\.venv)", "the project's own functions, by cumulative time")
        _print_stats(stats, "tottime", None, "all functions, by own time")


def _cumulative(stats: pstats.Stats, file_suffix: str, function: str) -> float:
    return sum(
        row[3]
        for (filename, _line, name), row in stats.stats.items()  # type: ignore[attr-defined]
        if name == function and filename.endswith(file_suffix)
    )


def _print_stats(stats: pstats.Stats, order: str, restriction: str | None, title: str) -> None:
    output = io.StringIO()
    stats.stream = output  # type: ignore[attr-defined]
    stats.sort_stats(order)
    if restriction:
        stats.print_stats(restriction, TOP)
    else:
        stats.print_stats(TOP)
    lines = [line.replace(f"{ROOT}/", "") for line in output.getvalue().splitlines() if line.strip()]
    table = [line for line in lines if line.lstrip()[:1].isdigit() or line.lstrip().startswith("ncalls")]
    print(f"-- {title}:")
    for line in table:
        print(f"   {line.replace(str(SITE_PACKAGES), '')}")


def _print_queries(client: Client, path: str) -> None:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = captured.captured_queries
    print(f"-- {path}: {len(queries)} queries, {sum(float(q['time']) for q in queries) * 1000:.1f} ms in SQL")
    for query in queries:
        print(f"   {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    # The plan worth reading is the one PostgreSQL itself finds slowest (wall times are noisy).
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query['sql']}")
                execution = float(cursor.fetchone()[0][0]["Execution Time"])
                plans.append((execution, query["sql"]))
        if not plans:
            return
        execution, sql = max(plans)
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(f"   {row[0]}" for row in cursor.fetchall())
    print(f"-- EXPLAIN ANALYZE of the query PostgreSQL executes slowest ({execution:.2f} ms):\n{plan}")
