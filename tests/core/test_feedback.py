import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.core.feedback import SCHEMA, FeedbackError, FeedbackStore
from bot.core.pacer import Pacer


def test_answers_votes_and_gaps(tmp_path: Path, pacer: Pacer) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    answered = pacer.ask("should I do hip exercises?")
    answer_id = store.record_answer(answered, user_id=111)
    for _ in range(3):
        store.record_answer(pacer.ask("What time is the Saturday club run?"), user_id=222)
    store.record_answer(pacer.ask("how do I improve my tennis serve"), user_id=222)

    stored = store.answer(answer_id)
    assert stored["question"] == "should I do hip exercises?"
    assert stored["doc_ids"] == [c.doc_id for c in answered.citations]
    assert len(stored["chunk_ids"]) == len(answered.citations)

    store.vote(answer_id, 111, -1)
    store.vote(answer_id, 222, -1)
    store.vote(answer_id, 111, 1)  # changing one's mind replaces the vote
    assert store.votes(answer_id) == {"up": 1, "down": 1}

    declined, downvoted = store.gaps()
    assert declined[0].question == "what time is the saturday club run?" and declined[0].count == 3
    assert declined[1].count == 1
    assert downvoted[0].question == "should I do hip exercises?" and downvoted[0].count == 1
    assert answered.citations[0].doc_id in downvoted[0].detail


def test_user_ids_are_never_stored(tmp_path: Path, pacer: Pacer) -> None:
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    answer_id = store.record_answer(pacer.ask("is coffee good before a race"), user_id=987654321012345678)
    store.vote(answer_id, 987654321012345678, 1)
    raw = path.read_bytes()
    assert b"987654321012345678" not in raw
    assert store.user_hash(1) != FeedbackStore(tmp_path / "other.sqlite3").user_hash(1)  # salted per store
    assert FeedbackStore(path).user_hash(1) == store.user_hash(1)  # the salt persists


def test_the_salt_is_kept_apart_from_the_database_and_an_old_one_is_moved_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PACER_FEEDBACK_SALT", raising=False)
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    salt = store.salt_path.read_text().strip()
    assert store.salt_path == tmp_path / "feedback.sqlite3.salt" and store.salt_path.stat().st_mode & 0o077 == 0
    assert salt.encode() not in path.read_bytes()  # a copy of the database alone cannot be checked against ids
    # A database from before kept its salt inside: it moves to the key file, and every hash stays the same.
    old = tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as db:
        db.executescript(SCHEMA)
        db.execute("INSERT INTO meta VALUES ('salt', 'the-old-salt')")
    db.close()
    expected = hashlib.sha256(b"the-old-salt:42").hexdigest()
    migrated = FeedbackStore(old)
    assert migrated.user_hash(42) == expected and migrated.salt_path.read_text().strip() == "the-old-salt"
    assert _no_salt_row(old)
    assert FeedbackStore(old).user_hash(42) == expected
    migrated.salt_path.write_text("")
    with pytest.raises(FeedbackError, match=r"salt file .* is empty"):
        FeedbackStore(old)


def _no_salt_row(path: Path) -> bool:
    with sqlite3.connect(path) as db:
        found = db.execute("SELECT COUNT(*) FROM meta WHERE key = 'salt'").fetchone()[0] == 0
    db.close()
    return found


def test_concurrent_votes_are_all_kept(tmp_path: Path, pacer: Pacer) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    answer_id = store.record_answer(pacer.ask("is coffee good before a race"), user_id=1)

    def vote(user: int) -> None:
        FeedbackStore(tmp_path / "feedback.sqlite3").vote(answer_id, user, 1 if user % 2 else -1)

    threads = [threading.Thread(target=vote, args=(u,)) for u in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.votes(answer_id) == {"up": 20, "down": 20}


def test_corrupt_or_locked_database_is_a_clear_error(tmp_path: Path, pacer: Pacer) -> None:
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"this is not a database" * 100)
    with pytest.raises(FeedbackError, match="cannot open the feedback database"):
        FeedbackStore(corrupt)

    path = tmp_path / "locked.sqlite3"
    store = FeedbackStore(path, timeout=0.2)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(FeedbackError, match="cannot write to the feedback database"):
            store.record_answer(pacer.ask("is coffee good before a race"), user_id=5)
    finally:
        holder.rollback()
        holder.close()
    with pytest.raises(ValueError):
        store.vote(1, 5, 0)
