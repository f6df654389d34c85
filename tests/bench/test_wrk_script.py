"""bench/wrk/rotate.lua through the harness: each request line goes with its own member's cookie."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import run
from bench.common import Line, Page

WRK = shutil.which("wrk")
pytestmark = pytest.mark.skipif(WRK is None, reason="wrk is not installed (apt-get install wrk)")


class Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str, str]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.seen.append((self.command, self.path, self.headers.get("Cookie", ""), body))
        self.send_response(200)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok\n")

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _load(server, tmp_path):
    config = run.parse_config(["--port", str(server.server_address[1]), "--seconds", "1", "--connections", "1"])
    cookies = {None: "", 1: "sessionid=alice", 2: "sessionid=bob", 3: "sessionid=charlie"}
    return run.Load(WRK, config, cookies, tmp_path, cpu=None, cache=None)


PAGE = Page(
    key="probe",
    label="probe",
    lines=[Line("/a/", member_id=1), Line("/b/?q=velo", member_id=2), Line("/c/", body="x=1", member_id=3)],
)


def test_every_request_carries_the_cookie_of_its_own_line(server, tmp_path):
    _load(server, tmp_path).wrk_run(PAGE, 1)
    expected = {"/a/": "sessionid=alice", "/b/?q=velo": "sessionid=bob", "/c/": "sessionid=charlie"}
    assert {path: cookie for _method, path, cookie, _body in Recorder.seen} == expected


def test_a_post_line_sends_its_form_body(server, tmp_path):
    _load(server, tmp_path).wrk_run(PAGE, 1)
    assert ("POST", "/c/", "sessionid=charlie", "x=1") in Recorder.seen


def test_a_run_starts_at_the_line_it_is_given_and_says_where_it_stopped(server, tmp_path):
    figures = _load(server, tmp_path).wrk_run(PAGE, 1, start=1)
    assert Recorder.seen[0][1] == "/b/?q=velo"
    assert figures["next"] >= 1 + figures["requests"]
