"""A bounded load test of the main journeys, on the loopback interface only.

    python -m equityhub.tools.load --users 50 --duration 300 --email lead@... --password ...
    python -m equityhub.tools.load --start --port 8123 ...   # also start gunicorn + worker

Each simulated user arrives during the ramp-up and signs in, then repeats the journeys
(home, library search, a resource, the indicators dashboard, an indicator page, the learning
index) with a short think time until the fixed duration ends; every `--upload-every` seconds
(10 minutes) it also uploads a data return as an analyst would: the upload page, the first
template offered there, and the upload of that file up to its preview. The report gives throughput,
median and 95th-percentile latency and the error counts (5xx answers; no answer within the timeout),
overall and per journey.

It refuses any address that is not on this machine: it is for measuring our own servers, never
anybody else's. It is not part of `make test`.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import random
import re
import socket
import statistics
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

import requests

from equityhub.tools.load_stack import Stack

SEARCH_TERMS = ("health", "deprivation", "board", "ethnicity", "maternity", "anchor", "data")


@dataclass
class Sample:
    journey: str
    seconds: float
    status: int  # 0 = no answer (connection refused, timeout)


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def require_loopback(base_url: str) -> None:
    host = urllib.parse.urlsplit(base_url).hostname or ""
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise SystemExit(f"Refusing {base_url}: the load test only runs against this machine")


class User:
    """One simulated person with their own cookies."""

    def __init__(self, base_url: str, results: Results, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.results = results
        self.timeout = timeout
        self.session = requests.Session()

    def fetch(
        self,
        journey: str,
        path: str,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> str:
        """The page's text ('' without an answer), timed under `journey`; POSTs `data`."""
        started = time.perf_counter()
        status, text = 0, ""
        try:
            if data is None:
                response = self.session.get(self.base_url + path, timeout=self.timeout)
            else:
                referer = {"Referer": self.base_url + path}
                response = self.session.post(
                    self.base_url + path, data=data, files=files, headers=referer,
                    timeout=self.timeout,
                )  # fmt: skip
            status, text = response.status_code, response.text
        except requests.RequestException:
            status = 0
        self.results.add(Sample(journey, time.perf_counter() - started, status))
        return text

    def sign_in(self, email: str, password: str) -> bool:
        page = self.fetch("sign-in form", "/accounts/sign-in/")
        token = _token(page)
        if not token:
            return False
        form = {"csrfmiddlewaretoken": token, "email": email, "password": password}
        landed = self.fetch("sign-in", "/accounts/sign-in/", form)
        return "Sign out" in landed or "sign-out" in landed

    def upload(self) -> None:
        """The upload page, its first template, and that file uploaded up to its preview."""
        form = self.fetch("upload form", UPLOAD)
        token, organisation = _token(form), re.search(r'<option value="([A-Z0-9]+)"', form)
        template = re.search(r'href="(/indicators/registry/[a-z0-9-]+/template\.csv[^"]*)"', form)
        if not (token and organisation and template):
            return
        content = self.fetch("template", template.group(1).replace("&amp;", "&")).encode()
        fields = {"csrfmiddlewaretoken": token, "organisation": organisation.group(1)}
        self.fetch("upload", UPLOAD, fields, {"file": ("return.csv", content, "text/csv")})


UPLOAD = "/indicators/returns/upload/"


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def discover(base_url: str, results: Results) -> tuple[list[str], list[str]]:
    """Resource and indicator addresses to visit, found the way a person would find them."""
    probe = User(base_url, results, timeout=60)
    found = probe.fetch("discover", "/library/search/?q=health")
    skip = ("search", "topics", "for", "new", "reading-lists", "suggest", "editors", "contrib")
    resources = sorted(
        {
            link
            for link in re.findall(r'href="(/library/[a-z0-9-]+/)"', found)
            if link.split("/")[2] not in skip
        }
    )
    registry = probe.fetch("discover", "/indicators/registry/")
    indicators = sorted(set(re.findall(r'href="(/indicators/registry/[a-z0-9-]+/)"', registry)))
    indicators = [link for link in indicators if not link.endswith("/new/")]
    return resources or ["/library/"], indicators or ["/indicators/registry/"]


def run_user(
    user: User,
    stop_at: float,
    think: float,
    pages: tuple[list[str], list[str]],
    rng: random.Random,
    credentials: tuple[str, str],
    signed_in: list[bool],
    delay: float = 0.0,
    upload_every: float = 600,
) -> None:
    resources, indicators = pages
    time.sleep(delay)  # users arrive over the ramp-up period, not all in the same instant
    signed_in.append(user.sign_in(*credentials))
    uploaded_at = -upload_every  # the first upload comes with the first round
    journeys = [
        ("home", lambda: "/"),
        ("library search", lambda: f"/library/search/?q={rng.choice(SEARCH_TERMS)}"),
        ("resource", lambda: rng.choice(resources)),
        ("indicators dashboard", lambda: "/indicators/"),
        ("indicator", lambda: rng.choice(indicators)),
        ("learning index", lambda: "/learning/"),
    ]
    while time.monotonic() < stop_at:
        if upload_every and time.monotonic() - uploaded_at >= upload_every:
            uploaded_at = time.monotonic()
            user.upload()
        for name, path in journeys:
            if time.monotonic() >= stop_at:
                return
            user.fetch(name, path())
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summarise(samples: list[Sample], seconds: float) -> dict[str, object]:
    def figures(group: list[Sample]) -> dict[str, float | int]:
        times = [s.seconds * 1000 for s in group]
        return {
            "requests": len(group),
            "median_ms": round(statistics.median(times), 1) if times else 0.0,
            "p95_ms": round(percentile(times, 0.95), 1) if times else 0.0,
            "server_errors": sum(1 for s in group if s.status >= 500),
            "no_answer": sum(1 for s in group if s.status == 0),
            "client_errors": sum(1 for s in group if 400 <= s.status < 500),
        }

    by_journey: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_journey[sample.journey].append(sample)
    overall = figures(samples)
    return {
        "duration_s": round(seconds, 1),
        "throughput_rps": round(len(samples) / seconds, 1) if seconds else 0.0,
        **overall,
        "journeys": {name: figures(group) for name, group in sorted(by_journey.items())},
    }


def run(args: argparse.Namespace) -> dict[str, object]:
    require_loopback(args.base_url)
    results = Results()
    pages = discover(args.base_url, results)
    users = [User(args.base_url, results, args.timeout) for _ in range(args.users)]
    results.samples.clear()  # discovery is not measured; the clock starts now
    signed_in: list[bool] = []
    started = time.monotonic()
    stop_at = started + args.duration
    threads = [
        threading.Thread(
            target=run_user,
            args=(
                user,
                stop_at,
                args.think,
                pages,
                random.Random(args.seed + n),
                (args.email, args.password),
                signed_in,
                args.ramp * n / args.users,
                args.upload_every,
            ),
            daemon=True,
        )
        for n, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + args.timeout + 30)
    report = summarise(list(results.samples), time.monotonic() - started)
    report.update(users=args.users, signed_in=sum(signed_in), think_s=args.think, ramp_s=args.ramp)
    return report


def print_report(report: dict[str, object]) -> None:
    print(
        f"{report['users']} users ({report['signed_in']} signed in), {report['duration_s']} s: "
        f"{report['requests']} requests, {report['throughput_rps']} requests/s, "
        f"median {report['median_ms']} ms, p95 {report['p95_ms']} ms, "
        f"server errors (5xx) {report['server_errors']}, no answer within the timeout "
        f"{report['no_answer']}, client errors {report['client_errors']}"
    )
    journeys = report["journeys"]
    assert isinstance(journeys, dict)
    for name, figures in journeys.items():
        print(
            f"  {name:22} {figures['requests']:6} requests  median {figures['median_ms']:7} ms"
            f"  p95 {figures['p95_ms']:7} ms  5xx {figures['server_errors']}"
            f"  no answer {figures['no_answer']}"
        )


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300, help="seconds (fixed)")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between pages")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per request")
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which users arrive")
    parser.add_argument("--email", required=True, help="a demo account without a second factor")
    parser.add_argument("--password", required=True)
    parser.add_argument(
        "--upload-every", type=float, default=600, help="seconds between a user's uploads (0: none)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the report to this file")
    parser.add_argument("--start", action="store_true", help="start gunicorn and a worker")
    parser.add_argument("--port", type=int, default=8123, help="port for --start")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers for --start")
    args = parser.parse_args(argv)
    if args.users < 1 or args.duration <= 0 or args.duration > 3600:
        parser.error("--users must be at least 1 and --duration between 0 and 3600 seconds")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.start:
        args.base_url = f"http://127.0.0.1:{args.port}"
        with Stack(port=args.port, web_workers=args.web_workers):
            report = run(args)
    else:
        report = run(args)
    print_report(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
