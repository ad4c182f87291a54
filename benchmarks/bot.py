"""The Discord bot as a real process (`pacer run`) against the fake Discord server (tests/support/fake_discord.py):

- start to ready: from starting the process to the gateway session being ready (the bot loads the model
  before it connects), and to the first answer for a question sent at that moment;
- 50 questions at once, from 50 members: all answered? latency p50/p95 from sending to the reply;
  heartbeats during the burst (every 0.2 s here): none missed, no reconnect;
- the bot's peak resident memory (VmHWM) with the default model, after all of it. Target ≤ 800 MB.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.common import env, eval_questions, log, measure, pct, table
from tests.support.bot import TOKEN, ThreadedFake, bot_settings
from tests.support.processes import pacer_run, rss_mb, wait_until

HEARTBEAT_MS = 200  # short, so a blocked event loop shows up as a late beat within the burst
BURST = 50
RSS_TARGET_MB = 800


def _until(predicate, timeout: float, what: str, process: subprocess.Popen, log_path: Path):
    return wait_until(predicate, what, timeout=timeout, alive=lambda: process.poll() is None, output=log_path.read_text)


def one_run(site: Path, workdir: Path, burst: bool) -> dict:
    server = ThreadedFake(heartbeat_interval=HEARTBEAT_MS)
    with server as fake:
        config = workdir / "bot.yaml"
        config.write_text(
            (site / "pacer.yaml").read_text()
            + bot_settings(fake, guild_id=fake.guild_id, feedback_db=workdir / "feedback.sqlite3")
        )
        log_path = workdir / "bot.log"
        with open(log_path, "w") as out:
            started = time.monotonic()
            process = pacer_run(config, env=env() | {"DISCORD_TOKEN": TOKEN}, stdout=out, stderr=subprocess.STDOUT)
        result: dict = {}
        try:
            _until(
                lambda: fake.synced_commands and any(c.ready for c in fake.connections),
                120,
                "the gateway session",
                process,
                log_path,
            )
            result["start_to_gateway_ready_s"] = time.monotonic() - started
            server.call(fake.send_message(f"<@{fake.bot_id}> should I do hip exercises?"))
            _until(lambda: fake.bot_messages, 120, "the first answer", process, log_path)
            result["start_to_first_answer_s"] = time.monotonic() - started
            if burst:
                result |= _burst(server, process, log_path)
            result["rss_mb"] = rss_mb(process.pid)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        result["exit_code"] = process.returncode
        bot_log = log_path.read_text()
        result["log_warnings"] = [
            line for line in bot_log.splitlines() if "heartbeat blocked" in line or "Can't keep up" in line
        ]
        return result


def _burst(server: ThreadedFake, process: subprocess.Popen, log_path: Path) -> dict:
    fake = server.fake
    questions = [q for q in eval_questions() if "hip exercises" not in q.lower()][:BURST]
    arrived: dict[str, float] = {}
    conn = next(c for c in fake.connections if c.ready)
    beats_before = len(conn.heartbeats)
    seen = len(fake.bot_messages)

    async def send_all() -> list[str]:
        messages = await asyncio.gather(
            *(
                fake.send_message(f"<@{fake.bot_id}> {q}", author_id=1100000000000009000 + i)
                for i, q in enumerate(questions)
            )
        )
        return [m["id"] for m in messages]

    sent_at = time.monotonic()
    sent_ids = set(server.call(send_all()))

    def all_answered() -> bool:
        for message in fake.bot_messages[seen:]:
            ref = str((message.get("message_reference") or {}).get("message_id"))
            if ref in sent_ids and ref not in arrived:
                arrived[ref] = time.monotonic()
        return len(arrived) == len(sent_ids)

    try:
        _until(all_answered, 300, f"{len(sent_ids)} answers", process, log_path)
    except RuntimeError as exc:
        log(str(exc)[:500])
    done = time.monotonic()
    time.sleep(HEARTBEAT_MS / 1000 * 1.5)  # one more beat, to see a gap that spans the end of the burst
    beats = [b for b in conn.heartbeats[max(beats_before - 1, 0) :] if b <= time.monotonic()]
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    latencies = sorted(arrived[i] - sent_at for i in arrived)
    return {
        "burst_questions": len(sent_ids),
        "burst_answered": len(arrived),
        "burst_p50_s": pct(latencies, 50),
        "burst_p95_s": pct(latencies, 95),
        "burst_max_s": max(latencies) if latencies else float("nan"),
        "burst_wall_s": done - sent_at,
        "heartbeat_interval_s": HEARTBEAT_MS / 1000,
        "heartbeats_during_burst": len(beats),
        "max_heartbeat_gap_s": max(gaps) if gaps else float("nan"),
        "missed_heartbeats": sum(1 for g in gaps if g > 1.5 * HEARTBEAT_MS / 1000),
        "gateway_connections": len(fake.connections),
        "identifies": fake.identify_count,
        "resumes": fake.resume_count,
    }


def run(site: Path, runs: int = 3) -> dict:
    starts, firsts, last = [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            work = Path(tmp) / f"run{i}"
            work.mkdir()
            log(f"bot: run {i + 1} of {runs}{' with the 50-question burst' if i == runs - 1 else ''}")
            last = one_run(site, work, burst=i == runs - 1)
            starts.append(last["start_to_gateway_ready_s"])
            firsts.append(last["start_to_first_answer_s"])
    return {
        "runs": runs,
        "start_to_gateway_ready_s": {"median": pct(starts, 50), "all": starts},
        "start_to_first_answer_s": {"median": pct(firsts, 50), "all": firsts},
        **{k: v for k, v in last.items() if k not in ("start_to_gateway_ready_s", "start_to_first_answer_s")},
        "rss_target_mb": RSS_TARGET_MB,
        "cores": os.cpu_count(),
    }


def report(r: dict) -> str:
    rows = [
        ["start → gateway ready (median)", f"{r['start_to_gateway_ready_s']['median']:.2f} s", ""],
        ["start → first answer (median)", f"{r['start_to_first_answer_s']['median']:.2f} s", ""],
        [
            f"{r['burst_questions']} questions at once: answered",
            f"{r['burst_answered']} of {r['burst_questions']}",
            "all",
        ],
        [
            "… latency p50 / p95 / max",
            f"{r['burst_p50_s']:.2f} / {r['burst_p95_s']:.2f} / {r['burst_max_s']:.2f} s",
            "",
        ],
        [
            f"… heartbeats (every {r['heartbeat_interval_s']:.1f} s): missed, longest gap",
            f"{r['missed_heartbeats']} missed, {r['max_heartbeat_gap_s']:.2f} s",
            "0 missed",
        ],
        ["… reconnects (identifies, resumes)", f"{r['identifies']}, {r['resumes']}", "1, 0"],
        ["bot peak RSS (VmHWM)", f"{r['rss_mb']['VmHWM']:.0f} MB", f"≤ {r['rss_target_mb']} MB"],
    ]
    return table(["Discord bot (`pacer run` + fake Discord)", "measured", "target"], rows)


def main(site: Path | None = None, wait: float = 0) -> dict:
    return measure("bot", "Discord bot", run, report, site=site, wait=wait)
