#!/usr/bin/env python
"""``make bench``: seed PostgreSQL, serve the site with gunicorn and Redis, drive it with wrk on a mix.

Each page is measured twice, as a visitor or in turn as each of 24 members with different
circles, for a fixed duration with 8 connections, against 2 sync gunicorn workers and a Redis
cache of the run's own: **cold** (the cache flushed right before the measured seconds, after a
warm-up of everything else) and **warm** (after a warm-up on the same stream of requests). The
requests follow a mix drawn Zipf-like from a fixed seed (bench/mix.py). Each throughput is
divided by the floor's (a tiny response through the same middleware) measured right before the
page, so runs on different machines compare. The last line printed is one JSON object. See bench/README.md.

Environment (all optional): BENCH_LISTINGS (100000), BENCH_SECONDS (10), BENCH_WARMUP (3),
BENCH_CONNECTIONS (8), BENCH_PORT (8106), BENCH_REDIS_PORT (6391), BENCH_DATABASE_URL
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # Run as a script, Python puts bench/ first on the path, where settings.py or profiling.py
    # could shadow other modules: the project root takes its place.
    sys.path[0] = str(ROOT)

HOST = "127.0.0.1"  # loopback only: the benchmark never sends a request anywhere else
WORKERS = 2  # fixed, so that runs compare
FLOOR_SAMPLE = 3  # seconds of floor measured right before each page's cold and warm seconds
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cercle_bench"
LUA_SCRIPT = Path(__file__).resolve().parent / "wrk" / "rotate.lua"
CSRF_SECRET = "benchcsrfsecret0123456789abcdefg"  # 32 characters: Django accepts it unmasked
WRK_HEADERS = {"Accept-Language": "fr", "X-CSRFToken": CSRF_SECRET}

from bench.common import Line, Page, client_for, client_request, log  # noqa: E402
from bench.goals import GOALS, verdict  # noqa: E402
from bench.mix import distinct_in  # noqa: E402


@dataclass(frozen=True)
class Config:
    listings: int
    seconds: float
    warmup: float
    connections: int
    port: int
    redis_port: int
    database_url: str
    pages: tuple[str, ...]
    reseed: bool
    profile: bool
    seed_only: bool

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
    cache_hits: int = 0
    cache_misses: int = 0
    distinct: int = 0  # different request lines (URL and cookie) sent during the measured seconds
    next_line: int = 0  # where the page's stream goes on
    floor_rps: float = 0.0  # the floor measured just before this page: the ratio's denominator

    @property
    def hit_rate(self) -> float | None:
        lookups = self.cache_hits + self.cache_misses
        return self.cache_hits / lookups if lookups else None


@dataclass
class PageFigures:
    page: Page
    cold: Result
    warm: Result
    queries_cold: tuple[int, int] = (0, 0)
    queries_warm: tuple[int, int] = (0, 0)
    notes: list[str] = field(default_factory=list)


def parse_config(argv: list[str]) -> Config:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ
    parser.add_argument("--listings", type=int, default=int(env.get("BENCH_LISTINGS", "100000")))
    parser.add_argument("--seconds", type=float, default=float(env.get("BENCH_SECONDS", "10")))
    parser.add_argument("--warmup", type=float, default=float(env.get("BENCH_WARMUP", "3")))
    parser.add_argument("--connections", type=int, default=int(env.get("BENCH_CONNECTIONS", "8")))
    parser.add_argument("--port", type=int, default=int(env.get("BENCH_PORT", "8106")))
    parser.add_argument("--redis-port", type=int, default=int(env.get("BENCH_REDIS_PORT", "6391")))
    parser.add_argument("--database-url", default=env.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--pages", default=env.get("BENCH_PAGES", ""), help="comma-separated page keys (default: all)")
    parser.add_argument("--reseed", action="store_true", default=env.get("BENCH_RESEED", "") == "1")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of the load run: profile each page in-process and EXPLAIN ANALYZE its slowest query",
    )
    parser.add_argument("--seed-only", action="store_true", help="seed (or reuse) the database, print its sizes, stop")
    args = parser.parse_args(argv)
    if args.listings < 100:
        parser.error("--listings must be at least 100")
    if not 1 <= args.seconds <= 600 or not 0 <= args.warmup <= 60:
        parser.error("--seconds must be within 1..600 and --warmup within 0..60")
    if args.port == args.redis_port:
        parser.error("--port and --redis-port must differ")
    return Config(
        listings=args.listings,
        seconds=args.seconds,
        warmup=args.warmup,
        connections=args.connections,
        port=args.port,
        redis_port=args.redis_port,
        database_url=args.database_url,
        pages=tuple(key.strip() for key in args.pages.split(",") if key.strip()),
        reseed=args.reseed,
        profile=args.profile,
        seed_only=args.seed_only,
    )


# --- environment: the same one for this process and for gunicorn


def bench_environment(config: Config, static_root: Path, media_root: Path, redis_url: str) -> dict[str, str]:
    """Production settings (DEBUG off, whitenoise, persistent connections, Redis cache) on loopback."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"} and not key.startswith("DJANGO_")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": config.database_url,
            "REDIS_URL": redis_url,
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
            # Tasks are enqueued (to an in-process broker, bench/settings.py) as production
            # enqueues them to Redis, never run inside the request; no worker consumes them.
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


# --- the cache: a redis-server of the run's own


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) != 0


class BenchRedis:
    """The run's own Redis: its statistics are the benchmark's alone, and flushing it touches nobody."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        import redis

        self.process = process
        self.pid = process.pid
        self.url = f"redis://{HOST}:{port}/0"
        self.client = redis.Redis(host=HOST, port=port, socket_timeout=5, socket_connect_timeout=5)

    def flush(self) -> None:
        self.client.flushall()

    def lookups(self) -> tuple[int, int]:
        """Redis's own count of key lookups that found a key (hits) and that did not (misses)."""
        stats = self.client.info("stats")
        return int(stats["keyspace_hits"]), int(stats["keyspace_misses"])

    def memory(self) -> int:
        """Bytes Redis holds now (its ``used_memory``)."""
        return int(self.client.info("memory")["used_memory"])


@contextmanager
def bench_redis(config: Config, workdir: Path) -> Iterator[BenchRedis]:
    """Start redis-server on its own port (no persistence); yield it; always stop it by its PID."""
    import redis

    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("redis-server is needed: apt-get install redis-server")
    if not port_is_free(config.redis_port):
        raise SystemExit(f"Port {config.redis_port} is already in use: set BENCH_REDIS_PORT to a free one")
    command = [
        binary, "--bind", HOST, "--port", str(config.redis_port), "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--dir", str(workdir), "--logfile", str(workdir / "redis.log"),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    server = BenchRedis(process, config.redis_port)
    log(f"redis-server started, PID {process.pid} (cache on {server.url}, no persistence)")
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                server.client.ping()
                break
            except redis.RedisError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("redis-server did not start: see its log") from None
                time.sleep(0.1)
        yield server
    finally:
        server.client.close()
        _stop(process)
        log(f"redis-server PID {process.pid} stopped")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# --- who requests


def session_cookie(user_id: int) -> str:
    """A real session for a member, made through the site's session engine (no login form)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    member = get_user_model().objects.get(pk=user_id)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def member_cookies(member_ids: list[int]) -> dict[int | None, str]:
    """Each member's Cookie header: a session, and the CSRF cookie that wrk's X-CSRFToken matches."""
    from django.conf import settings

    cookies: dict[int | None, str] = {None: ""}
    for member_id in member_ids:
        cookies[member_id] = f"{session_cookie(member_id)}; {settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    return cookies


def build_pages(config: Config, cast_ids: tuple[int, ...], requester_id: int) -> list[Page]:
    from bench import pages

    built = pages.build(listings=config.listings, cast_ids=cast_ids, requester_id=requester_id)
    if config.pages:
        unknown = set(config.pages) - {page.key for page in built} - {"floor"}
        if unknown:
            log(f"pages not available (yet): {', '.join(sorted(unknown))}")
        built = [page for page in built if page.key == "floor" or page.key in config.pages]
    return built


def count_queries(
    pages: list[Page], cookies: dict[int | None, str], cache: BenchRedis, sample: int = 6
) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
    """Counts each page's queries in-process, cache empty then warm: (min, max) of each.

    Cold: the cache flushed before each request, so every lookup misses (the page's full cost).
    Warm: the same requests again, the cache as they left it. Also checks every page answers
    as expected, so a 404 or a login redirect is never measured as a fast page.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    logout_url = reverse("account_logout")
    counts: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
    for page in pages:
        lines = page.lines[:sample]
        numbers: dict[bool, list[int]] = {True: [], False: []}
        for cold in (True, False):
            if page.before_load:
                page.before_load()
            for line in lines:
                if cold:
                    cache.flush()
                with CaptureQueriesContext(connection) as captured:
                    response = client_request(client_for(cookies[line.member_id]), line, WRK_HEADERS)
                if response.status_code != page.expect_status:
                    raise SystemExit(
                        f"{page.key}: {line.method} {line.path} answered {response.status_code}, "
                        f"not {page.expect_status}"
                    )
                body = response.content.decode(errors="replace")
                if page.key != "floor" and page.expect_status == 200 and (logout_url in body) != page.logged_in:
                    state = "logged in" if page.logged_in else "anonymous"
                    raise SystemExit(f"{page.key}: {line.path} was not served to a {state} visitor")
                numbers[cold].append(len(captured.captured_queries))
        counts[page.key] = ((min(numbers[True]), max(numbers[True])), (min(numbers[False]), max(numbers[False])))
    return counts


# --- the server under test


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
        _stop(process)
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
    """CPU time spent serving: gunicorn's workers, the PostgreSQL backends of this database, Redis.

    Unlike requests/s, CPU per request hardly moves when other programs share the machine,
    so it is printed next to the throughput as a steadier second opinion.
    """

    def __init__(self, master_pid: int, database_url: str, redis_pid: int) -> None:
        import psycopg

        self.master_pid = master_pid
        self.redis_pid = redis_pid
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
        return workers | {int(row[0]) for row in rows} | {self.redis_pid}

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


class Load:
    """Runs wrk for one page's stream of requests; remembers where each page's stream stopped."""

    def __init__(
        self, wrk: str, config: Config, cookies: dict[int | None, str], workdir: Path, cpu: ServerCpu, cache: BenchRedis
    ) -> None:
        self.wrk, self.config, self.cookies, self.workdir = wrk, config, cookies, workdir
        self.cpu, self.cache = cpu, cache
        self.files: dict[tuple[str, bool], Path] = {}

    def _file(self, page: Page, *, reverse: bool) -> Path:
        key = (page.key, reverse)
        if key not in self.files:
            path = self.workdir / f"{page.key}{'-reversed' if reverse else ''}.requests"
            lines = list(reversed(page.lines)) if reverse else page.lines
            cookies = self.cookies
            path.write_text(
                "".join(f"{line.method}\t{line.path}\t{line.body or ''}\t{cookies[line.member_id]}\n" for line in lines)
            )
            self.files[key] = path
        return self.files[key]

    def wrk_run(self, page: Page, seconds: float, *, start: int = 0, reverse: bool = False) -> dict[str, Any]:
        command = [
            self.wrk, "--threads", "1", "--connections", str(self.config.connections),
            "--duration", f"{max(1, round(seconds))}s", "--timeout", "10s", "--script", str(LUA_SCRIPT),
        ]  # fmt: skip
        for name, value in WRK_HEADERS.items():
            command += ["--header", f"{name}: {value}"]
        command += [self.config.base_url, "--", str(self._file(page, reverse=reverse)), str(page.expect_status)]
        command.append(str(start))
        # Bounded: wrk stops by itself after --duration; the timeout is a safety net.
        completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=False)
        for line in completed.stdout.splitlines():
            if line.startswith("BENCH_RESULT "):
                return dict(json.loads(line.removeprefix("BENCH_RESULT ")))
        raise SystemExit(f"wrk failed for {page.key}:\n{completed.stdout}\n{completed.stderr}")

    def measure(self, page: Page, *, seconds: float | None = None, start: int = 0, label: str = "") -> Result:
        """The measured seconds: wrk's figures, the server's CPU, the cache's hits and misses."""
        seconds = seconds or self.config.seconds
        time.sleep(1)  # let the requests wrk abandoned at its last deadline finish
        if page.before_load:
            page.before_load()
        if label == "cold":
            self.cache.flush()
        before, lookups_before = self.cpu.snapshot(), self.cache.lookups()
        figures = self.wrk_run(page, seconds, start=start)
        cpu_seconds = self.cpu.used(before, self.cpu.snapshot())
        hits, misses = (after - earlier for after, earlier in zip(self.cache.lookups(), lookups_before, strict=True))
        # Any status but the expected one (404, 500, a login redirect) counts: wrk alone only
        # counts 4xx and 5xx.
        errors = sum(int(figures[key]) for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
        errors += int(figures["unexpected_status"])
        requests = int(figures["requests"])
        sent = int(figures["next"]) - start
        result = Result(
            page=page,
            rps=requests / (figures["duration_us"] / 1e6),
            p50_ms=figures["p50_us"] / 1000,
            p95_ms=figures["p95_us"] / 1000,
            p99_ms=figures["p99_us"] / 1000,
            requests=requests,
            errors=errors,
            cpu_ms=1000 * cpu_seconds / max(1, requests),
            cache_hits=hits,
            cache_misses=misses,
            distinct=distinct_in([self._key(line) for line in page.lines], start, sent),
            next_line=int(figures["next"]),
        )
        rate = "-" if result.hit_rate is None else f"{100 * result.hit_rate:5.1f} %"
        log(
            f"{page.key:<16} {label:<5} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
            f"p95 {result.p95_ms:7.1f} ms  server CPU {result.cpu_ms:6.2f} ms/request  cache hits {rate}  "
            f"{result.distinct} distinct requests"
        )
        return result

    @staticmethod
    def _key(line: Line) -> str:
        return f"{line.method} {line.path} {line.body or ''} {line.member_id or ''}"

    def warm_up(self, page: Page, *, start: int | None = None) -> int:
        """Load that is not measured; returns where the page's stream goes on.

        With ``start``, it continues the stream from there. Without, it walks the stream from
        its far end: the same mix, other draws, so it warms the workers and PostgreSQL for the
        requests to come (what it leaves in the cache is flushed before the cold seconds); for
        a page that writes, a POST still in flight when it stops cannot collide with one the
        measurement sends.
        """
        if not self.config.warmup:
            return start or 0
        if page.before_load:
            page.before_load()
        if start is None or not page.continuous:
            self.wrk_run(page, self.config.warmup, reverse=True)
            return 0
        return int(self.wrk_run(page, self.config.warmup, start=start)["next"])

    def cold_then_warm(self, page: Page, floor: Page) -> tuple[Result, Result, list[Result]]:
        """Cold, then warm, on one continuous stream of requests; each after its own floor sample.

        A floor sample, then a warm-up from the far end of the stream warms what is not the
        cache (the workers, PostgreSQL's buffers and prepared statements); then the cache is
        flushed and the cold seconds measured from the stream's first line; then a warm-up
        continues the stream where it stopped, a second floor sample, and the warm seconds
        continue the stream. Each figure's ratio divides by the floor sampled just before it:
        what the machine could do at that moment, not at the start of a long run.
        """
        floors = [self.measure(floor, seconds=FLOOR_SAMPLE, label="floor")]
        self.warm_up(page)
        cold = self.measure(page, label="cold")
        start = self.warm_up(page, start=cold.next_line)
        floors.append(self.measure(floor, seconds=FLOOR_SAMPLE, label="floor"))
        warm = self.measure(page, start=start, label="warm")
        cold.floor_rps, warm.floor_rps = floors[0].rps, floors[1].rps
        return cold, warm, floors


def warm_workers(config: Config, pages: list[Page], cookies: dict[int | None, str]) -> None:
    """A few requests of every page before any measurement: URL conf, templates, connections."""
    for page in pages:
        if page.before_load:
            page.before_load()
        for line in page.lines[: 4 * WORKERS]:
            headers = {**WRK_HEADERS, "Content-Type": "application/x-www-form-urlencoded"}
            if cookies[line.member_id]:
                headers["Cookie"] = cookies[line.member_id]
            request = urllib.request.Request(
                config.base_url + line.path,
                data=line.body.encode() if line.body is not None else None,
                headers=headers,
                method=line.method,
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
            except urllib.error.HTTPError:
                pass  # count_queries already checked each page answers as expected


# --- the report


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _range(numbers: tuple[int, int]) -> str:
    low, high = numbers
    return str(low) if low == high else f"{low}-{high}"


def report(
    config: Config, floor: Result, rows: list[PageFigures], floor_runs: list[float], seeded: Any, storage: Any
) -> dict[str, Any]:
    floor_rps = statistics.fmean(floor_runs)
    figures: dict[str, Any] = {
        "listings": config.listings,
        "seconds": config.seconds,
        "warmup": config.warmup,
        "connections": config.connections,
        "workers": WORKERS,
        "cache": "redis",
        "floor_rps": round(floor_rps, 1),
        "floor_drift_pct": round(100 * (max(floor_runs) - min(floor_runs)) / floor_rps, 1),
        "floor_p50_ms": round(floor.p50_ms, 1),
        "floor_p95_ms": round(floor.p95_ms, 1),
        "floor_cpu_ms": round(floor.cpu_ms, 2),
    }
    print()
    print(
        f"Cercle load benchmark — {config.listings:,} listings, {WORKERS} sync workers, {config.connections} "
        f"connections, Redis cache; per page: floor {FLOOR_SAMPLE} s, {config.warmup:g} s warm-up, flush, cold "
        f"{config.seconds:g} s, {config.warmup:g} s warm-up, floor {FLOOR_SAMPLE} s, warm {config.seconds:g} s"
    )
    header = (
        f"{'page':<19}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'ratio':>7}{'cpu ms':>8}{'hits':>7}"
        f"{'reqs':>6} |{'cold':>7}{'p95':>7}{'cpu ms':>8}{'hits':>7} |{'queries':>8}{'warm q':>8}{'errors':>7}"
    )
    print("warm figures | cold figures (ratio = req/s over the floor's just before; hits = cache hit rate;")
    print("reqs = distinct requests sent; queries per request in-process: cache empty / warm)")
    print(header)
    print("-" * len(header))
    print(
        f"{'floor':<19}{floor.rps:8.1f}{floor.p50_ms:7.1f}{floor.p95_ms:7.1f}{floor.p99_ms:7.1f}{1:7.3f}"
        f"{floor.cpu_ms:8.2f}{'':>7}{'':>6} |{'':>7}{'':>7}{'':>8}{'':>7} |{'':>8}{'':>8}{floor.errors:7d}"
    )
    for row in rows:
        key, warm, cold = row.page.key, row.warm, row.cold
        warm_ratio, cold_ratio = warm.rps / (warm.floor_rps or floor_rps), cold.rps / (cold.floor_rps or floor_rps)
        errors = warm.errors + cold.errors
        print(
            f"{row.page.label:<19}{warm.rps:8.1f}{warm.p50_ms:7.1f}{warm.p95_ms:7.1f}{warm.p99_ms:7.1f}"
            f"{warm_ratio:7.3f}{warm.cpu_ms:8.2f}{_rate(warm.hit_rate):>7}{warm.distinct:6d} |"
            f"{cold_ratio:7.3f}{cold.p95_ms:7.1f}{cold.cpu_ms:8.2f}{_rate(cold.hit_rate):>7} |"
            f"{_range(row.queries_cold):>8}{_range(row.queries_warm):>8}{errors:7d}"
        )
        cpu_ratio = floor.cpu_ms / warm.cpu_ms if warm.cpu_ms else 0.0
        cold_cpu_ratio = floor.cpu_ms / cold.cpu_ms if cold.cpu_ms else 0.0
        figures.update(
            {
                f"{key}_rps": round(warm.rps, 1),
                f"{key}_ratio": round(warm_ratio, 4),
                f"{key}_p50_ms": round(warm.p50_ms, 1),
                f"{key}_p95_ms": round(warm.p95_ms, 1),
                f"{key}_p99_ms": round(warm.p99_ms, 1),
                f"{key}_cpu_ms": round(warm.cpu_ms, 2),
                f"{key}_cpu_ratio": round(cpu_ratio, 4),
                f"{key}_hit_rate": None if warm.hit_rate is None else round(warm.hit_rate, 4),
                f"{key}_lookups_per_request": round((warm.cache_hits + warm.cache_misses) / max(1, warm.requests), 2),
                f"{key}_distinct": warm.distinct,
                f"{key}_cold_rps": round(cold.rps, 1),
                f"{key}_cold_ratio": round(cold_ratio, 4),
                f"{key}_cold_p50_ms": round(cold.p50_ms, 1),
                f"{key}_cold_p95_ms": round(cold.p95_ms, 1),
                f"{key}_cold_p99_ms": round(cold.p99_ms, 1),
                f"{key}_cold_cpu_ms": round(cold.cpu_ms, 2),
                f"{key}_cold_cpu_ratio": round(cold_cpu_ratio, 4),
                f"{key}_cold_hit_rate": None if cold.hit_rate is None else round(cold.hit_rate, 4),
                f"{key}_cold_distinct": cold.distinct,
                f"{key}_queries": row.queries_cold[1],
                f"{key}_queries_warm": row.queries_warm[1],
            }
        )
        if errors:
            figures[f"{key}_errors"] = errors
    print("-" * len(header))
    print("mix: " + "; ".join(f"{row.page.key}: {row.page.mix}" for row in rows if row.page.mix))
    samples = ", ".join(f"{rps:.0f}" for rps in floor_runs)
    seeding = "reused" if seeded.reused else f"{seeded.seconds:.1f} s"
    print(f"floor samples (first, before each cold and warm, last): {samples} req/s "
          f"(spread {figures['floor_drift_pct']} %); seeding: {seeding}")  # fmt: skip
    figures["seed_seconds"] = round(seeded.seconds, 1)
    print(storage.summary())
    figures.update(storage.figures())
    print_goals(config, figures, [row.page.key for row in rows])
    if figures["floor_drift_pct"] > 15:
        print(
            "warning: the floor moved by more than 15 % during the run: the machine was busy; ratios use the "
            "floor measured just before each page, and the cpu columns are steadier"
        )
    if any(row.warm.errors or row.cold.errors for row in rows):
        print("warning: some requests failed (see the errors column): those figures are not comparable")
    return figures


def print_goals(config: Config, figures: dict[str, Any], keys: list[str]) -> None:
    """The issue's goals beside the figures, each met or not: reported, never asserted."""
    print()
    note = ""
    if config.listings != 100_000:
        note = f" (the goals are set at 100,000 listings; this run has {config.listings:,})"
    print(f"Goals of issue 17{note}: ratio to the floor, warm goal and cold floor")
    print("(cpu ratio: the floor's CPU per request over the page's, a steadier reading on a busy machine)")
    print(f"{'page':<19}{'warm':>8}{'goal':>8}{'':>10}{'cold':>8}{'floor':>8}{'':>10}{'cpu ratio warm, cold':>22}")
    for key in keys:
        goal = GOALS.get(key)
        if goal is None:
            continue
        warm, cold = figures[f"{key}_ratio"], figures[f"{key}_cold_ratio"]
        warm_verdict = verdict(warm, goal.warm)
        cold_verdict = verdict(cold, goal.cold)
        figures[f"{key}_goal"] = warm_verdict
        figures[f"{key}_cold_floor"] = cold_verdict
        cold_goal = f"{goal.cold:8.3f}" if goal.cold is not None else f"{'-':>8}"
        cpu = f"{figures[f'{key}_cpu_ratio']:.3f}, {figures[f'{key}_cold_cpu_ratio']:.3f}"
        print(
            f"{goal.label:<19}{warm:8.3f}{goal.warm:8.3f}  {warm_verdict:<8}{cold:8.3f}{cold_goal}  "
            f"{cold_verdict:<8}{cpu:>22}"
        )


def save_result(figures: dict[str, Any]) -> None:
    """Keep every run's figures in bench/results/ (ignored by git), for bench/compare.py."""
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime())
    (folder / f"{stamp}-{figures['listings']}.json").write_text(json.dumps(figures, indent=2) + "\n")


def search_storage() -> Any:
    from django.db import connection

    from bench import storage

    with connection.cursor() as cursor:
        return storage.measure(cursor)


def main(argv: list[str]) -> int:
    config = parse_config(argv)
    # A SIGTERM (e.g. from a CI timeout) unwinds like Ctrl-C, so gunicorn and Redis are always stopped.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    wrk = "" if config.profile or config.seed_only else ensure_wrk()
    ensure_database(config.database_url)
    workdir = Path(tempfile.mkdtemp(prefix="cercle-bench-"))
    try:
        with bench_redis(config, workdir) as cache:
            environment = bench_environment(config, workdir / "static", workdir / "media", cache.url)
            setup_django(environment)
            return run(config, wrk, workdir, environment, cache)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def ensure_site_cache_is(cache: BenchRedis) -> None:
    """Refuse to measure when the site's cache is not the run's Redis: every hit rate would read "-"."""
    from django.core.cache import cache as site_cache

    site_cache.set("bench-probe", "1", 30)
    stored = cache.client.dbsize()
    cache.flush()
    if not stored:
        raise SystemExit(f"The site's default cache does not store into {cache.url}: check how settings read REDIS_URL")


def run(config: Config, wrk: str, workdir: Path, environment: dict[str, str], cache: BenchRedis) -> int:
    from django.core.management import call_command
    from django.db import connections

    from bench.seed import ensure_seeded

    ensure_site_cache_is(cache)
    seeded = ensure_seeded(listings=config.listings, force=config.reseed, out=sys.stdout)
    storage = search_storage()
    log(storage.summary())
    if config.seed_only:
        return 0
    cookies = member_cookies([*seeded.cast_ids, seeded.requester_id])
    pages = build_pages(config, seeded.cast_ids, seeded.requester_id)
    started = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    log(f"collectstatic into {workdir / 'static'} in {time.monotonic() - started:.1f} s")
    if config.profile:
        from bench.profiling import profile_pages

        profile_pages(pages, cookies, WRK_HEADERS, cache.flush)
        return 0
    queries = count_queries(pages, cookies, cache)
    connections.close_all()  # gunicorn's workers open their own
    rows: list[PageFigures] = []
    floor = pages[0]
    with gunicorn(config, environment, workdir / "gunicorn.log") as master_pid:
        warm_workers(config, pages, cookies)
        cpu = ServerCpu(master_pid, config.database_url, cache.pid)
        load = Load(wrk, config, cookies, workdir, cpu, cache)
        load_before = os.getloadavg()[0]
        floor_runs: list[Result] = []
        try:
            if config.warmup:
                load.wrk_run(floor, config.warmup)
            floor_runs.append(load.measure(floor, label="floor"))
            for page in pages[1:]:
                cold, warm, floors = load.cold_then_warm(page, floor)
                floor_runs += floors
                rows.append(PageFigures(page, cold, warm, *queries[page.key]))
            floor_runs.append(load.measure(floor, label="floor"))
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
    )
    figures = report(config, floor_result, rows, [run.rps for run in floor_runs], seeded, storage)
    figures["loadavg_before"], figures["loadavg_after"] = round(load_before, 2), round(load_after, 2)
    figures["redis_used_memory_bytes"] = cache.memory()
    save_result(figures)
    print(json.dumps(figures, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
