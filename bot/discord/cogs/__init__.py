"""One cog per feature: asking (slash command, mentions, threads, buttons) and the library (topics, about, reindex)."""
