"""End-to-end checks that tests/support/fake_discord.py drives the real discord.py client (real HTTP + real websocket).

No pytest-asyncio: every test is a plain function running its scenario with asyncio.run, under a global timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable

import discord
import pytest
from discord import app_commands

from tests.support.fake_discord import FakeDiscord

TOKEN = "fake-bot-token"  # any string: the fake accepts every token it is not told to reject
STEP = 10.0  # seconds allowed for any single wait
SCENARIO = 30.0  # seconds allowed for a whole scenario


class EchoBot(discord.Client):
    """A minimal bot: `!echo x` replies in the channel, `!thread name` opens a thread and posts in it."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        super().__init__(intents=intents, max_messages=None, guild_ready_timeout=0.1)
        self.tree = app_commands.CommandTree(self)
        self.seen: list[discord.Message] = []
        self.resumed = asyncio.Event()

    async def on_resumed(self) -> None:
        self.resumed.set()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:  # the fake, like Discord, echoes the bot's own messages back
            return
        self.seen.append(message)
        if message.content.startswith("!echo "):
            await message.channel.send(f"echo: {message.content.removeprefix('!echo ')}")
        elif message.content.startswith("!thread "):
            thread = await message.create_thread(name=message.content.removeprefix("!thread "))
            await thread.send("first post in the thread")


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(scenario(), SCENARIO))


@contextlib.asynccontextmanager
async def running(bot: discord.Client, token: str = TOKEN) -> AsyncIterator[discord.Client]:
    """login + connect in a task, wait for on_ready (failing fast if connect dies), always close."""
    connect: asyncio.Task[None] | None = None
    try:
        await asyncio.wait_for(bot.login(token), STEP)
        connect = asyncio.create_task(bot.connect(reconnect=True))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({connect, ready}, timeout=STEP, return_when=asyncio.FIRST_COMPLETED)
        if connect in done:
            ready.cancel()
            connect.result()  # raises whatever broke the connection
            raise AssertionError("bot.connect() returned before the bot was ready")
        if ready not in done:
            ready.cancel()
            raise AssertionError(f"bot not ready after {STEP}s")
        yield bot
    finally:
        await asyncio.wait_for(bot.close(), STEP)
        if connect is not None:
            await asyncio.wait_for(connect, STEP)


def assert_clean(fake: FakeDiscord) -> None:
    assert fake.unknown_routes == []
    assert fake.errors == []


def test_login_ready_and_guild_cache() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with fake.patch_discord():
                bot = EchoBot()
                async with running(bot):
                    assert bot.user is not None and bot.user.id == fake.bot_id and bot.user.name == "Pacer"
                    assert bot.application_id == fake.app_id
                    guild = bot.get_guild(fake.guild_id)
                    assert guild is not None and guild.member_count == 3
                    assert {c.id for c in guild.text_channels} == {fake.channel_id, fake.other_channel_id}
                    assert isinstance(bot.get_channel(fake.channel_id), discord.TextChannel)
                    admin_role, curator = guild.get_role(fake.admin_role_id), guild.get_role(fake.curator_role_id)
                    assert admin_role is not None and admin_role.name == "Admin" and admin_role.permissions.manage_guild
                    assert curator is not None and not curator.permissions.manage_guild
                    admin, member = guild.get_member(fake.admin_id), guild.get_member(fake.member_id)
                    assert admin is not None and admin.guild_permissions.manage_guild and admin_role in admin.roles
                    assert member is not None and not member.guild_permissions.manage_guild
                    assert guild.me is not None and guild.me.id == fake.bot_id
                    assert bot.latency < 5  # the first heartbeat was acknowledged
            assert discord.http.Route.BASE == "https://discord.com/api/v10"  # patch restored
            assert fake.identify_count == 1
            identify = fake.identifies[0]
            assert identify["token"] == TOKEN
            assert identify["intents"] & discord.Intents.message_content.flag
            assert fake.requests[0].method == "GET" and fake.requests[0].path == "/users/@me"
            assert fake.connections[0].query["encoding"] == "json"
            assert_clean(fake)

    run(scenario)


def test_injected_message_reaches_on_message_and_reply_is_recorded() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with fake.patch_discord():
                bot = EchoBot()
                async with running(bot):
                    sent = await fake.send_message(f"!echo hello <@{fake.bot_id}>", channel_id=fake.other_channel_id)
                    reply = await fake.wait_for_message(channel_id=fake.other_channel_id, timeout=STEP)
                    assert reply["content"] == f"echo: hello <@{fake.bot_id}>"
                    assert reply["author"]["id"] == str(fake.bot_id)
                    assert fake.messages[fake.other_channel_id] == [reply]
                    assert fake.messages[fake.channel_id] == []

                    seen = bot.seen[0]
                    assert seen.id == int(sent["id"]) and seen.channel.id == fake.other_channel_id
                    assert isinstance(seen.author, discord.Member) and seen.author.id == fake.member_id
                    assert bot.user in seen.mentions

                    channel = bot.get_channel(fake.other_channel_id)
                    assert isinstance(channel, discord.TextChannel)
                    history = [m async for m in channel.history(limit=10)]
                    assert [m.id for m in history] == [int(reply["id"]), int(sent["id"])]  # newest first
                    with pytest.raises(AssertionError, match="timed out"):
                        await fake.wait_for_message(timeout=0.2)  # nothing else was sent
            assert_clean(fake)

    run(scenario)


def test_slash_command_defer_followup_and_button_click() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with fake.patch_discord():
                bot = EchoBot()
                clicks: list[int] = []

                class PingView(discord.ui.View):
                    @discord.ui.button(label="Again", custom_id="ping:again", style=discord.ButtonStyle.primary)
                    async def again(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
                        clicks.append(interaction.user.id)
                        await interaction.response.send_message("clicked", ephemeral=True)

                @bot.tree.command(name="ping", description="Check Pacer is alive", guild=discord.Object(fake.guild_id))
                async def ping(interaction: discord.Interaction, text: str) -> None:
                    await interaction.response.defer(thinking=True)
                    embed = discord.Embed(title="Pong", description=text)
                    await interaction.followup.send(embed=embed, view=PingView(timeout=30))

                async with running(bot):
                    synced = await asyncio.wait_for(bot.tree.sync(guild=discord.Object(fake.guild_id)), STEP)
                    assert [c.name for c in synced] == ["ping"]
                    [command] = fake.synced_commands[fake.guild_id]
                    assert command["name"] == "ping" and command["options"][0]["name"] == "text"
                    assert command["options"][0]["type"] == 3

                    interaction = await fake.send_slash_command("ping", {"text": "hi"}, user_id=fake.admin_id)
                    assert interaction["data"]["id"] == command["id"]
                    followup = await fake.wait_for(lambda: fake.followups and fake.followups[-1], STEP)
                    [deferred] = fake.interaction_responses
                    assert deferred["type"] == 5 and deferred["interaction_id"] == int(interaction["id"])
                    assert followup["embeds"][0]["title"] == "Pong" and followup["embeds"][0]["description"] == "hi"
                    button = followup["components"][0]["components"][0]
                    assert button["type"] == 2 and button["custom_id"] == "ping:again"
                    assert followup["channel_id"] == str(fake.channel_id)

                    await fake.click_button(followup["id"], "ping:again", user_id=fake.member_id)
                    await fake.wait_for(lambda: len(fake.interaction_responses) == 2, STEP)
                    clicked = fake.interaction_responses[1]
                    assert clicked["type"] == 4
                    assert clicked["data"]["content"] == "clicked" and clicked["data"]["flags"] & 64
                    assert clicks == [fake.member_id]
            assert_clean(fake)

    run(scenario)


def test_op7_reconnect_resumes_and_bot_keeps_answering() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with fake.patch_discord():
                bot = EchoBot()
                async with running(bot):
                    await fake.send_message("!echo before")
                    assert (await fake.wait_for_message(timeout=STEP))["content"] == "echo: before"

                    await fake.send_reconnect(timeout=STEP)
                    await asyncio.wait_for(bot.resumed.wait(), STEP)
                    assert fake.resume_count == 1 and fake.identify_count == 1
                    assert len(fake.connections) == 2 and fake.connections[1].ready

                    await fake.send_message("!echo after")
                    assert (await fake.wait_for_message(timeout=STEP))["content"] == "echo: after"
                await fake.wait_for(lambda: fake.connections[0].closed, STEP)
            assert_clean(fake)

    run(scenario)


def test_rejected_token_raises_login_failure() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            fake.reject_token = {"revoked-token"}
            with fake.patch_discord():
                bot = EchoBot()
                try:
                    with pytest.raises(discord.LoginFailure):
                        await asyncio.wait_for(bot.login("revoked-token"), STEP)
                finally:
                    await bot.close()
            assert fake.requests[-1].path == "/users/@me"
            assert fake.identify_count == 0 and fake.connections == []

    run(scenario)


def test_thread_creation_and_message_in_thread() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with fake.patch_discord():
                bot = EchoBot()
                async with running(bot):
                    sent = await fake.send_message("!thread Long run questions")
                    post = await fake.wait_for_message(timeout=STEP)
                    [thread] = fake.threads
                    assert thread["name"] == "Long run questions" and thread["type"] == 11
                    assert thread["parent_id"] == str(fake.channel_id) and thread["id"] == sent["id"]
                    assert post["channel_id"] == thread["id"] and post["content"] == "first post in the thread"
                    assert fake.messages[int(thread["id"])] == [post]
                    cached = await fake.wait_for(lambda: bot.get_channel(int(thread["id"])), STEP)  # THREAD_CREATE
                    assert isinstance(cached, discord.Thread) and cached.parent_id == fake.channel_id

                    # a user's message inside the thread reaches the bot with the thread as its channel
                    await fake.send_message("!echo in thread", channel_id=int(thread["id"]))
                    reply = await fake.wait_for_message(channel_id=int(thread["id"]), timeout=STEP)
                    assert reply["content"] == "echo: in thread"
                    assert isinstance(bot.seen[-1].channel, discord.Thread)
            assert_clean(fake)

    run(scenario)


def test_heartbeats_arrive_on_schedule() -> None:
    async def scenario() -> None:
        interval = 0.3
        async with FakeDiscord(heartbeat_interval=int(interval * 1000)) as fake:
            with fake.patch_discord():
                bot = EchoBot()
                async with running(bot):
                    conn = fake.connections[0]
                    assert conn.heartbeat_interval == 300
                    await fake.wait_for(lambda: len(conn.heartbeats) >= 4, STEP)
                    beats = list(conn.heartbeats)
                    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
                    assert all(gap < 2 * interval for gap in gaps), gaps  # no beat missed
                    assert bot.latency != float("inf")  # HEARTBEAT_ACKs reach the client
            assert_clean(fake)

    run(scenario)
