"""The link checker, against a local web server (never the internet)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from equityhub.library.models import Resource
from equityhub.library.tasks import check_links, link_works


class Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path in {"/ok", "/no-head"}:
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404)
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_link_works(server: str) -> None:
    assert link_works(server + "/ok")
    assert link_works(server + "/moved")
    assert link_works(server + "/no-head")
    assert not link_works(server + "/gone")
    assert not link_works("http://127.0.0.1:1/nothing-listens")
    assert not link_works("ftp://example.org/file")


def test_check_links_flags_broken_resources_for_editors(
    server: str, make_item: Any, personas: dict[str, Any], client_for: Any
) -> None:
    make_item(title="Fine link", link=server + "/ok")
    make_item(title="Dead link", link=server + "/gone")
    assert check_links() == 1
    assert list(Resource.objects.filter(link_broken=True).values_list("title", flat=True)) == [
        "Dead link"
    ]
    assert Resource.objects.filter(link_checked_at__isnull=False).count() == 2
    body = client_for(personas["administrator"]).get("/library/editors/").content.decode()
    assert "Dead link" in body and "Fine link" not in body
