"""``bench/run.py --profile``: where each page spends its time, for the page's owner.

For every page: its queries (count and the slowest, with EXPLAIN ANALYZE), then a cProfile of
a few requests of its mix served in-process through the full middleware stack (no gunicorn, no
wrk). The cache is flushed before each pass over the requests, so the profile shows what the
page costs while its cache fills: a request repeated in the mix hits what an earlier one left.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Callable
from pathlib import Path

import django
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import Line, Page, client_for, client_request

REQUESTS = 20
TOP = 15
ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = Path(django.__file__).parent.parent


def profile_pages(
    pages: list[Page], cookies: dict[int | None, str], headers: dict[str, str], flush: Callable[[], None]
) -> None:
    def send(line: Line) -> None:
        client_request(client_for(cookies[line.member_id]), line, headers)

    for page in pages:
        if page.key == "floor":
            continue
        paths = (page.lines * REQUESTS)[:REQUESTS]
        page_reset = page.before_load or (lambda: None)  # a page that writes starts afresh each time

        def reset(page_reset: Callable[[], None] = page_reset) -> None:
            page_reset()
            flush()

        reset()
        for path in paths[:3]:  # warm the process (templates, translations, connection)
            send(path)
        print(f"\n===== {page.key}: {len(paths)} requests =====")
        reset()
        _print_queries(send, paths)
        reset()
        profiler = cProfile.Profile()
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            profiler.enable()
            for path in paths:
                send(path)
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


def _print_queries(send: Callable[[Line], None], paths: list[Line]) -> None:
    """Each request's queries; the slowest requests; the plan of the slowest query of all."""
    per_path: list[tuple[float, str, list[dict[str, str]]]] = []
    for line in paths:
        with CaptureQueriesContext(connection) as captured:
            send(line)
        queries = list(captured.captured_queries)
        per_path.append((sum(float(q["time"]) for q in queries), line.path, queries))
    counts = sorted({len(queries) for _total, _path, queries in per_path})
    print(f"-- queries per request: {', '.join(map(str, counts))}")
    total, path, queries = per_path[0]
    print(f"-- the queries of {path} ({total * 1000:.1f} ms in SQL):")
    for query in queries:
        print(f"   {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
    print("-- the slowest requests (SQL time, wall):")
    for total, path, queries in sorted(per_path, key=lambda item: item[0], reverse=True)[:5]:
        print(f"   {total * 1000:7.1f} ms in {len(queries)} queries  {path}")
    # The plan worth reading is the one PostgreSQL itself finds slowest (wall times are noisy):
    # EXPLAIN ANALYZE the few slowest queries by wall time, show the worst plan.
    candidates = sorted(
        (query for _total, _path, queries in per_path for query in queries),
        key=lambda query: float(query["time"]),
        reverse=True,
    )
    plans = []
    with connection.cursor() as cursor:
        for query in [q for q in candidates if q["sql"].lstrip().upper().startswith("SELECT")][:4]:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query['sql']}")
            execution = float(cursor.fetchone()[0][0]["Execution Time"])
            plans.append((execution, query["sql"]))
        if not plans:
            return
        execution, sql = max(plans)
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(f"   {row[0]}" for row in cursor.fetchall())
    print(f"-- the slowest query ({execution:.2f} ms in PostgreSQL):\n   {sql[:3000]}")
    print(f"-- its plan:\n{plan}")
