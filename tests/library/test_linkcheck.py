"""The link checker's manners, against a local web server: retries, and few requests per host."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from equityhub.library import linkcheck


class Counting(BaseHTTPRequestHandler):
    lock = threading.Lock()
    busy = 0
    most_busy = 0
    busy_answers: dict[str, int] = {}

    def _answer(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.busy += 1
            cls.most_busy = max(cls.most_busy, cls.busy)
            left = cls.busy_answers.get(self.path, 0)
            cls.busy_answers[self.path] = max(0, left - 1)
        time.sleep(0.05)  # long enough for requests to overlap if the checker allowed it
        with cls.lock:  # before answering: the checker may send the next one once answered
            cls.busy -= 1
        if left:
            self.send_response(503)
            self.send_header("Retry-After", "0")
        elif self.path.startswith("/ok"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Counting.busy = Counting.most_busy = 0
    Counting.busy_answers = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_busy_answer_is_asked_again(server: str) -> None:
    Counting.busy_answers["/ok/busy"] = linkcheck.ANSWER_RETRIES
    assert linkcheck.link_works(server + "/ok/busy")
    Counting.busy_answers["/ok/always-busy"] = linkcheck.ANSWER_RETRIES + 1
    assert not linkcheck.link_works(server + "/ok/always-busy")


def test_one_host_gets_at_most_a_few_requests_at_once(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linkcheck, "HOST_INTERVAL_SECONDS", 0.0)
    urls = [f"{server}/ok/{n}" for n in range(12)] + [f"{server}/gone/{n}" for n in range(4)]
    works = linkcheck.check_all([*urls, urls[0]])
    assert list(works) == urls
    assert sum(works.values()) == 12
    assert Counting.most_busy <= linkcheck.PER_HOST
