"""The feedback store: every answer given, declined questions and votes, in one SQLite file.

User ids are never stored: only a salted SHA-256 of them, so votes can be de-duplicated per person
without keeping who they are. The salt comes from PACER_FEEDBACK_SALT, or from a key file beside the
database (`<database>.salt`, readable by its owner alone), made once: never from the database itself,
so a copy of the database alone cannot be checked against known ids. A database from before kept the
salt inside; it is moved to the key file on opening. Writes are short transactions with a busy timeout,
so many interactions voting at once are serialised by SQLite instead of lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.core.answer import Answer
from bot.core.errors import PacerError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at REAL NOT NULL,
    question TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    red_flag INTEGER NOT NULL,
    doc_ids TEXT NOT NULL,      -- JSON list, citation order
    chunk_ids TEXT NOT NULL,    -- JSON list of the passages shown as evidence
    user_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at REAL NOT NULL,
    PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX IF NOT EXISTS answers_abstained ON answers(abstained);
"""


class FeedbackError(PacerError):
    """The feedback database cannot be used (locked, corrupt, unwritable); answering goes on without it."""


@dataclass(frozen=True)
class Gap:
    question: str
    count: int
    detail: str  # for declined questions: when last asked; for answers: the cited documents


class FeedbackStore:
    def __init__(self, path: str | Path, *, salt: str | None = None, timeout: float = 5.0):
        self.path = Path(path)
        self.timeout = timeout
        self._lock = threading.Lock()
        # Beside the real file: the image links feedback.sqlite3 into its data volume, and the salt must live there.
        real = self.path.resolve()
        self.salt_path = real.with_name(real.name + ".salt")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.executescript(SCHEMA)
                row = db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
                if row is not None:  # an older database kept its salt inside: move it out, hashes unchanged
                    self._write_salt(row[0])
                    db.execute("DELETE FROM meta WHERE key = 'salt'")
        except sqlite3.Error as exc:
            raise FeedbackError(f"cannot open the feedback database {self.path}: {exc}") from None
        self._salt = salt or os.environ.get("PACER_FEEDBACK_SALT") or self._read_salt()

    def _read_salt(self) -> str:
        """The key file's salt, made (owner-only) when there is none yet."""
        try:
            if not self.salt_path.exists():
                self._write_salt(secrets.token_hex(16))
            found = self.salt_path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise FeedbackError(f"cannot read or create the salt file {self.salt_path}: {exc.strerror}") from None
        if not found:
            raise FeedbackError(f"the salt file {self.salt_path} is empty: restore it, or delete it and the database")
        return found

    def _write_salt(self, salt: str) -> None:
        """Create the key file with `salt`, readable by its owner alone; an existing one must hold the same."""
        try:
            if self.salt_path.exists():
                if self.salt_path.read_text(encoding="utf-8").strip() != salt:
                    raise FeedbackError(
                        f"{self.path} holds a salt that differs from {self.salt_path}: keep the one the votes were "
                        "hashed with and remove the other"
                    )
                return
            fd = os.open(self.salt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(salt + "\n")
        except OSError as exc:
            raise FeedbackError(f"cannot write the salt file {self.salt_path}: {exc.strerror}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            with db:  # commits, or rolls back on an exception
                yield db
        finally:
            db.close()

    def _write(self, sql: str, params: tuple) -> int:
        try:
            with self._lock, self._connect() as db:
                return int(db.execute(sql, params).lastrowid or 0)
        except sqlite3.Error as exc:
            raise FeedbackError(f"cannot write to the feedback database {self.path}: {exc}") from None

    def user_hash(self, user_id: int | str) -> str:
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()

    def record_answer(self, answer: Answer, user_id: int | str) -> int:
        """Store an answer (or a declined question); returns its id for votes and the passages button."""
        chunk_ids = [p.chunk.id for c in answer.citations for p in c.passages[:1]]
        return self._write(
            "INSERT INTO answers (asked_at, question, abstained, red_flag, doc_ids, chunk_ids, user_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                time.time(),
                answer.question,
                int(answer.declined),
                int(answer.red_flag),
                json.dumps([c.doc_id for c in answer.citations]),
                json.dumps(chunk_ids),
                self.user_hash(user_id),
            ),
        )

    def vote(self, answer_id: int, user_id: int | str, vote: int) -> None:
        """Record a 👍 (1) or 👎 (-1); a second vote by the same person replaces the first."""
        if vote not in (-1, 1):
            raise ValueError("vote must be 1 or -1")
        self._write(
            "INSERT INTO votes (answer_id, user_hash, vote, voted_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(answer_id, user_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
            (answer_id, self.user_hash(user_id), vote, time.time()),
        )

    def answer(self, answer_id: int) -> dict | None:
        try:
            with self._connect() as db:
                row = db.execute(
                    "SELECT question, doc_ids, chunk_ids, abstained FROM answers WHERE id = ?", (answer_id,)
                ).fetchone()
        except sqlite3.Error as exc:
            raise FeedbackError(f"cannot read the feedback database {self.path}: {exc}") from None
        if row is None:
            return None
        return {
            "question": row[0],
            "doc_ids": json.loads(row[1]),
            "chunk_ids": json.loads(row[2]),
            "abstained": bool(row[3]),
        }

    def votes(self, answer_id: int) -> dict[str, int]:
        with self._connect() as db:
            rows = db.execute("SELECT vote, COUNT(*) FROM votes WHERE answer_id = ? GROUP BY vote", (answer_id,))
            counts = dict(rows.fetchall())
        return {"up": counts.get(1, 0), "down": counts.get(-1, 0)}

    def gaps(self, limit: int = 10) -> tuple[list[Gap], list[Gap]]:
        """The most-asked declined questions and the most down-voted answers, for curators.

        A warning-sign reply without evidence is not a gap in the library: nothing should come before "get it
        checked", so those are left out of the declined list."""
        try:
            with self._connect() as db:
                declined = db.execute(
                    "SELECT lower(trim(question)) AS q, COUNT(*) AS n, MAX(asked_at) FROM answers "
                    "WHERE abstained = 1 AND red_flag = 0 AND q != '' "
                    "GROUP BY q ORDER BY n DESC, MAX(asked_at) DESC LIMIT ?",
                    (limit,),
                ).fetchall()
                downvoted = db.execute(
                    "SELECT a.question, COUNT(*) AS n, a.doc_ids FROM votes v JOIN answers a ON a.id = v.answer_id "
                    "WHERE v.vote = -1 GROUP BY lower(trim(a.question)), a.doc_ids "
                    "ORDER BY n DESC, MAX(v.voted_at) DESC LIMIT ?",
                    (limit,),
                ).fetchall()
        except sqlite3.Error as exc:
            raise FeedbackError(f"cannot read the feedback database {self.path}: {exc}") from None
        when = lambda t: time.strftime("%Y-%m-%d", time.gmtime(t))  # noqa: E731
        return (
            [Gap(q, n, f"last asked {when(t)}") for q, n, t in declined],
            [Gap(q, n, ", ".join(json.loads(ids)) or "(no citations)") for q, n, ids in downvoted],
        )
