"""The Pacer bot end to end: real discord.py over sockets to the fake Discord, real model, real FAISS."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import discord

from bot.core.compose import DECLINE
from bot.discord.formatting import FIRST_SCREEN_TARGET, screen_length
from tests.support.bot import run, running_bot
from tests.support.replies import custom_ids, text_of, within_limits

HIP = "rathleff-2014-hip-strength-pfp"


def test_startup_syncs_commands_and_a_mention_is_answered_in_a_thread(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(real_site_copy(), embedder) as r:
            fake = r.fake
            synced = {c["name"] for c in fake.synced_commands.get(fake.guild_id, [])}
            assert {"ask", "topics", "about", "reindex"} <= synced
            reindex = next(c for c in fake.synced_commands[fake.guild_id] if c["name"] == "reindex")
            assert str(reindex["default_member_permissions"]) == "32"  # Manage Server: not listed for every member

            await fake.send_message("anyone fancy a coffee after the long run?")  # not for Pacer
            await fake.send_message(
                f"<@{fake.bot_id}> should I do hip exercises? <@{fake.admin_id}>", mentions=[fake.admin_id]
            )
            thread = await fake.wait_for(lambda: fake.threads[0] if fake.threads else None, 30, "a thread")
            reply = await fake.wait_for_message(channel_id=int(thread["id"]), timeout=30)
            text = text_of(reply)
            # The first screen: short, certainty in words, the sources as links; the evidence one tap away.
            embed = reply["embeds"][0]
            assert screen_length(discord.Embed.from_dict(embed)) <= FIRST_SCREEN_TARGET
            assert re.search(r"(High|Moderate|Low|Very low) — ", text) and "[Rathleff MS et al. (2014)](" in text
            assert reply["allowed_mentions"]["parse"] == [] if "allowed_mentions" in reply else True
            evidence, _, _, _ = custom_ids(reply)
            within_limits(reply)
            # Another member's mention is left out of the title, the thread's name and the store: no raw ids.
            assert embed["title"] == thread["name"] == "should I do hip exercises?"
            stored = r.feedback.answer(int(evidence.rsplit(":", 1)[1]))
            assert stored["question"] == "should I do hip exercises?"
            await fake.click_button(reply["id"], evidence)
            shown = await fake.wait_for(lambda: fake.interaction_responses[:1], 10, "the evidence reply")
            assert shown[0]["type"] == 4 and shown[0]["data"]["flags"] & 64  # ephemeral
            shown_text = text_of(shown[0]["data"])
            assert "3 prospective studies" in shown_text and "The caveat that matters" in shown_text
            assert "Rathleff MS" in shown_text  # the full references
            within_limits(shown[0]["data"])
            await asyncio.sleep(0.5)
            assert len(fake.bot_messages) == 1  # the unrelated message got nothing

            # A question Pacer declines gets a short reply in the channel, and no thread.
            await fake.send_message(f"<@{fake.bot_id}> what time is the saturday club run?")
            declined = await fake.wait_for_message(timeout=30)
            assert DECLINE in text_of(declined) and len(fake.threads) == 1 and custom_ids(declined) == []
            assert int(declined["channel_id"]) == fake.channel_id

            # A follow-up in the thread, without a mention, is read with the thread's question.
            await fake.send_message("what about for ITB?", channel_id=int(thread["id"]))
            follow = await fake.wait_for_message(channel_id=int(thread["id"]), timeout=30)
            assert "Fredericson M" in text_of(follow) or "Aderem J" in text_of(follow)

    run(scenario)


def test_slash_ask_defers_then_answers_with_buttons_and_votes_are_stored(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(real_site_copy(), embedder) as r:
            fake = r.fake
            await fake.send_slash_command("ask", {"question": "do ice baths help sore legs?"})
            await fake.wait_for(lambda: fake.followups, 30, "the /ask followup")
            assert fake.interaction_responses[0]["type"] == 5  # deferred: Discord shows "thinking"
            answer = fake.followups[0]
            text = text_of(answer)
            assert "Bleakley C" in text and "How sure" in text and "Who was studied" in text
            assert answer["embeds"][0]["color"] is not None
            within_limits(answer)
            _, passages, up, down = custom_ids(answer)
            assert up.startswith("pacer:vote:up:") and down.startswith("pacer:vote:down:")
            answer_id = int(passages.rsplit(":", 1)[1])

            await fake.click_button(answer["id"], passages)
            shown = await fake.wait_for(lambda: fake.interaction_responses[1:], 10, "the passages reply")
            assert shown[0]["type"] == 4 and shown[0]["data"]["flags"] & 64  # ephemeral
            stored = r.feedback.answer(answer_id)
            assert stored["question"] == "do ice baths help sore legs?"
            assert "Bleakley" in json.dumps(shown[0]["data"]) or stored["doc_ids"][0] in r.pacer.library.documents
            assert r.pacer.library[stored["doc_ids"][0]].title[:40] in json.dumps(shown[0]["data"])

            await fake.click_button(answer["id"], down, user_id=fake.admin_id)
            await fake.wait_for(lambda: len(fake.interaction_responses) >= 3, 10, "the vote reply")
            assert r.feedback.votes(answer_id) == {"up": 0, "down": 1}

    run(scenario)


def test_declined_red_flag_and_cooldown(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(
            real_site_copy(threads="false", cooldown_questions=2, cooldown_seconds=60), embedder
        ) as r:
            fake = r.fake
            await fake.send_message(f"<@{fake.bot_id}> what time is the saturday club run?")
            declined = await fake.wait_for_message(timeout=30)
            assert DECLINE in text_of(declined) and "Nearest topics I do cover" in text_of(declined)
            assert custom_ids(declined) == []  # a decline has nothing to show or rate
            await fake.send_message(f"<@{fake.bot_id}> I get chest pain on hills, is caffeine ok before races?")
            flagged = await fake.wait_for_message(timeout=30)
            assert custom_ids(flagged) == []  # the warning alone, nothing beside it
            text = text_of(flagged)
            assert text.split("\n")[2].startswith("**⚠️ Stop running. Call your emergency number")
            assert "Nearest topics" not in text and "caffeine" not in text.lower().split("**⚠️", 1)[1]
            await fake.send_message(f"<@{fake.bot_id}> and one more question about tapering")
            slow = await fake.wait_for_message(timeout=30)
            assert slow["content"].startswith("Slow down a little, please")
            store_declined, _ = r.feedback.gaps()
            assert store_declined[0].question == "what time is the saturday club run?"

    run(scenario)


NEW_DOC = (Path(__file__).parents[1] / "fixtures" / "library" / "fixture-hip-article.md").read_text()


def test_reindex_is_refused_for_members_and_swaps_in_new_documents_for_admins(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(real_site_copy(), embedder) as r:
            fake, corpus = r.fake, r.site / "corpus"
            await fake.send_slash_command("reindex", {})
            refusal = await fake.wait_for(lambda: fake.interaction_responses, 10, "the refusal")
            assert refusal[0]["type"] == 4 and "only members with Manage Server" in refusal[0]["data"]["content"]

            new = NEW_DOC.replace("id: fixture-hip-article", "id: strides-club-note")
            new = new.replace('aliases: ["hip exercises for knee pain"', 'aliases: ["zorblat strides after track"')
            (corpus / "strides-club-note.md").write_text(new)
            await fake.send_slash_command("reindex", {}, user_id=fake.admin_id)
            done = await fake.wait_for(lambda: fake.followups, 60, "the reindex report")
            documents = len(list(corpus.glob("*.md")))
            assert f"Reindexed: {documents} documents" in done[0]["content"] and "re-embedded 0" in done[0]["content"]
            await fake.send_slash_command("ask", {"question": "should I do zorblat strides after track"})
            answered = await fake.wait_for(lambda: fake.followups[1:], 30, "the answer from the new document")
            assert "Hip exercises for sore knees: treating is not preventing" in text_of(answered[0])

            (corpus / "broken.md").write_text("---\nid: broken\ntitle: [unclosed\n---\n")
            await fake.send_slash_command("reindex", {}, user_id=fake.admin_id)
            broken = await fake.wait_for(lambda: fake.followups[2:], 60, "the broken-library report")
            assert "the previous index is still serving" in text_of(broken[0])
            assert "broken.md" in text_of(broken[0])
            await fake.send_slash_command("ask", {"question": "should I do zorblat strides after track"})
            still = await fake.wait_for(lambda: fake.followups[3:], 30, "an answer after the failed reindex")
            assert "Hip exercises for sore knees: treating is not preventing" in text_of(still[0])

    run(scenario)


def test_questions_are_answered_after_a_gateway_reconnect(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(real_site_copy(threads="false"), embedder) as r:
            fake = r.fake
            await fake.send_reconnect()
            await fake.send_message(f"<@{fake.bot_id}> is coffee good before a race?")
            reply = await fake.wait_for_message(timeout=30)
            assert "Grgic J" in text_of(reply)
            assert fake.identify_count + fake.resume_count >= 2

    run(scenario)


def test_topics_and_about(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(real_site_copy(), embedder) as r:
            fake = r.fake
            await fake.send_slash_command("topics", {})
            pages = await fake.wait_for(lambda: fake.interaction_responses, 10, "/topics")
            data = pages[0]["data"]
            topics = sorted({doc.topic for doc in r.pacer.library}, key=str.lower)
            assert discord.utils.escape_markdown(topics[0]) in data["embeds"][0]["description"]
            assert f"Page 1 of {-(-len(topics) // 15)}" in json.dumps(data) and custom_ids(data)
            await fake.send_slash_command("about", {})
            about = await fake.wait_for(lambda: fake.interaction_responses[1:], 10, "/about")
            assert "How I decide what to say" in json.dumps(about[0]["data"])

    run(scenario)


def test_who_and_where_pacer_answers(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        settings = {"threads": "false", "respond_to": "all", "channels": "[1100000000000000201]"}
        async with running_bot(real_site_copy(**settings), embedder) as r:
            fake = r.fake
            # Not an allowed channel: ignored even with a mention.
            await fake.send_message(f"<@{fake.bot_id}> is coffee good before a race?")
            # Another bot in the allowed channel: ignored.
            await fake.send_message(
                "is coffee good before a race?",
                channel_id=fake.other_channel_id,
                author_bot=True,
                author_id=1100000000000000999,
            )
            # respond_to: all — a plain message in the allowed channel is a question.
            await fake.send_message("@everyone is coffee good before a race?", channel_id=fake.other_channel_id)
            reply = await fake.wait_for_message(timeout=30)
            assert int(reply["channel_id"]) == fake.other_channel_id and "Grgic J" in text_of(reply)
            assert "@everyone" not in (reply.get("content") or "")
            await asyncio.sleep(0.5)
            assert len(fake.bot_messages) == 1
            # Every message Pacer sent asked Discord to ping no one.
            posts = [q for q in fake.requests if q.method == "POST" and q.path.endswith("/messages")]
            assert posts and all(q.body.get("allowed_mentions", {}).get("parse") == [] for q in posts)

    run(scenario)


def test_an_error_gets_an_apology_and_the_bot_keeps_answering(real_site_copy, embedder, monkeypatch) -> None:
    async def scenario() -> None:
        async with running_bot(real_site_copy(threads="false"), embedder) as r:
            fake, real_ask = r.fake, r.pacer.ask

            def failing_ask(question: str, context: str | None = None):
                if "explode" in question:
                    raise RuntimeError("injected failure")
                return real_ask(question, context)

            monkeypatch.setattr(r.pacer, "ask", failing_ask)
            await fake.send_message(f"<@{fake.bot_id}> please explode")
            apology = await fake.wait_for_message(timeout=30)
            assert apology["content"].startswith("Sorry, something went wrong")
            await fake.send_slash_command("ask", {"question": "explode again"})
            failed = await fake.wait_for(lambda: fake.followups, 30, "the /ask apology")
            assert failed[0]["content"].startswith("Sorry, something went wrong")
            await fake.send_message(f"<@{fake.bot_id}> is coffee good before a race?")
            coffee = await fake.wait_for_message(timeout=30)
            assert "Grgic J" in text_of(coffee)

            # A view Discord refuses (here a field name over 256 characters): the member gets the apology,
            # not "This interaction failed".
            def too_long(*_args) -> list[discord.Embed]:
                return [discord.Embed(title="x").add_field(name="n" * 300, value="v")]

            monkeypatch.setattr("bot.discord.views.evidence_embeds", too_long)
            before = len(fake.interaction_responses)
            await fake.click_button(coffee["id"], custom_ids(coffee)[0])
            refused = await fake.wait_for(lambda: fake.interaction_responses[before:], 10, "the apology")
            assert refused[0]["data"]["content"].startswith("Sorry, something went wrong")
            assert refused[0]["data"]["flags"] & 64

            # A button whose work fails outright: the same apology, only to the member who clicked.
            def broken(*_args):
                raise RuntimeError("injected passages failure")

            monkeypatch.setattr(r.pacer, "passages", broken)
            before = len(fake.interaction_responses)
            await fake.click_button(coffee["id"], custom_ids(coffee)[1])
            failed_button = await fake.wait_for(lambda: fake.interaction_responses[before:], 10, "the apology")
            assert failed_button[0]["data"]["content"].startswith("Sorry, something went wrong")
            assert failed_button[0]["data"]["flags"] & 64

    run(scenario)


LONG_DOC = """---
id: long-winded-review
title: "{title}"
kind: systematic-review
source:
  authors: "Longname AB, Longername CD, Longestname EF, Verylongname GH, Extremelylongname IJ, Last KL"
  year: 2021
  journal: "J Long Stud"
  doi: "10.1234/long.{n}"
  url: ""
design: "{design}"
population: "{population}"
certainty: low
conclusion: Strides after easy runs were studied at great length in this test review number {n}.
finding: "{finding}"
caveat: "{caveat}"
tags: [strides]
aliases: ["zorblat strides after track"]
---
## What was studied
Strides.

## What they found
Strides.

## Caveats
Strides.

## Bottom line
Strides.
"""


def test_an_answer_longer_than_discord_allows_is_split_and_trimmed_whole(real_site_copy, embedder) -> None:
    sentence = "Runners who added zorblat strides after track were followed for a whole season in this review. "
    # Three equally good reviews without claims or questions of their own: let them answer, from all three.
    site_dir = real_site_copy(retrieval={"answer_min": 0.5, "answer_margin": 0.0, "question_min": 0.0})
    for n in range(3):
        text = LONG_DOC.format(
            n=n,
            title="A very long title about strides " * 7,
            design="Design words. " * 60,
            population="Population words. " * 60,
            finding=sentence * 14,
            caveat=sentence * 12,
        )
        (site_dir / "corpus" / f"long-winded-review-{n}.md").write_text(
            text.replace("id: long-winded-review", f"id: long-winded-review-{n}")
        )

    async def scenario() -> None:
        from bot.core.index import build_index
        from bot.core.library import load_library

        build_index(load_library(site_dir / "corpus"), embedder, site_dir / "index")
        async with running_bot(site_dir, embedder) as r:
            fake = r.fake
            await fake.send_slash_command("ask", {"question": "should I do zorblat strides after track"})
            answer = (await fake.wait_for(lambda: fake.followups, 30, "the long answer"))[0]
            within_limits(answer)
            # The first screen stays short: each of its fields one short value, cut at a word.
            assert all(len(f["value"]) <= 400 for f in answer["embeds"][0]["fields"][:-1])
            await fake.click_button(answer["id"], custom_ids(answer)[0])  # Show evidence
            answer = (await fake.wait_for(lambda: fake.interaction_responses[1:], 10, "the evidence"))[0]["data"]
            within_limits(answer)
            fields = answer["embeds"][0]["fields"]
            assert any(f["name"] == "The evidence (cont.)" for f in fields)  # split, not cut
            for field in fields:
                value = field["value"]
                assert value.count("[") == value.count("]")  # no citation marker cut in half
            sources = "\n".join(f["value"] for f in fields if f["name"].startswith("Sources"))
            assert sources == "" or all(line.startswith("[") for line in sources.splitlines())
            assert "more in “Show passages”" in text_of(answer)

    run(scenario)


def test_auto_sharded_bot_answers_on_every_shard(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(real_site_copy(shards=2, threads="false"), embedder, shard_count=2) as r:
            fake = r.fake
            assert type(r.bot).__name__ == "ShardedPacerBot" and r.bot.shard_count == 2
            assert sorted(i["shard"][0] for i in fake.identifies) == [0, 1]
            await fake.send_message(f"<@{fake.bot_id}> is coffee good before a race?")
            assert "Grgic J" in text_of(await fake.wait_for_message(timeout=30))

    run(scenario, timeout=180)


def test_watching_the_library_reindexes_after_changes_settle(real_site_copy, embedder) -> None:
    async def scenario() -> None:
        async with running_bot(
            real_site_copy(watch_corpus="true", watch_settle_seconds=1.0, threads="false"), embedder
        ) as r:
            fake = r.fake
            new = NEW_DOC.replace("id: fixture-hip-article", "id: strides-club-note")
            new = new.replace('aliases: ["hip exercises for knee pain"', 'aliases: ["zorblat strides after track"')
            (r.site / "corpus" / "strides-club-note.md").write_text(new)
            await fake.wait_for(lambda: "strides-club-note" in r.pacer.library.documents, 60, "the automatic reindex")
            await fake.send_message(f"<@{fake.bot_id}> should I do zorblat strides after track")
            assert "Hip exercises for sore knees" in text_of(await fake.wait_for_message(timeout=30))

    run(scenario)


def test_a_locked_feedback_database_never_stops_an_answer(real_site_copy, embedder) -> None:
    import sqlite3

    async def scenario() -> None:
        async with running_bot(real_site_copy(threads="false"), embedder) as r:
            fake = r.fake
            await fake.send_slash_command("ask", {"question": "is coffee good before a race?"})
            first = (await fake.wait_for(lambda: fake.followups, 30, "the first answer"))[0]
            _, _, up, _ = custom_ids(first)

            r.feedback.timeout = 0.2
            holder = sqlite3.connect(r.feedback.path)
            holder.execute("BEGIN EXCLUSIVE")  # another process holds the database
            try:
                await fake.send_message(f"<@{fake.bot_id}> do ice baths help sore legs?")
                reply = await fake.wait_for_message(timeout=30)
                assert "Bleakley C" in text_of(reply) and custom_ids(reply) == []  # answered, without buttons
                await fake.click_button(first["id"], up)
                refused = await fake.wait_for(lambda: fake.interaction_responses[1:], 10, "the vote reply")
                assert "couldn't save that vote" in refused[0]["data"]["content"]
            finally:
                holder.rollback()
                holder.close()
            await fake.click_button(first["id"], up)
            await fake.wait_for(lambda: len(fake.interaction_responses) >= 3, 10, "the second vote reply")
            assert r.feedback.votes(int(up.rsplit(":", 1)[1])) == {"up": 1, "down": 0}

    run(scenario)


def test_a_corrupt_feedback_database_is_reported_and_left_alone(real_site_copy, caplog) -> None:
    from bot.core.config import load_config
    from bot.discord.bot import open_feedback

    config = load_config(real_site_copy() / "pacer.yaml")
    path = config.path(config.discord.feedback_db)
    path.write_bytes(b"not a database " * 100)
    assert open_feedback(config) is None  # the bot then answers without buttons
    assert "cannot open the feedback database" in caplog.text and "answering without storing votes" in caplog.text
    assert path.read_bytes() == b"not a database " * 100  # nothing a curator might recover is overwritten
