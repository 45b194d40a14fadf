"""Benchmark: PACT v3 token, list and get latencies over HTTPS, and the callback delay.

Runs the service over real TLS on 127.0.0.1 (tests/service/pact_live.py: a self-signed
certificate, three certified labels, a buyer's client and a partner registered through the
CLI) under Werkzeug's threaded server, and times with one client:

  healthz   GET /healthz over the same TLS port (a new connection each time, as every row):
            the floor every ratio is taken against
  token     POST /pact/auth/token (client credentials, HTTP Basic)
  list      GET /pact/3/footprints (3 footprints, each carrying its signed credential)
  get       GET /pact/3/footprints/{id}
  callback  from POST /pact/3/events (a RequestCreatedEvent) to the fulfilled event arriving
            at the requester's listener (token from the listener, then POST /3/events)

Reports the median and p90 in milliseconds and each median's ratio to the healthz median,
measured in the same run (the machine is shared). The issue asks for answers "well under 2 s".

Run: python bench/pact.py [--repeat 30] [--database-url postgresql://.../EMPTY_DB]
(SQLite, the default, serialises writers: the callback job and the event requests contend.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Must run before anything imports bw2data, which reads BRIGHTWAY2_DIR once.
from lca_models.project import use_directory  # noqa: E402


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm-up, not counted
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", help="an empty database (default: a SQLite file)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gba-bench-pact-"))
    use_directory(work / "brightway")
    import requests

    from lca_models import bootstrap, build_score_table
    from tests.service.pact_live import live_host

    info = bootstrap(work / "brightway")
    build_score_table(work / "brightway", info.library_version)
    with live_host(work, work / "brightway", args.database_url) as host:
        http = requests.Session()
        http.trust_env = False  # trust only the self-signed certificate
        http.verify = str(host.cert_path)
        root = host.base_url.removesuffix("/pact")

        def token() -> str:
            answer = http.post(
                f"{host.base_url}/auth/token",
                data={"grant_type": "client_credentials"},
                auth=(host.client_id, host.client_secret),
                headers={"Connection": "close"},
                timeout=10,
            )
            answer.raise_for_status()
            return str(answer.json()["access_token"])

        bearer = {"Authorization": f"Bearer {token()}", "Connection": "close"}
        first = http.get(f"{host.base_url}/3/footprints", headers=bearer, timeout=10).json()
        pf_id = first["data"][0]["id"]
        product = first["data"][0]["productIds"][0]

        def get(url: str) -> Callable[[], object]:
            def call() -> object:
                answer = http.get(url, headers=bearer, timeout=10)
                answer.raise_for_status()
                return answer

            return call

        rows = {
            "healthz": _timed(get(f"{root}/healthz"), args.repeat),
            "token": _timed(token, args.repeat),
            "list": _timed(get(f"{host.base_url}/3/footprints"), args.repeat),
            "get": _timed(get(f"{host.base_url}/3/footprints/{pf_id}"), args.repeat),
        }
        delays = []
        for count in range(1, min(args.repeat, 10) + 1):
            started = time.monotonic()
            event = {
                "specversion": "1.0",
                "id": str(uuid.uuid4()),
                "source": host.listener.url,
                "time": "2026-12-01T10:30:00Z",
                "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
                "data": {"productId": [product]},
            }
            http.post(
                f"{host.base_url}/3/events",
                json=event,
                headers=bearer | {"Content-Type": "application/cloudevents+json"},
                timeout=10,
            ).raise_for_status()
            host.listener.wait_for(count)
            delays.append((host.listener.received_at[-1] - started) * 1000)
        rows["callback"] = delays
    floor = statistics.median(rows["healthz"])
    print(f"{'':10} {'n':>4} {'median ms':>10} {'p90 ms':>8} {'x healthz':>10}")
    for name, samples in rows.items():
        ordered = sorted(samples)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        median = statistics.median(samples)
        print(f"{name:10} {len(samples):4} {median:10.1f} {p90:8.1f} {median / floor:10.2f}")
    ratio = statistics.median(rows["list"]) / floor
    print(
        f"pact: {ratio:.2f}x ListFootprints median latency vs GET /healthz over the same TLS port"
    )


if __name__ == "__main__":
    main()
