"""Benchmark: the public verification API under gunicorn against a bare endpoint of the same app.

Seeds a database with N labels (bench/label_seed.py: a few issued through the API, the rest
bulk-inserted with real signed credentials, status list indices and log entries), serves
create_app() plus a trivial /bench/bare route (bench/verify_app.py) under gunicorn (gthread,
2 workers x 4 threads by default) on 127.0.0.1, and drives it with Debian's wrk on loopback:

  bare    GET /bench/bare (the same app, WSGI stack and gunicorn settings: the floor)
  fresh   POST /api/v1/verifications with a random one of --fresh-sample other credentials:
          nearly every request verifies a credential for the first time (every check runs:
          the answer cache cannot help)
  verify  POST /api/v1/verifications with a random one of --sample real label credentials,
          after a warm-up run of the same (not counted): repeat verifications, which the
          answer cache serves while nothing they depend on changes (VERIFICATION_CACHE=on,
          the default; --no-answer-cache turns it off)
  label   GET /api/v1/labels/<id> for a random one of the --sample labels

then bare again (the machine is shared; the two bare runs show the drift). Reports
requests/s, p50/p99 latency and each endpoint's ratio to the mean bare rate; the target
(issue 5) is >= 0.5x for verification at 1M labels in PostgreSQL.

Run: python bench/verify.py [--labels 100000]
     python bench/verify.py --labels 1000000 \
         --database-url postgresql://postgres@127.0.0.1:5432/bench_verify
A seeded database holding exactly --labels labels is reused (--reseed rebuilds it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# Must run before anything imports bw2data, which reads BRIGHTWAY2_DIR once.
from lca_models.project import use_directory  # noqa: E402

TARGET = 0.5
HOST = "127.0.0.1"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=100_000)
    parser.add_argument(
        "--database-url", help="default: a SQLite file per label count under --work-dir"
    )
    parser.add_argument(
        "--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "gba-bench-verify"
    )
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--connections-per-thread", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-threads", type=int, default=4)
    parser.add_argument("--sample", type=int, default=1000, help="labels wrk picks from")
    parser.add_argument(
        "--fresh-sample", type=int, default=50_000, help="labels the fresh run picks from"
    )
    parser.add_argument("--no-answer-cache", action="store_true", help="VERIFICATION_CACHE=off")
    parser.add_argument("--reseed", action="store_true")
    return parser.parse_args()


def say(message: str) -> None:
    print(message, flush=True)


POST_LUA = """
local tokens = {}
for line in io.lines("%s") do tokens[#tokens + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local token = tokens[math.random(#tokens)]
  return wrk.format("POST", "/api/v1/verifications", nil, '{"credential": "' .. token .. '"}')
end
"""

GET_LUA = """
local ids = {}
for line in io.lines("%s") do ids[#ids + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format("GET", "/api/v1/labels/" .. ids[math.random(#ids)])
end
"""


def sample_labels(database_url: str, size: int) -> list[tuple[str, str]]:
    """Return (label id, credential) of size labels drawn at random from the whole table."""
    from sqlalchemy import select

    from service.persistence.database import make_engine
    from service.persistence.labels import Label

    engine = make_engine(database_url)
    with engine.connect() as conn:
        ids = list(conn.scalars(select(Label.id)))
        chosen = random.Random(7).sample(ids, min(size, len(ids)))
        rows = conn.execute(select(Label.id, Label.credential).where(Label.id.in_(chosen))).all()
    engine.dispose()
    return [(r[0], r[1]) for r in rows]


class Gunicorn:
    """A gunicorn master in its own session, stopped (with its workers) by close()."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str], log: Path) -> None:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.worker_threads),
            "--worker-class",
            "gthread",
            "--bind",
            f"{HOST}:{args.port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "bench.verify_app:bench_app()",
        ]
        self.log = log.open("w")
        self.proc = subprocess.Popen(  # noqa: S603  (our own venv's gunicorn)
            command,
            env=os.environ | env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited with {self.proc.returncode}; see {self.log.name}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")

    def close(self) -> None:
        if self.proc.poll() is None:
            # Its own process group (start_new_session): the master and the workers it forked.
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.log.close()


def post_json(url: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(  # noqa: S310
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return dict(json.loads(response.read()))


def get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return dict(json.loads(response.read()))


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"unparsed latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def run_wrk(args: argparse.Namespace, url: str, script: Path | None) -> dict[str, float]:
    command = [
        "wrk",
        "-t",
        str(args.wrk_threads),
        "-c",
        str(args.wrk_threads * args.connections_per_thread),
        "-d",
        f"{args.duration}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True, timeout=args.duration + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    if bad or errors:
        say(output)
        raise SystemExit(
            f"wrk saw failures on {url}: {bad and bad.group(0)} {errors and errors.group(0)}"
        )
    return {"rps": rps, "p50": p50, "p99": p99, "requests": total}


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    brightway = work / "brightway"
    use_directory(brightway)
    import label_seed

    from lca_models import bootstrap, build_score_table

    info = bootstrap(brightway)
    build_score_table(brightway, info.library_version)
    database_url = args.database_url or f"sqlite:///{work / f'labels-{args.labels}.sqlite3'}"
    if database_url.rstrip("/").endswith("/test"):
        raise SystemExit("never the test database: colleagues' tests drop its schema")
    seed = label_seed.SeedConfig(
        database_url=database_url,
        brightway_dir=brightway,
        instance_dir=work / "instance",
        service_url=f"http://{HOST}:{args.port}",
        labels=args.labels,
    )
    t = time.perf_counter()
    label_seed.ensure_seeded(seed, reseed=args.reseed)
    say(f"database ready in {time.perf_counter() - t:.0f} s")
    drawn = sample_labels(database_url, args.sample + args.fresh_sample)
    sample, fresh = drawn[: args.sample], drawn[args.sample :]
    tokens, ids = work / "tokens.txt", work / "ids.txt"
    fresh_tokens = work / "fresh-tokens.txt"
    tokens.write_text("".join(f"{token}\n" for _, token in sample))
    fresh_tokens.write_text("".join(f"{token}\n" for _, token in fresh))
    ids.write_text("".join(f"{label_id}\n" for label_id, _ in sample))
    post_lua, get_lua = work / "verify.lua", work / "label.lua"
    fresh_lua = work / "fresh.lua"
    post_lua.write_text(POST_LUA % tokens)
    fresh_lua.write_text(POST_LUA % fresh_tokens)
    get_lua.write_text(GET_LUA % ids)
    cache = "off" if args.no_answer_cache else "on"

    base = f"http://{HOST}:{args.port}"
    env = label_seed.env_for(seed) | {"VERIFICATION_CACHE": cache}
    server = Gunicorn(args, env, work / "gunicorn.log")
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        server.wait_ready(f"{base}/bench/bare")
        # Warm up every worker and thread (key decryption, first queries), and check answers.
        for label_id, token in sample[:40]:
            answer = post_json(f"{base}/api/v1/verifications", {"credential": token})
            if answer.get("verified") is not True or answer.get("status") != "valid":
                raise SystemExit(f"{label_id} does not verify: {answer}")
            if get_json(f"{base}/api/v1/labels/{label_id}").get("status") != "valid":
                raise SystemExit(f"{label_id} is not valid")
        runs = {}
        for name, path, script in (
            ("bare", "/bench/bare", None),
            ("fresh", "/api/v1/verifications", fresh_lua),
            ("warm-up", "/api/v1/verifications", post_lua),
            ("verify", "/api/v1/verifications", post_lua),
            ("label", "/api/v1/labels/<id>", get_lua),
            ("bare again", "/bench/bare", None),
        ):
            url = f"{base}{path}" if script is None else base
            runs[name] = run_wrk(args, url, script)
            r = runs[name]
            say(
                f"  {name:<11} {r['rps']:8.1f} req/s  p50 {r['p50']:7.2f} ms  "
                f"p99 {r['p99']:7.2f} ms  ({r['requests']:.0f} requests)"
            )
    finally:
        server.close()
        signal.signal(signal.SIGTERM, previous)

    bare = (runs["bare"]["rps"] + runs["bare again"]["rps"]) / 2
    verify, label, first = runs["verify"], runs["label"], runs["fresh"]
    backend = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    load = os.getloadavg()
    print()
    print(
        f"{args.labels} labels in {backend}; gunicorn gthread {args.workers} workers x "
        f"{args.worker_threads} threads; wrk {args.wrk_threads} threads x "
        f"{args.connections_per_thread} connections, {args.duration} s per endpoint; "
        f"answer cache {cache}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'endpoint':<42} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8}")
    for name, path in (
        ("bare", "GET /bench/bare"),
        ("bare again", "GET /bench/bare (after)"),
        ("fresh", "POST /api/v1/verifications (fresh)"),
        ("verify", "POST /api/v1/verifications (repeat)"),
        ("label", "GET /api/v1/labels/<id>"),
    ):
        r = runs[name]
        print(f"{path:<42} {r['rps']:8.1f} {r['p50']:8.2f} {r['p99']:8.2f} {r['rps'] / bare:7.3f}x")
    met = "met" if verify["rps"] / bare >= TARGET else "NOT met"
    print(
        f"verify: {verify['rps'] / bare:.3f}x requests/s of POST /api/v1/verifications (repeat, "
        f"answer cache {cache}) vs the bare endpoint of the same app ({verify['rps']:.1f} vs "
        f"{bare:.1f} req/s, p50 {verify['p50']:.1f} ms, p99 {verify['p99']:.1f} ms; fresh "
        f"credentials {first['rps'] / bare:.3f}x, {first['rps']:.1f} req/s, p50 "
        f"{first['p50']:.1f} ms, p99 {first['p99']:.1f} ms; GET /api/v1/labels/<id> "
        f"{label['rps'] / bare:.3f}x, {label['rps']:.1f} req/s, p50 {label['p50']:.1f} ms, "
        f"p99 {label['p99']:.1f} ms; {args.labels} labels in {backend}; target >= {TARGET}x "
        f"{met})"
    )


if __name__ == "__main__":
    main()
