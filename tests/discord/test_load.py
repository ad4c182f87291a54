"""Load: 500 questions in 60 seconds from 50 members through the fake Discord, with the real model and index.

Every question gets exactly one reply (an answer, a decline or the slow-down note), none is lost or answered
twice, heartbeats keep their schedule, and memory stays flat once the bot has warmed up.
"""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from bot.core.evaluate import load_questions
from bot.questions import WRITTEN
from tests.support.bot import run, running_bot
from tests.support.processes import rss_mb
from tests.support.replies import within_limits

QUESTIONS = 500
MEMBERS = 50
SECONDS = 60.0
HEARTBEAT = 1.0
EVAL = WRITTEN / "questions-tuning.yaml"


def test_500_questions_in_a_minute_from_50_members(real_site_copy, embedder, capsys: pytest.CaptureFixture) -> None:
    questions = itertools.cycle([q.q for q in load_questions(EVAL)])

    async def scenario() -> None:
        settings = real_site_copy(threads="false", cooldown_questions=3, cooldown_seconds=30)
        async with running_bot(settings, embedder, heartbeat_interval=int(HEARTBEAT * 1000)) as r:
            fake = r.fake
            sent: dict[str, str] = {}  # question message id -> text
            warm_rss = 0.0
            started = time.monotonic()
            for i in range(QUESTIONS):
                await asyncio.sleep(max(started + i * SECONDS / QUESTIONS - time.monotonic(), 0))
                text = next(questions)
                msg = await fake.send_message(f"<@{fake.bot_id}> {text}", author_id=1200000000000000000 + i % MEMBERS)
                sent[msg["id"]] = text
                if i == QUESTIONS // 5:
                    warm_rss = rss_mb()["VmRSS"]
            send_seconds = time.monotonic() - started
            await fake.wait_for(lambda: len(fake.bot_messages) >= QUESTIONS, 120, "a reply to every question")
            await asyncio.sleep(1.0)  # anything duplicated would arrive now
            end_rss = rss_mb()["VmRSS"]

            replies = fake.bot_messages
            answered_ids = [str(m.get("message_reference", {}).get("message_id")) for m in replies]
            assert len(replies) == QUESTIONS and sorted(answered_ids) == sorted(sent)  # none lost, none twice
            slow = [m for m in replies if (m.get("content") or "").startswith("Slow down a little")]
            answers = [m for m in replies if m.get("embeds")]
            assert len(slow) + len(answers) == QUESTIONS and answers and slow
            for reply in replies:
                within_limits(reply)
            beats = [b for conn in fake.connections for b in conn.heartbeats if b >= started]
            gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
            assert gaps and max(gaps) < 2 * HEARTBEAT, max(gaps)  # no heartbeat missed under load
            growth = end_rss - warm_rss
            with capsys.disabled():
                print(
                    f"\nload: {QUESTIONS} questions from {MEMBERS} members in {send_seconds:.1f} s: "
                    f"{len(answers)} answered, {len(slow)} asked to slow down, 0 lost, 0 duplicated; "
                    f"longest heartbeat gap {max(gaps):.2f} s (interval {HEARTBEAT:.0f} s); "
                    f"RSS {warm_rss:.0f} MB after warm-up, {end_rss:.0f} MB at the end ({growth:+.1f} MB)"
                )
            assert growth < 40, f"memory grew {growth:.1f} MB after warm-up"

    run(scenario, timeout=300)
