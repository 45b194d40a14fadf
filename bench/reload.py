"""Benchmark: requests served while a web host reloads, HUP (baseline) against reload-web.sh.

Starts gunicorn with deploy/gunicorn.conf.py (gthread workers, preload_app = False) on a
development instance (SQLite, the shipped library bootstrapped: `flask db upgrade` and
`flask lca bootstrap` are run first), and keeps CLIENTS threads sending GET /readyz (database,
score table: a real request through the app) without pause. Then, in one run:

  (a) steady: 5 s of requests with nothing happening, the latency the others compare with;
  (b) baseline: `kill -HUP` of the master, gunicorn's own reload: every old worker is told to
      exit at once and the new ones build the app (imports, library, score table) before
      they serve; requests counted from the signal until every new worker is ready + 3 s;
  (c) deploy/reload-web.sh: one worker more (TTIN), wait for its ready mark, retire the
      oldest (TTOU), once per worker; requests counted from its start until it returns + 3 s.

Prints, for each: requests, failures (connection errors or non-200), median and worst
latency, and the worst latency as a ratio of (a)'s median and of (b)'s worst.

Run: python bench/reload.py [--workers 2] [--clients 4] [--port 8765]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class Window:
    """Requests answered between two moments."""

    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0

    def line(self, name: str, steady_ms: float, baseline_ms: float | None) -> str:
        """Summarise the window (ratios against the steady median and the baseline's worst)."""
        worst = max(self.latencies_ms, default=0.0)
        median = statistics.median(self.latencies_ms) if self.latencies_ms else 0.0
        ratio = f"worst/steady median {worst / steady_ms:8.1f}x"
        if baseline_ms:
            ratio += f"  worst/HUP worst {worst / baseline_ms:6.3f}x"
        return (
            f"{name:<22} requests {len(self.latencies_ms) + self.failures:6d}  failures "
            f"{self.failures:4d}  median {median:8.1f} ms  worst {worst:8.1f} ms  {ratio}"
        )


class Load:
    """Client threads sending requests back to back, recording into the current window."""

    def __init__(self, url: str, clients: int) -> None:
        self.url, self.window, self.stop = url, Window(), threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(clients)]

    def _run(self) -> None:
        while not self.stop.is_set():
            window, started = self.window, time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=60) as response:  # noqa: S310
                    ok = response.status == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                ok = False
            if ok:
                window.latencies_ms.append((time.perf_counter() - started) * 1000)
            else:
                window.failures += 1
                time.sleep(0.05)

    def measure(self) -> Window:
        """Start a new window; return the one that ended."""
        ended, self.window = self.window, Window()
        return ended


def _ready(directory: Path) -> int:
    return sum(1 for _ in directory.iterdir()) if directory.is_dir() else 0


def _wait(check: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


def main() -> None:
    """Run the three windows and print them."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gba-reload-bench-"))
    ready = work / "ready"
    env = os.environ | {
        "GBA_ENV": "development",
        "GBA_INSTANCE_DIR": str(work / "instance"),
        "PYTHONPATH": str(ROOT),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_READY_DIR": str(ready),
        "LOG_LEVEL": "WARNING",
    }
    for verb in (["db", "upgrade"], ["lca", "bootstrap"]):
        subprocess.run(  # noqa: S603
            [str(BIN / "flask"), "--app", "service", *verb],
            env=env,
            check=True,
            capture_output=True,
        )
    log = (work / "gunicorn.log").open("wb")
    config = str(ROOT / "deploy" / "gunicorn.conf.py")
    master = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "-c", config, "service:create_app()"],
        env=env,
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(lambda: _ready(ready) == args.workers, 300, "the workers")
        load = Load(f"http://127.0.0.1:{args.port}/readyz", args.clients)
        for thread in load.threads:
            thread.start()
        time.sleep(2)
        load.measure()
        time.sleep(5)
        steady = load.measure()
        steady_ms = statistics.median(steady.latencies_ms)

        before = set(ready.iterdir())
        os.kill(master.pid, signal.SIGHUP)
        _wait(
            lambda: _ready(ready) == args.workers and not before & set(ready.iterdir()),
            300,
            "the HUP's new workers",
        )
        time.sleep(3)
        hup = load.measure()

        time.sleep(3)
        load.measure()
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            ["bash", str(ROOT / "deploy" / "reload-web.sh"), str(master.pid)],  # noqa: S607
            env=env,
            check=True,
        )
        reload_seconds = time.monotonic() - started
        time.sleep(3)
        staggered = load.measure()
        load.stop.set()

        hup_worst = max(hup.latencies_ms, default=0.0)
        print(f"workers {args.workers}, clients {args.clients}, GET /readyz")
        print(steady.line("(a) steady", steady_ms, None))
        print(hup.line("(b) HUP (baseline)", steady_ms, None))
        print(staggered.line("(c) reload-web.sh", steady_ms, hup_worst))
        print(f"reload-web.sh took {reload_seconds:.1f} s")
    finally:
        master.terminate()
        master.wait(timeout=60)
        log.close()


if __name__ == "__main__":
    main()
