#!/usr/bin/env python
"""``make bench``: seed PostgreSQL, serve the site with gunicorn, drive it with wrk, print the figures.

Each page is measured as an anonymous visitor or as a member of three circles, after a
warm-up, for a fixed duration, with 8 connections, against 2 sync gunicorn workers and no
cache. Each page's throughput is divided by the floor's (a tiny response through the same
middleware) measured in the same run, so runs on different machines compare. The last line
printed is one JSON object. See bench/README.md.

Environment (all optional): BENCH_LISTINGS (100000), BENCH_SECONDS (10), BENCH_WARMUP (3),
BENCH_CONNECTIONS (8), BENCH_PORT (8106), BENCH_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/cercle_bench), BENCH_PAGES (comma-separated page keys),
BENCH_RESEED=1 to seed again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where settings.py or profiling.py could
# shadow other modules: the project root takes its place.
sys.path[0] = str(ROOT)

HOST = "127.0.0.1"  # loopback only: the benchmark never sends a request anywhere else
WORKERS = 2  # fixed, so that runs compare
FLOOR_SAMPLE = 3  # seconds of floor measured right before each page
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cercle_bench"
LUA_SCRIPT = Path(__file__).resolve().parent / "wrk" / "rotate.lua"

from bench.common import Page, client_for, client_request, log, split_request  # noqa: E402


@dataclass(frozen=True)
class Config:
    listings: int
    seconds: float
    warmup: float
    connections: int
    port: int
    database_url: str
    pages: tuple[str, ...]
    reseed: bool
    profile: bool

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"


@dataclass
class Result:
    page: Page
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int
    cpu_ms: float = 0.0
    queries: tuple[int, int] = (0, 0)
    floor_rps: float = 0.0  # the floor measured just before this page: the ratio's denominator


def parse_config(argv: list[str]) -> Config:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ
    parser.add_argument("--listings", type=int, default=int(env.get("BENCH_LISTINGS", "100000")))
    parser.add_argument("--seconds", type=float, default=float(env.get("BENCH_SECONDS", "10")))
    parser.add_argument("--warmup", type=float, default=float(env.get("BENCH_WARMUP", "3")))
    parser.add_argument("--connections", type=int, default=int(env.get("BENCH_CONNECTIONS", "8")))
    parser.add_argument("--port", type=int, default=int(env.get("BENCH_PORT", "8106")))
    parser.add_argument("--database-url", default=env.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--pages", default=env.get("BENCH_PAGES", ""), help="comma-separated page keys (default: all)")
    parser.add_argument("--reseed", action="store_true", default=env.get("BENCH_RESEED", "") == "1")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of the load run: profile each page in-process and EXPLAIN ANALYZE its slowest query",
    )
    args = parser.parse_args(argv)
    if args.listings < 100:
        parser.error("--listings must be at least 100")
    if not 1 <= args.seconds <= 600 or not 0 <= args.warmup <= 60:
        parser.error("--seconds must be within 1..600 and --warmup within 0..60")
    return Config(
        listings=args.listings,
        seconds=args.seconds,
        warmup=args.warmup,
        connections=args.connections,
        port=args.port,
        database_url=args.database_url,
        pages=tuple(key.strip() for key in args.pages.split(",") if key.strip()),
        reseed=args.reseed,
        profile=args.profile,
    )


# --- environment: the same one for this process and for gunicorn


def bench_environment(config: Config, static_root: Path, media_root: Path) -> dict[str, str]:
    """Production settings (DEBUG off, whitenoise, persistent connections) on loopback, without Redis."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"} and not key.startswith("DJANGO_")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": config.database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-dummy-secret-key-not-used-anywhere-else-0123456789",
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # Persistent connections as in production (60 s there), kept for the whole run so
            # that the CPU accounting follows the same PostgreSQL backends from start to end.
            "DATABASE_CONN_MAX_AGE": "3600",
            # Tasks are enqueued (to an in-process broker) as production enqueues them to Redis,
            # never run inside the request; no worker consumes them during the benchmark.
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "BENCH_STATIC_ROOT": str(static_root),
            "BENCH_MEDIA_ROOT": str(media_root),
            "PYTHONPATH": str(ROOT),
        }
    )
    return environment


def conninfo(url: str, dbname: str | None = None) -> str:
    """A libpq connection string for ``url`` (loopback only), optionally to another database."""
    import psycopg
    from environ import Env

    settings = Env.db_url_config(url)
    host = str(settings.get("HOST") or HOST)
    if host not in (HOST, "localhost", "::1"):
        raise SystemExit(f"BENCH_DATABASE_URL must point to this machine (loopback), not {host}")
    params = {"user": settings.get("USER"), "password": settings.get("PASSWORD")}
    return psycopg.conninfo.make_conninfo(
        host=host,
        port=str(settings.get("PORT") or 5432),
        dbname=dbname or str(settings["NAME"]),
        connect_timeout="5",
        **{key: str(value) for key, value in params.items() if value},
    )


def database_name(url: str) -> str:
    from environ import Env

    return str(Env.db_url_config(url)["NAME"])


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist yet."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    try:
        with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                log(f"created the database {name}")
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL is not reachable at {url}: {error}") from error


def setup_django(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    for key in ("REDIS_URL",):
        os.environ.pop(key, None)
    import django

    django.setup()


def ensure_wrk() -> str:
    """wrk from Debian's packages; installed with apt-get when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing it with apt-get")
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, env=environment, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=environment, check=True)
            subprocess.run(install, env=environment, check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is needed: apt-get install wrk")
    return found


# --- what to request


def session_cookie(user_id: int) -> str:
    """A real database session for a member, made through the ORM (no login form)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    member = get_user_model().objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def visitor_headers(*, member_id: int, requester_id: int) -> dict[str, dict[str, str]]:
    """The headers each visitor sends: a session cookie, and a CSRF cookie with its header."""
    from django.conf import settings
    from django.utils.crypto import get_random_string

    csrf = get_random_string(32)  # an unmasked secret: Django accepts it in the header as is
    headers: dict[str, dict[str, str]] = {"anon": {}}
    for visitor, user_id in (("member", member_id), ("requester", requester_id)):
        cookies = f"{session_cookie(user_id)}; {settings.CSRF_COOKIE_NAME}={csrf}"
        headers[visitor] = {"Cookie": cookies, "X-CSRFToken": csrf}
    return headers


def build_pages(config: Config, member_id: int, requester_id: int) -> list[Page]:
    from bench import pages

    built = pages.build(listings=config.listings, member_id=member_id, requester_id=requester_id)
    if config.pages:
        unknown = set(config.pages) - {page.key for page in built} - {"floor"}
        if unknown:
            log(f"pages not available (yet): {', '.join(sorted(unknown))}")
        built = [page for page in built if page.key == "floor" or page.key in config.pages]
    return built


def count_queries(pages: list[Page], headers: dict[str, dict[str, str]], sample: int = 8) -> dict[str, tuple[int, int]]:
    """Requests a few paths of each page in-process and counts their queries (min, max).

    Also checks every page answers as expected, so a 404 or a login redirect is never
    measured as a fast page.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    logout_url = reverse("account_logout")
    counts: dict[str, tuple[int, int]] = {}
    for page in pages:
        client = client_for(headers[page.visitor])
        if page.before_load:
            page.before_load()
        numbers = []
        for line in page.paths[:sample]:
            with CaptureQueriesContext(connection) as captured:
                response = client_request(client, line)
            path = split_request(line)[0]
            if response.status_code != page.expect_status:
                raise SystemExit(f"{page.key}: {path} answered {response.status_code}, not {page.expect_status}")
            body = response.content.decode(errors="replace")
            if page.key != "floor" and page.expect_status == 200 and (logout_url in body) != page.logged_in:
                state = "logged in" if page.logged_in else "anonymous"
                raise SystemExit(f"{page.key}: {path} was not served to a {state} visitor")
            numbers.append(len(captured.captured_queries))
        counts[page.key] = (min(numbers), max(numbers))
    return counts


# --- the server under test


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) != 0


@contextmanager
def gunicorn(config: Config, environment: dict[str, str], log_path: Path) -> Iterator[int]:
    """Serve the site with 2 sync workers on loopback; yield the master's PID; always stop it."""
    if not port_is_free(config.port):
        raise SystemExit(f"Port {config.port} is already in use: stop what listens there or set BENCH_PORT")
    command = [
        sys.executable, "-m", "gunicorn", "marketplace.wsgi:application",
        "--bind", f"{HOST}:{config.port}",
        "--workers", str(WORKERS), "--worker-class", "sync", "--threads", "1",
        "--timeout", "30", "--graceful-timeout", "5",
        "--chdir", str(ROOT), "--error-logfile", str(log_path), "--log-level", "warning",
    ]  # fmt: skip
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            command, env=environment, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    log(f"gunicorn started, PID {process.pid} ({WORKERS} sync workers on {config.base_url})")
    try:
        wait_until_up(f"{config.base_url}/bench/floor/", process, log_path)
        yield process.pid
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        log(f"gunicorn PID {process.pid} stopped")


def wait_until_up(url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


# --- CPU used by the server side


class ServerCpu:
    """CPU time spent serving: gunicorn's workers plus the PostgreSQL backends of this database.

    Unlike requests/s, CPU per request hardly moves when other programs share the machine,
    so it is printed next to the throughput as a steadier second opinion.
    """

    def __init__(self, master_pid: int, database_url: str) -> None:
        import psycopg

        self.master_pid = master_pid
        self.database = database_name(database_url)
        self.connection = psycopg.connect(conninfo(database_url), autocommit=True)
        self.tick = 1 / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        self.connection.close()

    def _pids(self) -> set[int]:
        workers = {pid for pid, ppid in _processes() if ppid == self.master_pid}
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend' "
            "AND pid <> pg_backend_pid()",
            [self.database],
        ).fetchall()
        return workers | {int(row[0]) for row in rows}

    def snapshot(self) -> dict[int, float]:
        return {pid: seconds for pid in self._pids() if (seconds := _cpu_seconds(pid, self.tick)) is not None}

    @staticmethod
    def used(before: dict[int, float], after: dict[int, float]) -> float:
        """CPU seconds between two snapshots; a process born in between counts from zero."""
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _processes() -> Iterator[tuple[int, int]]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            yield int(entry.name), int(fields[1])


def _cpu_seconds(pid: int, tick: float) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * tick  # utime + stime


# --- the load


def warm_workers(config: Config, pages: list[Page], headers: dict[str, dict[str, str]]) -> None:
    """A few requests of every page before any measurement: URL conf, templates, connections."""
    for page in pages:
        if page.before_load:
            page.before_load()
        for line in page.paths[: 4 * WORKERS]:
            path, body = split_request(line)
            request = urllib.request.Request(
                config.base_url + path,
                data=body.encode() if body is not None else None,
                headers={**headers[page.visitor], "Content-Type": "application/x-www-form-urlencoded"},
                method="GET" if body is None else "POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
            except urllib.error.HTTPError:
                pass  # count_queries already checked each page answers as expected


def run_wrk(
    wrk: str,
    config: Config,
    page: Page,
    headers: dict[str, str],
    seconds: float,
    workdir: Path,
    *,
    reverse: bool = False,
) -> dict[str, Any]:
    requests_file = workdir / f"{page.key}.requests"
    requests_file.write_text("\n".join(reversed(page.paths) if reverse else page.paths) + "\n")
    command = [
        wrk, "--threads", "1", "--connections", str(config.connections), "--duration", f"{max(1, round(seconds))}s",
        "--timeout", "10s", "--script", str(LUA_SCRIPT), "--header", "Accept-Language: fr",
        "--header", "Content-Type: application/x-www-form-urlencoded",
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command += [config.base_url, "--", str(requests_file), str(page.expect_status)]
    # Bounded: wrk stops by itself after --duration; the timeout is a safety net.
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=False)
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return dict(json.loads(line.removeprefix("BENCH_RESULT ")))
    raise SystemExit(f"wrk failed for {page.key}:\n{completed.stdout}\n{completed.stderr}")


def measure(
    wrk: str,
    config: Config,
    page: Page,
    headers: dict[str, str],
    workdir: Path,
    cpu: ServerCpu,
    *,
    seconds: float | None = None,
    warmup: bool = True,
) -> Result:
    seconds = seconds or config.seconds
    if warmup and config.warmup:
        if page.before_load:
            page.before_load()
        # The warm-up walks the requests from the other end: a POST still in flight when it
        # stops cannot collide with one the measurement sends.
        run_wrk(wrk, config, page, headers, config.warmup, workdir, reverse=True)
    time.sleep(1)  # let the requests wrk abandoned at its last deadline finish
    if page.before_load:
        page.before_load()
    before = cpu.snapshot()
    figures = run_wrk(wrk, config, page, headers, seconds, workdir)
    cpu_seconds = cpu.used(before, cpu.snapshot())
    # Any status but the expected one (404, 500, a login redirect) counts: wrk alone only
    # counts 4xx and 5xx.
    errors = sum(int(figures[key]) for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    errors += int(figures["unexpected_status"])
    requests = int(figures["requests"])
    result = Result(
        page=page,
        rps=requests / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=requests,
        errors=errors,
        cpu_ms=1000 * cpu_seconds / max(1, requests),
    )
    log(
        f"{page.key:<16} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms  "
        f"server CPU {result.cpu_ms:6.2f} ms/request"
    )
    return result


# --- the report


def report(config: Config, results: list[Result], floor_runs: list[float], seeded: Any) -> dict[str, Any]:
    floor_rps = statistics.fmean(floor_runs)
    figures: dict[str, Any] = {
        "listings": config.listings,
        "seconds": config.seconds,
        "connections": config.connections,
        "workers": WORKERS,
        "floor_rps": round(floor_rps, 1),
        "floor_drift_pct": round(100 * (max(floor_runs) - min(floor_runs)) / floor_rps, 1),
    }
    header = (
        f"{'page':<18}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'ratio':>8}"
        f"{'cpu ms':>8}{'cpu ratio':>10}{'queries':>9}{'errors':>8}"
    )
    print()
    print(
        f"Cercle load benchmark — {config.listings:,} listings, {WORKERS} sync workers, {config.connections} "
        f"connections, {config.seconds:g} s per page after {config.warmup:g} s warm-up, no cache"
    )
    print(header)
    print("-" * len(header))
    floor_cpu = results[0].cpu_ms
    for result in results:
        key = result.page.key
        ratio = result.rps / (result.floor_rps or floor_rps)
        cpu_ratio = floor_cpu / result.cpu_ms if result.cpu_ms else 0.0
        low, high = result.queries
        queries = str(low) if low == high else f"{low}-{high}"
        print(
            f"{result.page.label:<18}{result.rps:9.1f}{result.p50_ms:9.1f}{result.p95_ms:9.1f}"
            f"{result.p99_ms:9.1f}{ratio:8.3f}{result.cpu_ms:8.2f}{cpu_ratio:10.3f}{queries:>9}{result.errors:8d}"
        )
        if key != "floor":
            figures[f"{key}_rps"] = round(result.rps, 1)
            figures[f"{key}_ratio"] = round(ratio, 4)
        figures[f"{key}_p50_ms"] = round(result.p50_ms, 1)
        figures[f"{key}_p95_ms"] = round(result.p95_ms, 1)
        figures[f"{key}_cpu_ms"] = round(result.cpu_ms, 2)
        if key != "floor":
            figures[f"{key}_cpu_ratio"] = round(cpu_ratio, 4)
        figures[f"{key}_queries"] = high
        if result.errors:
            figures[f"{key}_errors"] = result.errors
    print("-" * len(header))
    print(f"floor samples (first, before each page, last): {', '.join(f'{rps:.0f}' for rps in floor_runs)} req/s "
          f"(spread {figures['floor_drift_pct']} %); seeding: "
          f"{'reused' if seeded.reused else f'{seeded.seconds:.1f} s'}")  # fmt: skip
    figures["seed_seconds"] = round(seeded.seconds, 1)
    if figures["floor_drift_pct"] > 15:
        print(
            "warning: the floor moved by more than 15 % during the run: the machine was busy; ratios use the "
            "floor measured just before each page, and the cpu columns are steadier"
        )
    if any(result.errors for result in results):
        print("warning: some requests failed (see the errors column): those figures are not comparable")
    return figures


def save_result(figures: dict[str, Any]) -> None:
    """Keep every run's figures in bench/results/ (ignored by git), for bench/compare.py."""
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime())
    (folder / f"{stamp}-{figures['listings']}.json").write_text(json.dumps(figures, indent=2) + "\n")


def main(argv: list[str]) -> int:
    config = parse_config(argv)
    # A SIGTERM (e.g. from a CI timeout) unwinds like Ctrl-C, so gunicorn is always stopped.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    wrk = "" if config.profile else ensure_wrk()
    ensure_database(config.database_url)
    workdir = Path(tempfile.mkdtemp(prefix="cercle-bench-"))
    try:
        environment = bench_environment(config, workdir / "static", workdir / "media")
        setup_django(environment)
        from django.core.management import call_command

        from bench.seed import ensure_seeded

        seeded = ensure_seeded(listings=config.listings, force=config.reseed, out=sys.stdout)
        headers = visitor_headers(member_id=seeded.member_id, requester_id=seeded.requester_id)
        pages = build_pages(config, seeded.member_id, seeded.requester_id)
        started = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0)
        log(f"collectstatic into {workdir / 'static'} in {time.monotonic() - started:.1f} s")
        if config.profile:
            from bench.profiling import profile_pages

            profile_pages(pages, headers)
            return 0
        queries = count_queries(pages, headers)
        from django.db import connections

        connections.close_all()  # gunicorn's workers open their own
        results: list[Result] = []
        floor = pages[0]
        with gunicorn(config, environment, workdir / "gunicorn.log") as master_pid:
            warm_workers(config, pages, headers)
            cpu = ServerCpu(master_pid, config.database_url)
            load_before = os.getloadavg()[0]
            floor_runs: list[Result] = []
            try:
                floor_runs.append(measure(wrk, config, floor, headers[floor.visitor], workdir, cpu))
                for page in pages[1:]:
                    # A short floor right before each page: the ratio divides by what the
                    # machine could do at that moment, not at the start of a long run.
                    adjacent = measure(
                        wrk, config, floor, headers[floor.visitor], workdir, cpu, seconds=FLOOR_SAMPLE, warmup=False
                    )
                    floor_runs.append(adjacent)
                    result = measure(wrk, config, page, headers[page.visitor], workdir, cpu)
                    result.queries = queries[page.key]
                    result.floor_rps = adjacent.rps
                    results.append(result)
                floor_runs.append(measure(wrk, config, floor, headers[floor.visitor], workdir, cpu))
            finally:
                cpu.close()
            load_after = os.getloadavg()[0]
        floor_result = Result(
            page=floor,
            rps=statistics.fmean(run.rps for run in floor_runs),
            p50_ms=statistics.median(run.p50_ms for run in floor_runs),
            p95_ms=statistics.median(run.p95_ms for run in floor_runs),
            p99_ms=statistics.median(run.p99_ms for run in floor_runs),
            requests=sum(run.requests for run in floor_runs),
            errors=sum(run.errors for run in floor_runs),
            cpu_ms=statistics.median(run.cpu_ms for run in floor_runs),
            queries=queries["floor"],
        )
        figures = report(config, [floor_result, *results], [run.rps for run in floor_runs], seeded)
        figures["loadavg_before"], figures["loadavg_after"] = round(load_before, 2), round(load_after, 2)
        save_result(figures)
        print(json.dumps(figures, sort_keys=False))
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
