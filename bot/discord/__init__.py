"""The Discord face: a thin layer over `bot.core.pacer.Pacer` (bot, cogs, views, embed formatting)."""
