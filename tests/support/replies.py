"""Reading the bot's messages as the fake Discord recorded them (JSON, as Discord would receive them)."""

from __future__ import annotations

from bot.discord.formatting import EMBED_TOTAL_MAX, FIELD_MAX


def text_of(message: dict) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def custom_ids(message: dict) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row.get("components", [])]


def within_limits(message: dict) -> None:
    assert len(message.get("content") or "") <= 2000
    for embed in message.get("embeds", []):
        assert len(embed.get("title", "")) <= 256 and len(embed.get("description", "")) <= 4096
        assert len(embed.get("fields", [])) <= 25
        assert all(len(f["value"]) <= FIELD_MAX and len(f["name"]) <= 256 for f in embed.get("fields", []))
        total = (
            len(embed.get("title", ""))
            + len(embed.get("description", ""))
            + len(embed.get("footer", {}).get("text", ""))
        )
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
        assert total <= EMBED_TOTAL_MAX
