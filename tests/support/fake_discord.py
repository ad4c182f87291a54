"""A fake Discord (REST API + gateway websocket) on 127.0.0.1, for driving the *real* discord.py client end to end.

Nothing inside discord.py is mocked: the client speaks real HTTP and a real websocket to this server. Only two
class attributes are redirected, and only inside ``fake.patch_discord()``: ``discord.http.Route.BASE`` (every REST
and webhook call) and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (the first gateway connection; later ones
follow READY's ``resume_gateway_url``, which points back here).

Usage (no pytest-asyncio needed: wrap the scenario in ``asyncio.run``)::

    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with fake.patch_discord():
                bot = MyBot(intents=..., guild_ready_timeout=0.1)
                await bot.login("any-token")
                runner = asyncio.create_task(bot.connect(reconnect=True))
                try:
                    await asyncio.wait_for(bot.wait_until_ready(), 10)
                    await fake.send_message(f"<@{fake.bot_id}> hello")  # MESSAGE_CREATE from the ordinary member
                    reply = await fake.wait_for_message(channel_id=fake.channel_id)
                    assert reply["content"] == "hi"
                finally:
                    await bot.close()
                    await asyncio.wait_for(runner, 10)

    asyncio.run(asyncio.wait_for(scenario(), 30))

The world: one bot user ("Pacer"), one application, one guild with two text channels, the roles @everyone, "Admin"
(MANAGE_GUILD) and "Curator" (no special permissions), and three members: the bot, an admin (has Admin) and an
ordinary member. Everything the bot does over REST is recorded (see ``requests``, ``messages``, ``followups`` ...);
``wait_for``/``wait_for_message`` wait for it and fail with a summary of what *was* recorded.

Like real Discord, the fake echoes the bot's own actions back over the gateway (MESSAGE_CREATE for its messages,
THREAD_CREATE for its threads, ...) so on_message also sees the bot's own messages; pass ``echo_events=False`` to
turn that off. Events are buffered per session and replayed on RESUME, so nothing is lost across a reconnect.

Recorded payloads are the JSON dicts Discord would send (snowflake ids are strings); dict keys such as
``fake.messages[channel_id]`` are ints. ``messages`` holds only what the bot posted with POST /channels/{id}/messages;
interaction responses and followups are in ``interaction_responses`` and ``followups``. Every response with a body is
``Content-Type: application/json``; 204s have no body and no Content-Type (discord.py would json-decode an empty body).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import socket
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import discord
import yarl
from aiohttp import WSMsgType, web

JSON = dict[str, Any]
DISCORD_EPOCH_MS = 1420070400000
API_PREFIX = re.compile(r"^/api(?:/v\d+)?")

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
EVERYONE_PERMISSIONS = sum(
    1 << bit  # create invite, add reactions, view, send, embed, attach, history, external emoji, connect, speak,
    for bit in (0, 6, 10, 11, 14, 15, 16, 18, 20, 21, 26, 31, 35, 38)  # nickname, app commands, threads
)
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message_content

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 0, 1, 2, 6, 7, 9, 10, 11


class RecordedRequest(NamedTuple):
    method: str
    path: str  # without the /api/v10 prefix and without the query string
    body: Any  # parsed JSON (payload_json for multipart), or None


@dataclass(eq=False)
class GatewaySession:
    session_id: str
    token: str
    intents: int
    shard: tuple[int, int]
    seq: int = 0
    backlog: list[tuple[int, str]] = field(default_factory=list)  # (seq, frame) for RESUME replay
    connection: GatewayConnection | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass(eq=False)
class GatewayConnection:
    ws: web.WebSocketResponse
    query: dict[str, str]
    heartbeat_interval: int  # ms, as sent in HELLO
    heartbeats: list[float] = field(default_factory=list)  # time.monotonic() of every HEARTBEAT received
    session: GatewaySession | None = None
    accepting: bool = False  # dispatches are sent on this socket (after IDENTIFY/RESUME, until RECONNECT/close)
    ready: bool = False  # READY + GUILD_CREATE (or RESUMED) done: safe to inject events
    closed: bool = False
    close_code: int | None = None


@dataclass
class _Request:
    method: str
    path: str
    query: Any
    body: Any
    files: list[tuple[str, bytes]]
    token: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _response(status: int, payload: Any = None) -> web.Response:
    if status == 204:  # no body: discord.py would try to json-decode an empty application/json body
        return web.Response(status=204)
    return web.Response(status=status, body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


def _embed_problem(payload: JSON) -> str | None:
    """What real Discord refuses in a message's embeds (its documented limits), or None."""
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        return "more than 10 embeds"
    for embed in embeds:
        fields = embed.get("fields") or []
        texts = [embed.get("title") or "", embed.get("description") or "", (embed.get("footer") or {}).get("text", "")]
        if len(texts[0]) > 256 or len(texts[1]) > 4096 or len(texts[2]) > 2048 or len(fields) > 25:
            return "an embed's title, description, footer or field count is over its limit"
        for item in fields:
            if not 0 < len(item.get("name", "")) <= 256 or not 0 < len(item.get("value", "")) <= 1024:
                return f"embed field name or value length out of range: {item.get('name', '')[:40]!r}"
        if sum(map(len, texts)) + sum(len(f["name"]) + len(f["value"]) for f in fields) > 6000:
            return "an embed is over 6000 characters in all"
    return None


def _error(status: int, message: str, code: int = 0) -> web.Response:
    return _response(status, {"message": message, "code": code})


class FakeDiscord:
    def __init__(
        self,
        *,
        guild_id: int = 1100000000000000100,
        channel_id: int = 1100000000000000200,
        other_channel_id: int = 1100000000000000201,
        bot_id: int = 1100000000000000001,
        app_id: int | None = None,
        admin_id: int = 1100000000000000401,
        member_id: int = 1100000000000000402,
        admin_role_id: int = 1100000000000000301,
        curator_role_id: int = 1100000000000000302,
        shard_count: int = 1,
        heartbeat_interval: int = 41250,
        echo_events: bool = True,
        allow_privileged_intents: bool = True,
    ) -> None:
        self.guild_id, self.channel_id, self.other_channel_id = guild_id, channel_id, other_channel_id
        self.bot_id, self.app_id = bot_id, app_id if app_id is not None else bot_id
        self.admin_id, self.member_id = admin_id, member_id
        self.admin_role_id, self.curator_role_id = admin_role_id, curator_role_id
        self.shard_count, self.heartbeat_interval = shard_count, heartbeat_interval
        self.echo_events, self.allow_privileged_intents = echo_events, allow_privileged_intents
        self.reject_token: bool | Collection[str] = False

        self.users: dict[int, JSON] = {
            uid: {"id": str(uid), "username": name, "discriminator": "0", "global_name": None, "avatar": None,
                  "bot": uid == bot_id, "public_flags": 0, "flags": 0}
            for uid, name in ((bot_id, "Pacer"), (admin_id, "ada_admin"), (member_id, "milo_member"))
        }  # fmt: skip
        self.member_roles: dict[int, list[int]] = {bot_id: [], admin_id: [admin_role_id], member_id: []}
        self.roles: dict[int, JSON] = {
            rid: {"id": str(rid), "name": name, "permissions": str(perms), "position": pos, "color": 0,
                  "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None}, "hoist": False,
                  "managed": False, "mentionable": False, "flags": 0, "icon": None, "unicode_emoji": None}
            for rid, name, perms, pos in ((guild_id, "@everyone", EVERYONE_PERMISSIONS, 0),
                                          (admin_role_id, "Admin", MANAGE_GUILD, 2), (curator_role_id, "Curator", 0, 1))
        }  # fmt: skip
        self.channels: dict[int, JSON] = {}  # text channels, threads and DM channels, by id
        for pos, (cid, name) in enumerate(((channel_id, "general"), (other_channel_id, "pacer-curators"))):
            self.channels[cid] = {
                "id": str(cid), "guild_id": str(guild_id), "type": 0, "name": name, "position": pos, "topic": None,
                "permission_overwrites": [], "nsfw": False, "last_message_id": None, "rate_limit_per_user": 0,
                "parent_id": None, "flags": 0, "default_auto_archive_duration": 1440,
            }  # fmt: skip

        # Recordings (all JSON-shaped dicts as Discord would send them: ids are strings).
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[tuple[str, str]] = []
        self.errors: list[str] = []  # exceptions raised inside the fake itself
        self.messages: defaultdict[int, list[JSON]] = defaultdict(list)  # bot messages via POST /channels/{id}/messages
        self.bot_messages: list[JSON] = []  # the same messages, in creation order across channels
        self.edits: list[JSON] = []  # {"channel_id", "message_id", "data", "via": "channel"|"webhook"}
        self.deleted_messages: list[tuple[int, int]] = []  # (channel_id, message_id)
        self.reactions: list[tuple[str, int, int, str]] = []  # ("add"|"remove", channel_id, message_id, emoji)
        self.threads: list[JSON] = []
        self.synced_commands: dict[int | None, list[JSON]] = {}  # guild id (None = global) -> commands with ids
        self.interactions: list[JSON] = []  # every INTERACTION_CREATE injected
        self.interaction_responses: list[JSON] = []  # {"interaction_id", "token", "type", "data", "message"}
        self.followups: list[JSON] = []  # messages created via POST /webhooks/{app}/{token}
        self.uploads: dict[int, tuple[str, bytes]] = {}  # attachment id -> (filename, bytes)
        self.identifies: list[JSON] = []  # {"token", "intents", "shard"}
        self.resume_count = 0
        self.connections: list[GatewayConnection] = []

        self._history: defaultdict[int, list[JSON]] = defaultdict(list)  # every live message per channel, oldest first
        self._by_id: dict[int, JSON] = {}
        self._originals: dict[str, JSON] = {}  # interaction token -> @original response message
        self._interactions_by_token: dict[str, JSON] = {}
        self._webhook_messages: defaultdict[str, set[str]] = defaultdict(set)  # token -> followup ids
        self._responded: set[str] = set()
        self._dm_channels: dict[int, int] = {}
        self._sessions: dict[str, GatewaySession] = {}
        self._shard_sessions: dict[int, GatewaySession] = {}
        self._consumed: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._last_snowflake = 0
        self._counter = itertools.count()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes = [
            (method, re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)), handler)
            for method, template, handler in self._route_table()
        ]

    # ----------------------------------------------------------------------------------------------- lifecycle
    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def identify_count(self) -> int:
        return len(self.identifies)

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        for conn in self.connections:
            if not conn.ws.closed:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.ws.close(code=1001), 2)
        if self._runner is not None:
            await self._runner.cleanup()

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator[FakeDiscord]:
        """Point discord.py's REST base URL and default gateway at this server; restore both on exit."""
        old_base, old_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    # ----------------------------------------------------------------------------------------------- world helpers
    def snowflake(self) -> int:
        value = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(self._counter) & 0xFFF)
        self._last_snowflake = max(value, self._last_snowflake + 1)
        return self._last_snowflake

    def permissions(self, user_id: int) -> int:
        perms = EVERYONE_PERMISSIONS
        for role_id in self.member_roles.get(user_id, []):
            perms |= int(self.roles[role_id]["permissions"])
        return (1 << 53) - 1 if perms & ADMINISTRATOR else perms

    def _member(self, user_id: int, *, with_user: bool = True, with_permissions: bool = False) -> JSON:
        member: JSON = {
            "roles": [str(r) for r in self.member_roles[user_id]], "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False, "mute": False, "flags": 0, "pending": False, "nick": None, "avatar": None,
            "premium_since": None, "communication_disabled_until": None,
        }  # fmt: skip
        if with_user:
            member["user"] = dict(self.users[user_id])
        if with_permissions:
            member["permissions"] = str(self.permissions(user_id))
        return member

    def guild_payload(self) -> JSON:
        return {
            "id": str(self.guild_id), "name": "Pacer Test Club", "icon": None, "owner_id": str(self.admin_id),
            "roles": list(self.roles.values()), "emojis": [], "stickers": [], "features": [],
            "member_count": len(self.member_roles), "members": [self._member(uid) for uid in self.member_roles],
            "channels": [c for c in self.channels.values() if c["type"] == 0],
            "threads": [c for c in self.channels.values() if c["type"] in (11, 12)],
            "presences": [], "voice_states": [], "stage_instances": [], "guild_scheduled_events": [],
            "soundboard_sounds": [], "large": False, "unavailable": False, "joined_at": "2024-01-01T00:00:00+00:00",
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0, "preferred_locale": "en-US", "afk_timeout": 300,
            "system_channel_id": str(self.channel_id), "description": None, "premium_subscription_count": 0,
        }  # fmt: skip

    def _shard_of(self, guild_id: int | None) -> int:
        return 0 if guild_id is None else (guild_id >> 22) % self.shard_count

    def _channel(self, channel_id: int) -> JSON:
        if channel_id not in self.channels:
            raise AssertionError(f"the fake has no channel {channel_id}; known: {sorted(self.channels)}")
        return self.channels[channel_id]

    def _guild_of(self, channel_id: int) -> int | None:
        gid = self._channel(channel_id).get("guild_id")
        return int(gid) if gid else None

    def _mentions(self, content: str, extra: Collection[int] = ()) -> list[JSON]:
        ids = list(dict.fromkeys([*extra, *(int(m) for m in re.findall(r"<@!?(\d+)>", content))]))
        return [
            {**self.users[uid], "member": self._member(uid, with_user=False)} if uid in self.member_roles
            else dict(self.users[uid])
            for uid in ids if uid in self.users
        ]  # fmt: skip

    def _new_message(self, channel_id: int, author_id: int, payload: JSON, *, msg_type: int = 0) -> JSON:
        content = payload.get("content") or ""
        msg: JSON = {
            "id": str(self.snowflake()), "channel_id": str(channel_id), "type": msg_type, "content": content,
            "author": dict(self.users[author_id]), "timestamp": _now(), "edited_timestamp": None,
            "tts": bool(payload.get("tts")), "mention_everyone": False, "mentions": self._mentions(content),
            "mention_roles": [], "attachments": [], "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [], "pinned": False, "flags": payload.get("flags") or 0,
            "sticker_items": [],
        }  # fmt: skip
        guild_id = self._guild_of(channel_id)
        if guild_id is not None:
            msg["guild_id"] = str(guild_id)
        if payload.get("nonce") is not None:
            msg["nonce"] = payload["nonce"]
        if ref := payload.get("message_reference"):
            msg["message_reference"] = {"type": 0, "channel_id": str(channel_id), **ref}
            if (referenced := self._by_id.get(int(ref.get("message_id") or 0))) is not None:
                msg["referenced_message"] = referenced
        return msg

    def _attach(self, msg: JSON, payload: JSON, files: list[tuple[str, bytes]]) -> None:
        attachments = []
        for entry in payload.get("attachments") or []:
            index = int(entry["id"]) if str(entry.get("id", "")).isdigit() else -1
            if 0 <= index < len(files):  # an upload in this request: its id is the file's index
                filename, data = files[index]
                aid = self.snowflake()
                self.uploads[aid] = (entry.get("filename") or filename, data)
                url = f"http://127.0.0.1:{self.port}/attachments/{msg['channel_id']}/{aid}/{filename}"
                attachments.append(
                    {"id": str(aid), "filename": entry.get("filename") or filename, "size": len(data), "url": url,
                     "proxy_url": url, "content_type": "application/octet-stream",
                     "description": entry.get("description")}
                )  # fmt: skip
            else:  # an existing attachment being kept on edit
                attachments.extend(a for a in msg.get("attachments", []) if a["id"] == str(entry.get("id")))
        msg["attachments"] = attachments

    def _store(self, msg: JSON) -> None:
        self._history[int(msg["channel_id"])].append(msg)
        self._by_id[int(msg["id"])] = msg
        channel = self.channels.get(int(msg["channel_id"]))
        if channel is not None:
            channel["last_message_id"] = msg["id"]

    def _apply_edit(self, msg: JSON, payload: JSON, files: list[tuple[str, bytes]]) -> None:
        for key in ("content", "embeds", "components"):
            if key in payload:
                msg[key] = payload[key] if payload[key] is not None else ("" if key == "content" else [])
        if "content" in payload:
            msg["mentions"] = self._mentions(msg["content"])
        if "flags" in payload and payload["flags"] is not None:
            msg["flags"] = payload["flags"]
        msg["flags"] &= ~128  # an edit ends the "thinking..." state of a deferred response
        if "attachments" in payload:
            self._attach(msg, payload, files)
        msg["edited_timestamp"] = _now()

    def _delete(self, msg: JSON) -> None:
        channel_id, message_id = int(msg["channel_id"]), int(msg["id"])
        self._by_id.pop(message_id, None)
        history = self._history[channel_id]
        if msg in history:
            history.remove(msg)
        self.deleted_messages.append((channel_id, message_id))

    # ----------------------------------------------------------------------------------------------- gateway
    async def _send(self, conn: GatewayConnection, frame: JSON | str) -> None:
        try:
            await conn.ws.send_str(frame if isinstance(frame, str) else json.dumps(frame))
        except (ConnectionError, RuntimeError):
            conn.accepting = conn.ready = False

    async def _dispatch_to(self, session: GatewaySession, event: str, data: JSON) -> None:
        async with session.lock:
            session.seq += 1
            frame = json.dumps({"op": DISPATCH, "t": event, "s": session.seq, "d": data})
            session.backlog = [*session.backlog[-999:], (session.seq, frame)]
            conn = session.connection
            if conn is not None and conn.accepting:
                await self._send(conn, frame)

    async def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None, wait: float | None = 10.0) -> None:
        """Send a DISPATCH event to the session owning guild_id's shard (waiting up to `wait`s for one to be ready).

        With wait=None, the event only goes to an existing session (buffered for RESUME if it is reconnecting)."""
        shard = self._shard_of(guild_id)
        if wait is not None:
            await self.wait_for(lambda: self._ready_session(shard), wait, f"a ready gateway session for shard {shard}")
        if (session := self._shard_sessions.get(shard)) is not None:
            await self._dispatch_to(session, event, data)

    async def _echo(self, event: str, data: JSON, guild_id: int | None) -> None:
        if self.echo_events:
            await self.dispatch(event, data, guild_id=guild_id, wait=None)

    def _ready_session(self, shard: int) -> GatewaySession | None:
        session = self._shard_sessions.get(shard)
        conn = session.connection if session else None
        return session if conn is not None and conn.ready and not conn.closed else None

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = GatewayConnection(ws=ws, query=dict(request.query), heartbeat_interval=self.heartbeat_interval)
        self.connections.append(conn)
        await self._send(conn, {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval}, "s": None})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    try:
                        await self._on_gateway_frame(conn, json.loads(msg.data))
                    except Exception as exc:
                        self.errors.append(f"gateway: {exc!r} handling {msg.data[:200]}")
        finally:
            conn.closed, conn.accepting, conn.ready, conn.close_code = True, False, False, ws.close_code
        return ws

    async def _on_gateway_frame(self, conn: GatewayConnection, frame: JSON) -> None:
        op, d = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            conn.heartbeats.append(time.monotonic())
            await self._send(conn, {"op": HEARTBEAT_ACK, "d": None})
        elif op == IDENTIFY:
            await self._identify(conn, d)
        elif op == RESUME:
            await self._resume(conn, d)

    async def _identify(self, conn: GatewayConnection, d: JSON) -> None:
        shard_id, shard_count = d.get("shard") or (0, 1)
        self.identifies.append({"token": d.get("token"), "intents": d.get("intents"), "shard": d.get("shard")})
        if self._token_rejected(d.get("token")):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        if not self.allow_privileged_intents and (d.get("intents") or 0) & PRIVILEGED_INTENTS:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        if shard_id >= shard_count:
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        sid, intents = f"fake-session-{self.snowflake()}", d.get("intents") or 0
        session = GatewaySession(sid, d["token"], intents, (shard_id, shard_count))
        self._sessions[session.session_id] = self._shard_sessions[shard_id] = session
        session.connection, conn.session, conn.accepting = conn, session, True
        owns_guild = (self.guild_id >> 22) % shard_count == shard_id
        ready: JSON = {
            "v": 10, "user": {**self.users[self.bot_id], "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(self.guild_id), "unavailable": True}] if owns_guild else [],
            "session_id": session.session_id, "session_type": "normal", "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.app_id), "flags": 0}, "private_channels": [], "relationships": [],
        }  # fmt: skip
        if d.get("shard") is not None:
            ready["shard"] = [shard_id, shard_count]
        await self._dispatch_to(session, "READY", ready)
        if owns_guild:
            await self._dispatch_to(session, "GUILD_CREATE", self.guild_payload())
        conn.ready = True

    async def _resume(self, conn: GatewayConnection, d: JSON) -> None:
        session = self._sessions.get(d.get("session_id") or "")
        if session is None or session.token != d.get("token"):
            await self._send(conn, {"op": INVALID_SESSION, "d": False})
            return
        async with session.lock:
            old = session.connection
            if old is not None and old is not conn:
                old.accepting = old.ready = False
            session.connection, conn.session, conn.accepting = conn, session, True
            for seq, frame in session.backlog:
                if seq > (d.get("seq") or 0):
                    await self._send(conn, frame)
        self.resume_count += 1
        await self._dispatch_to(session, "RESUMED", {})
        conn.ready = True

    async def send_reconnect(self, *, wait: bool = True, timeout: float = 10.0) -> None:
        """Send op 7 RECONNECT to every ready connection, as Discord does before restarting a gateway node.

        The connections stop receiving dispatches at once (later events are buffered for the RESUME) and are closed by
        the server after a short grace period if the client has not closed them. With wait=True, returns once every
        affected shard is ready again on a new connection (resumed or re-identified)."""
        targets = [c for c in self.connections if c.ready and not c.closed]
        for conn in targets:
            conn.accepting = conn.ready = False
            await self._send(conn, {"op": RECONNECT, "d": None})
            task = asyncio.create_task(self._close_later(conn, 1.0))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if wait:
            shards = {c.session.shard[0] for c in targets if c.session is not None}

            def reconnected() -> bool:
                return all((s := self._ready_session(shard)) and s.connection not in targets for shard in shards)

            await self.wait_for(reconnected, timeout, "the client to reconnect after op 7 RECONNECT")

    async def _close_later(self, conn: GatewayConnection, delay: float) -> None:
        await asyncio.sleep(delay)
        if not conn.ws.closed:
            await conn.ws.close(code=4000, message=b"Reconnect requested.")

    # ----------------------------------------------------------------------------------------------- injection
    async def send_message(
        self,
        content: str,
        *,
        author_id: int | None = None,
        channel_id: int | None = None,
        mentions: Collection[int] = (),
        guild: bool = True,
        author_bot: bool = False,
        timeout: float = 10.0,
    ) -> JSON:
        """Dispatch MESSAGE_CREATE from a user (default: the ordinary member) and return the message dict.

        `<@id>` mentions in the content are added to `mentions` automatically. guild=False sends a DM instead."""
        author_id = self.member_id if author_id is None else author_id
        if author_id not in self.users:
            name = f"user{author_id}"
            self.users[author_id] = {"id": str(author_id), "username": name, "discriminator": "0", "avatar": None}
        if author_bot:
            self.users[author_id]["bot"] = True
        channel_id = (self.channel_id if channel_id is None else channel_id) if guild else self._dm_channel(author_id)
        msg = self._new_message(channel_id, author_id, {"content": content})
        msg["mentions"] = self._mentions(content, mentions)
        self._store(msg)
        event = dict(msg)
        guild_id = self._guild_of(channel_id)
        if guild_id is not None and author_id in self.member_roles:
            event["member"] = self._member(author_id, with_user=False)
        await self.dispatch("MESSAGE_CREATE", event, guild_id=guild_id, wait=timeout)
        return msg

    def _dm_channel(self, user_id: int) -> int:
        if user_id not in self._dm_channels:
            cid = self.snowflake()
            self.channels[cid] = {"id": str(cid), "type": 1, "last_message_id": None, "flags": 0,
                                  "recipients": [dict(self.users[user_id])]}  # fmt: skip
            self._dm_channels[user_id] = cid
        return self._dm_channels[user_id]

    def _interaction(self, itype: int, data: JSON, user_id: int | None, channel_id: int | None) -> JSON:
        user_id = self.member_id if user_id is None else user_id
        channel_id = self.channel_id if channel_id is None else channel_id
        iid = self.snowflake()
        interaction: JSON = {
            "id": str(iid), "application_id": str(self.app_id), "type": itype, "data": data,
            "guild_id": str(self.guild_id), "guild": {"id": str(self.guild_id), "locale": "en-US", "features": []},
            "channel_id": str(channel_id),
            "channel": {**self._channel(channel_id), "permissions": str(self.permissions(user_id))},
            "member": self._member(user_id, with_permissions=True), "token": f"fake-interaction-token-{iid}",
            "version": 1, "app_permissions": str(self.permissions(self.bot_id)), "locale": "en-US",
            "guild_locale": "en-US", "entitlements": [], "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0, "attachment_size_limit": 26214400,
        }  # fmt: skip
        self.interactions.append(interaction)
        self._interactions_by_token[interaction["token"]] = interaction
        return interaction

    async def send_slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[JSON] | None = None,
        *,
        user_id: int | None = None,
        channel_id: int | None = None,
        timeout: float = 10.0,
    ) -> JSON:
        """Dispatch INTERACTION_CREATE for /name (APPLICATION_COMMAND) and return the interaction dict.

        options: {name: value} (str -> type 3, int -> 4, bool -> 5, float -> 10) or a list of raw option dicts."""
        if isinstance(options, list):
            opts = options
        else:
            types = ((bool, 5), (int, 4), (float, 10), (str, 3))
            opts = [
                {"name": k, "type": next(t for cls, t in types if isinstance(v, cls)), "value": v}
                for k, v in (options or {}).items()
            ]
        synced = [c for c in self.synced_commands.get(self.guild_id, []) + self.synced_commands.get(None, [])]
        command = next((c for c in synced if c["name"] == name and c.get("type", 1) == 1), None)
        cid = command["id"] if command else str(self.snowflake())
        data: JSON = {"id": cid, "name": name, "type": 1, "options": opts}
        if command and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        interaction = self._interaction(2, data, user_id, channel_id)
        await self.dispatch("INTERACTION_CREATE", interaction, guild_id=self.guild_id, wait=timeout)
        return interaction

    async def click_button(
        self,
        message_id: int | str,
        custom_id: str,
        *,
        user_id: int | None = None,
        channel_id: int | None = None,
        timeout: float = 10.0,
    ) -> JSON:
        """Dispatch INTERACTION_CREATE (MESSAGE_COMPONENT, button) for custom_id on a recorded message."""
        msg = self._by_id.get(int(message_id))
        if msg is None:
            raise AssertionError(f"click_button: no recorded message {message_id}\n{self.summary()}")
        found = [c.get("custom_id") for row in msg.get("components", []) for c in row.get("components", [row])]
        if custom_id not in found:
            raise AssertionError(f"click_button: message {message_id} has no component {custom_id!r} (has {found})")
        channel_id = int(msg["channel_id"]) if channel_id is None else channel_id
        interaction = self._interaction(3, {"custom_id": custom_id, "component_type": 2}, user_id, channel_id)
        interaction["message"] = json.loads(json.dumps(msg))
        await self.dispatch("INTERACTION_CREATE", interaction, guild_id=self.guild_id, wait=timeout)
        return interaction

    async def update_member_roles(self, user_id: int, role_ids: Collection[int]) -> None:
        """Change a member's roles and tell the client (GUILD_MEMBER_UPDATE)."""
        self.member_roles[user_id] = list(role_ids)
        event = {**self._member(user_id), "guild_id": str(self.guild_id)}
        await self.dispatch("GUILD_MEMBER_UPDATE", event, guild_id=self.guild_id)

    # ----------------------------------------------------------------------------------------------- waiting
    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0, what: str | None = None) -> Any:
        """Poll predicate() until it returns something truthy (which is returned); AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while not (result := predicate()):
            if time.monotonic() >= deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}\n{self.summary()}")
            await asyncio.sleep(0.01)
        return result

    async def wait_for_message(self, channel_id: int | None = None, timeout: float = 10.0) -> JSON:
        """The next bot message (POST /channels/{id}/messages) not yet returned by wait_for_message."""

        def next_message() -> JSON | None:
            return next(
                (m for m in self.bot_messages
                 if m["id"] not in self._consumed and (channel_id is None or int(m["channel_id"]) == channel_id)),
                None,
            )  # fmt: skip

        msg = await self.wait_for(next_message, timeout, f"a bot message in channel {channel_id or 'any'}")
        self._consumed.add(msg["id"])
        return msg

    def summary(self) -> str:
        def short(m: JSON) -> str:
            return f"{m['channel_id']}: {m['content'][:60]!r} embeds={len(m['embeds'])} comps={len(m['components'])}"

        conns = [f"{'ready' if c.ready else 'closed' if c.closed else 'open'}(hb={len(c.heartbeats)})"
                 for c in self.connections]  # fmt: skip
        lines = [
            f"connections: {conns}; identifies={self.identify_count} resumes={self.resume_count}",
            "last requests: " + "; ".join(f"{r.method} {r.path}" for r in self.requests[-15:]),
            f"unknown routes: {self.unknown_routes}",
            "bot messages: " + "; ".join(short(m) for m in self.bot_messages[-10:]),
            "interaction responses: " + "; ".join(f"type {r['type']}" for r in self.interaction_responses),
            "followups: " + "; ".join(short(m) for m in self.followups),
            f"threads: {[(t['id'], t['name']) for t in self.threads]}",
            f"fake errors: {self.errors}",
        ]
        return "\n".join(lines)

    # ----------------------------------------------------------------------------------------------- REST
    def _token_rejected(self, token: str | None) -> bool:
        if not token:
            return True
        if isinstance(self.reject_token, bool):
            return self.reject_token
        return token in self.reject_token

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/gateway" and request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._gateway(request)
        path = API_PREFIX.sub("", request.path)
        files: list[tuple[str, bytes]] = []
        body: Any = None
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            for key, value in form.items():
                if key == "payload_json":
                    body = json.loads(value if isinstance(value, str) else value.file.read())
                elif isinstance(value, web.FileField):
                    files.append((value.filename, value.file.read()))
        elif request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        self.requests.append(RecordedRequest(request.method, path, body))
        auth = request.headers.get("Authorization", "")
        req = _Request(request.method, path, request.query, body, files, auth.removeprefix("Bot ") or None)
        for method, pattern, handler in self._routes:
            if method == request.method and (match := pattern.fullmatch(path)):
                if not path.startswith(("/webhooks/", "/interactions/")) and self._token_rejected(req.token):
                    return _error(401, "401: Unauthorized")
                try:
                    return await handler(req, **match.groupdict())
                except Exception as exc:  # surface fake bugs as a 400 (a 500 would make discord.py retry slowly)
                    self.errors.append(f"{request.method} {path}: {exc!r}")
                    return _error(400, f"fake discord error: {exc!r}", 50035)
        self.unknown_routes.append((request.method, path))
        return _error(404, "Unknown route")

    def _route_table(self) -> list[tuple[str, str, Callable[..., Awaitable[web.Response]]]]:
        app, guild, cmds = "/applications/{app}", "/applications/{app}/guilds/{guild}/commands", "commands"
        msg, hook = "/channels/{channel}/messages/{message}", "/webhooks/{app}/{token}/messages/{message}"
        return [
            ("GET", "/users/@me", self._get_me),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", f"{app}/{cmds}", self._get_commands),
            ("PUT", f"{app}/{cmds}", self._put_commands),
            ("GET", guild, self._get_commands),
            ("PUT", guild, self._put_commands),
            ("GET", "/channels/{channel}", self._get_channel),
            ("GET", "/channels/{channel}/messages", self._get_history),
            ("POST", "/channels/{channel}/messages", self._post_message),
            ("GET", msg, self._get_message),
            ("PATCH", msg, self._edit_message),
            ("DELETE", msg, self._delete_message),
            ("PUT", msg + "/reactions/{emoji}/@me", self._reaction),
            ("DELETE", msg + "/reactions/{emoji}/@me", self._reaction),
            ("POST", msg + "/threads", self._start_thread),
            ("POST", "/channels/{channel}/threads", self._start_thread),
            ("POST", "/channels/{channel}/typing", lambda req, channel: self._ok(None, 204)),
            ("POST", "/interactions/{interaction}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", hook, self._webhook_message),
            ("PATCH", hook, self._webhook_message),
            ("DELETE", hook, self._webhook_message),
        ]

    async def _ok(self, payload: Any, status: int = 200) -> web.Response:
        return _response(status, payload)

    async def _get_me(self, req: _Request) -> web.Response:
        return _response(200, {**self.users[self.bot_id], "verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def _create_dm(self, req: _Request) -> web.Response:
        return _response(200, self.channels[self._dm_channel(int(req.body["recipient_id"]))])

    async def _get_gateway(self, req: _Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return _response(200, {"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit})

    async def _get_application(self, req: _Request) -> web.Response:
        return _response(200, {
            "id": str(self.app_id), "name": "Pacer", "description": "", "icon": None, "bot_public": False,
            "bot_require_code_grant": False, "owner": self.users[self.admin_id], "verify_key": "0" * 64, "flags": 0,
            "team": None, "bot": self.users[self.bot_id], "summary": "", "redirect_uris": [],
            "interactions_endpoint_url": None,
        })  # fmt: skip

    def _check_app(self, app: str) -> web.Response | None:
        return None if app in (str(self.app_id), "@me") else _error(404, "Unknown Application", 10002)

    async def _get_commands(self, req: _Request, app: str, guild: str | None = None) -> web.Response:
        return self._check_app(app) or _response(200, self.synced_commands.get(int(guild) if guild else None, []))

    async def _put_commands(self, req: _Request, app: str, guild: str | None = None) -> web.Response:
        if err := self._check_app(app):
            return err
        key = int(guild) if guild else None
        old = {(c["name"], c.get("type", 1)): c["id"] for c in self.synced_commands.get(key, [])}
        commands = []
        for cmd in req.body or []:
            cid = old.get((cmd["name"], cmd.get("type", 1))) or str(self.snowflake())
            command = {"type": 1, "options": [], "default_member_permissions": None, "nsfw": False, **cmd,
                       "id": cid, "application_id": str(self.app_id), "version": str(self.snowflake())}  # fmt: skip
            if guild:
                command["guild_id"] = guild
            commands.append(command)
        self.synced_commands[key] = commands
        return _response(200, commands)

    async def _get_channel(self, req: _Request, channel: str) -> web.Response:
        if int(channel) not in self.channels:
            return _error(404, "Unknown Channel", 10003)
        return _response(200, self.channels[int(channel)])

    async def _get_history(self, req: _Request, channel: str) -> web.Response:
        if int(channel) not in self.channels:
            return _error(404, "Unknown Channel", 10003)
        limit = min(int(req.query.get("limit", 50)), 100)
        msgs = self._history[int(channel)]  # oldest first
        if "before" in req.query:
            msgs = [m for m in msgs if int(m["id"]) < int(req.query["before"])]
        if "after" in req.query:  # the `limit` messages right after the id, still returned newest first
            msgs = [m for m in msgs if int(m["id"]) > int(req.query["after"])][:limit]
        return _response(200, list(reversed(msgs))[:limit])

    async def _post_message(self, req: _Request, channel: str) -> web.Response:
        if int(channel) not in self.channels:
            return _error(404, "Unknown Channel", 10003)
        payload = req.body or {}
        if not (payload.get("content") or payload.get("embeds") or req.files or payload.get("components")):
            return _error(400, "Cannot send an empty message", 50006)
        if problem := _embed_problem(payload):
            return _error(400, f"Invalid Form Body: {problem}", 50035)
        msg = self._new_message(int(channel), self.bot_id, payload)
        self._attach(msg, payload, req.files)
        self._store(msg)
        self.messages[int(channel)].append(msg)
        self.bot_messages.append(msg)
        await self._echo_message("MESSAGE_CREATE", msg)
        return _response(200, msg)

    async def _echo_message(self, event: str, msg: JSON) -> None:
        data = dict(msg)
        guild_id = self._guild_of(int(msg["channel_id"]))
        if guild_id is not None and int(msg["author"]["id"]) in self.member_roles and "webhook_id" not in msg:
            data["member"] = self._member(int(msg["author"]["id"]), with_user=False)
        await self._echo(event, data, guild_id)

    def _find(self, channel: str, message: str) -> JSON | None:
        msg = self._by_id.get(int(message))
        return msg if msg is not None and msg["channel_id"] == channel else None

    async def _get_message(self, req: _Request, channel: str, message: str) -> web.Response:
        msg = self._find(channel, message)
        return _response(200, msg) if msg else _error(404, "Unknown Message", 10008)

    async def _edit_message(self, req: _Request, channel: str, message: str) -> web.Response:
        if (msg := self._find(channel, message)) is None:
            return _error(404, "Unknown Message", 10008)
        self._apply_edit(msg, req.body or {}, req.files)
        self.edits.append({"channel_id": int(channel), "message_id": int(message), "data": req.body, "via": "channel"})
        await self._echo_message("MESSAGE_UPDATE", msg)
        return _response(200, msg)

    async def _delete_message(self, req: _Request, channel: str, message: str) -> web.Response:
        if (msg := self._find(channel, message)) is None:
            return _error(404, "Unknown Message", 10008)
        self._delete(msg)
        event = {"id": message, "channel_id": channel, **({"guild_id": msg["guild_id"]} if "guild_id" in msg else {})}
        await self._echo("MESSAGE_DELETE", event, self._guild_of(int(channel)))
        return _response(204)

    async def _reaction(self, req: _Request, channel: str, message: str, emoji: str) -> web.Response:
        if self._find(channel, message) is None:
            return _error(404, "Unknown Message", 10008)
        self.reactions.append(("add" if req.method == "PUT" else "remove", int(channel), int(message), emoji))
        return _response(204)

    async def _start_thread(self, req: _Request, channel: str, message: str | None = None) -> web.Response:
        parent = self.channels.get(int(channel))
        if parent is None or parent["type"] != 0:
            return _error(404, "Unknown Channel", 10003)
        if message is not None and self._find(channel, message) is None:
            return _error(404, "Unknown Message", 10008)
        payload = req.body or {}
        tid = int(message) if message is not None else self.snowflake()  # a message's thread shares its id
        if tid in self.channels:
            return _error(400, "A thread has already been created for this message", 160004)
        now = _now()
        thread: JSON = {
            "id": str(tid), "guild_id": parent["guild_id"], "parent_id": channel, "owner_id": str(self.bot_id),
            "name": payload.get("name", "thread"), "type": payload.get("type", 11), "last_message_id": None,
            "message_count": 0, "member_count": 1, "rate_limit_per_user": payload.get("rate_limit_per_user") or 0,
            "flags": 0, "total_message_sent": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": payload.get("auto_archive_duration", 1440),
                                "archive_timestamp": now, "locked": False, "create_timestamp": now},
            "member": {"id": str(tid), "user_id": str(self.bot_id), "join_timestamp": now, "flags": 0},
        }  # fmt: skip
        self.channels[tid] = thread
        self.threads.append(thread)
        await self._echo("THREAD_CREATE", {**thread, "newly_created": True}, int(parent["guild_id"]))
        return _response(201, thread)

    async def _callback(self, req: _Request, interaction: str, token: str) -> web.Response:
        source = self._interactions_by_token.get(token)
        if source is None or source["id"] != interaction:
            return _error(404, "Unknown interaction", 10062)
        if token in self._responded:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        payload = req.body or {}
        if problem := _embed_problem(payload.get("data") or {}):
            return _error(400, f"Invalid Form Body: {problem}", 50035)  # not acknowledged: it may still answer
        self._responded.add(token)
        rtype, data = payload.get("type"), payload.get("data") or {}
        channel_id = int(source["channel_id"])
        message: JSON | None = None
        if rtype in (4, 5):  # a new response message (5: a "thinking..." placeholder, flag 128)
            flags = (data.get("flags") or 0) | (128 if rtype == 5 else 0)
            message = self._new_message(channel_id, self.bot_id, {**data, "flags": flags},
                                        msg_type=20 if source["type"] == 2 else 19)  # fmt: skip
            message.update(webhook_id=str(self.app_id), application_id=str(self.app_id))
            self._attach(message, data, req.files)
            self._originals[token] = message
            self._by_id[int(message["id"])] = message
            if not flags & 64:
                self._store(message)
                await self._echo_message("MESSAGE_CREATE", message)
        elif rtype in (6, 7) and "message" in source:  # @original is now the message the component was on
            component_message = self._by_id.get(int(source["message"]["id"]))
            if component_message is not None:
                self._originals[token] = component_message
                if rtype == 7:
                    message = component_message
                    self._apply_edit(message, data, req.files)
                    await self._echo_message("MESSAGE_UPDATE", message)
        self.interaction_responses.append(
            {"interaction_id": int(interaction), "token": token, "type": rtype, "data": payload.get("data"),
             "message": message}
        )  # fmt: skip
        if "with_response" not in req.query:
            return _response(204)
        flags = (message or {}).get("flags", 0)
        resource: JSON = {"type": rtype, **({"message": message} if message is not None else {})}
        return _response(200, {
            "interaction": {"id": interaction, "type": source["type"], "activity_instance_id": None,
                            "response_message_id": message["id"] if message else None,
                            "response_message_loading": rtype == 5, "response_message_ephemeral": bool(flags & 64)},
            "resource": resource,
        })  # fmt: skip

    async def _followup(self, req: _Request, app: str, token: str) -> web.Response:
        source = self._interactions_by_token.get(token)
        if app != str(self.app_id) or source is None:
            return _error(404, "Unknown Webhook", 10015)
        if token not in self._responded:
            return _error(400, "Unknown interaction: respond (or defer) before sending a followup", 10062)
        payload = req.body or {}
        channel_id = int(req.query.get("thread_id") or source["channel_id"])
        msg = self._new_message(channel_id, self.bot_id, payload)
        msg.update(webhook_id=str(self.app_id), application_id=str(self.app_id))
        self._attach(msg, payload, req.files)
        self._by_id[int(msg["id"])] = msg
        if not msg["flags"] & 64:
            self._store(msg)
            await self._echo_message("MESSAGE_CREATE", msg)
        self.followups.append(msg)
        self._webhook_messages[token].add(msg["id"])
        wait = req.query.get("wait", "false").lower() in ("1", "true")
        return _response(200, msg) if wait else _response(204)

    async def _webhook_message(self, req: _Request, app: str, token: str, message: str) -> web.Response:
        source = self._interactions_by_token.get(token)
        if app != str(self.app_id) or source is None:
            return _error(404, "Unknown Webhook", 10015)
        msg = self._originals.get(token) if message == "@original" else self._by_id.get(int(message))
        if msg is None or (msg is not self._originals.get(token) and msg["id"] not in self._webhook_messages[token]):
            return _error(404, "Unknown Message", 10008)
        if req.method == "PATCH":
            self._apply_edit(msg, req.body or {}, req.files)
            self.edits.append({"channel_id": int(msg["channel_id"]), "message_id": int(msg["id"]),
                               "data": req.body, "via": "webhook"})  # fmt: skip
            await self._echo_message("MESSAGE_UPDATE", msg)
        elif req.method == "DELETE":
            self._delete(msg)
            return _response(204)
        return _response(200, msg)


async def serve() -> None:
    """Run the fake until Ctrl-C, for trying `pacer run` by hand; type messages to send them as a member."""
    async with FakeDiscord() as fake:
        print(f"fake Discord listening on 127.0.0.1:{fake.port}. Add to a copy of pacer.yaml:\n")
        print(f"discord:\n  api_base: {fake.api_base}\n  gateway: {fake.gateway_url}\n  guild_id: {fake.guild_id}\n")
        print("then run `DISCORD_TOKEN=anything .venv/bin/pacer run --config that.yaml` in another terminal.")
        print("Type a line and press Enter to post it in #general (start it with @Pacer to mention the bot).\n")
        loop = asyncio.get_running_loop()
        seen = 0
        while True:
            line = await loop.run_in_executor(None, input, "member> ")
            content = line.replace("@Pacer", f"<@{fake.bot_id}>")
            await fake.send_message(content)
            await asyncio.sleep(0.1)
            with contextlib.suppress(AssertionError):
                await fake.wait_for(lambda seen=seen: len(fake.bot_messages) > seen, 30, "the bot reply")
            for message in fake.bot_messages[seen:]:
                for embed in message.get("embeds") or []:
                    print(f"\n[{embed.get('title', '')}]\n{embed.get('description', '')}")
                    for f in embed.get("fields", []):
                        print(f"\n{f['name']}\n{f['value']}")
                if message.get("content"):
                    print(f"\n{message['content']}")
            seen = len(fake.bot_messages)
            print()


if __name__ == "__main__":  # python -m tests.support.fake_discord
    with contextlib.suppress(KeyboardInterrupt, EOFError):
        asyncio.run(serve())
