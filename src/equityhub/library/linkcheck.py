"""Checking the web addresses of library items: httpx, a bounded pool, retries, polite per host.

A link works when it answers below 400 after redirects: HEAD first, and GET when the server
refuses HEAD (403, 405, 501). Connection failures are retried by the transport; answers that
ask us to come back (429, 502, 503, 504) are tried again after a pause. At most
``PER_HOST`` requests go to one host at a time, ``HOST_INTERVAL_SECONDS`` apart, and at most
``WORKERS`` run at once over all hosts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from email.utils import parsedate_to_datetime

import httpx

TIMEOUT_SECONDS = 10
USER_AGENT = "EquityHub-link-checker/1.0"
WORKERS = 8
PER_HOST = 2
HOST_INTERVAL_SECONDS = 0.5
CONNECT_RETRIES = 2
ANSWER_RETRIES = 2
RETRY_ANSWERS = frozenset({429, 502, 503, 504})
LONGEST_PAUSE_SECONDS = 10.0
HEAD_REFUSED = frozenset({403, 405, 501})


class HostGate:
    """Per-host politeness: a few requests at a time to one host, a minimum interval apart."""

    def __init__(self, *, per_host: int | None = None, interval: float | None = None) -> None:
        self._per_host = PER_HOST if per_host is None else per_host
        self._interval = HOST_INTERVAL_SECONDS if interval is None else interval
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def visit(self, host: str) -> Iterator[None]:
        with self._lock:
            slots = self._slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self._interval
            time.sleep(start - now)
            yield


def new_client() -> httpx.Client:
    """One client for a whole run: its pool is shared by every worker thread."""
    return httpx.Client(
        timeout=TIMEOUT_SECONDS,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS),
        transport=httpx.HTTPTransport(retries=CONNECT_RETRIES),
    )


def _pause(response: httpx.Response, attempt: int) -> float:
    """How long to wait before asking again: Retry-After when given, else 1, 2, 4 s."""
    value = response.headers.get("Retry-After", "")
    seconds = float(2**attempt)
    if value.isdigit():
        seconds = float(value)
    elif value:
        with suppress(TypeError, ValueError):
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
    return min(max(seconds, 0.0), LONGEST_PAUSE_SECONDS)


def _status(client: httpx.Client, gate: HostGate, method: str, url: str) -> int:
    host = httpx.URL(url).host
    for attempt in range(ANSWER_RETRIES + 1):
        with gate.visit(host), client.stream(method, url) as response:
            status = response.status_code
        if status not in RETRY_ANSWERS or attempt == ANSWER_RETRIES:
            return status
        time.sleep(_pause(response, attempt))
    return status


def _works(client: httpx.Client, gate: HostGate, url: str) -> bool:
    if not url.startswith(("http://", "https://")):
        return False
    try:
        status = _status(client, gate, "HEAD", url)
        if status in HEAD_REFUSED:
            status = _status(client, gate, "GET", url)
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, OSError):
        return False
    return status < 400


def link_works(url: str) -> bool:
    """True when the address answers below 400 (HEAD first; GET when HEAD is refused)."""
    with new_client() as client:
        return _works(client, HostGate(), url)


def check_all(urls: Iterable[str]) -> dict[str, bool]:
    """Whether each distinct address works, checked concurrently and politely."""
    distinct = list(dict.fromkeys(urls))
    gate = HostGate()
    with new_client() as client, ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = pool.map(lambda url: _works(client, gate, url), distinct)
        return dict(zip(distinct, outcomes, strict=True))
