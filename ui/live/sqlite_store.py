"""The class store in one SQLite file (stdlib, WAL): the default, nothing to install.

Each thread (a Streamlit session's script thread, the push route's poller) has its own connection;
every write is one BEGIN IMMEDIATE transaction, so two writers never interleave and every check (the
teacher's secret, an open question) holds when the write lands. A lock held longer than `timeout`
(another process writing, a copy of the file being taken) raises Unavailable instead of waiting on.
"""
import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ui.live.store import (ENDED_KEEP, ROSTER_MAX, Refused, State, Store, Tally, Unavailable, check_content,
                           check_point, check_question, clean_answer, clean_code, clean_nickname, digest,
                           new_code, new_secret, open_question, same)

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (code TEXT PRIMARY KEY, secret TEXT NOT NULL, kind TEXT NOT NULL,
  content TEXT NOT NULL, point TEXT NOT NULL, question TEXT, version INTEGER NOT NULL, activity INTEGER NOT NULL,
  seen REAL NOT NULL, ended REAL);
CREATE TABLE IF NOT EXISTS students (code TEXT NOT NULL, token TEXT NOT NULL, nick TEXT NOT NULL,
  PRIMARY KEY (code, token));
CREATE TABLE IF NOT EXISTS answers (code TEXT NOT NULL, question TEXT NOT NULL, token TEXT NOT NULL,
  value REAL NOT NULL, PRIMARY KEY (code, question, token));
"""
LIVE_COLUMNS = "code, secret, kind, point, question, version, activity, seen, ended"


class SQLiteStore(Store):
    def __init__(self, path, ttl: float | None = None, timeout: float = 2.0, clock=time.time):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl = self.ttl if ttl is None else ttl
        self.timeout, self.clock = timeout, clock
        self._local = threading.local()
        try:
            self._db().executescript(SCHEMA)  # its own transaction
        except sqlite3.OperationalError as exc:
            raise Unavailable(str(exc)) from None

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: a commit survives a crash of the process
            self._local.db = db
        return db

    @contextmanager
    def _tx(self, write: bool = True):
        """One transaction; any SQLite failure to reach the file is Unavailable."""
        try:
            db = self._db()
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._forget()
            raise Unavailable(str(exc)) from None

    def _forget(self):
        db = getattr(self._local, "db", None)
        self._local.db = None
        if db is not None:
            db.close()

    def _row(self, db, code: str, ended_ok: bool = False) -> dict:
        """The class's row while it lives; Refused "unknown" (never was, or expired) or "ended"."""
        got = db.execute(f"SELECT {LIVE_COLUMNS} FROM classes WHERE code = ?", (clean_code(code),)).fetchone()
        now = self.clock()
        if got is None:
            raise Refused("unknown")
        row = dict(zip(LIVE_COLUMNS.split(", "), got))
        if row["ended"] is not None:
            if now - row["ended"] > ENDED_KEEP:
                raise Refused("unknown")
            if not ended_ok:
                raise Refused("ended")
        elif now - row["seen"] > self.ttl:
            raise Refused("unknown")
        return row

    def _teacher(self, db, code: str, secret: str) -> dict:
        row = self._row(db, code)
        if not same(secret, row["secret"]):
            raise Refused("teacher")
        return row

    def create(self, kind, content, point):
        check_content(kind, content)
        point = json.dumps(check_point(point))
        secret, now = new_secret(), self.clock()
        with self._tx() as db:
            self._purge(db, now)
            while True:
                code = new_code()
                if db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)).fetchone() is None:
                    break
            db.execute("INSERT INTO classes VALUES (?, ?, ?, ?, ?, NULL, 1, 0, ?, NULL)",
                       (code, digest(secret), kind, content, point, now))
        return code, secret

    def _purge(self, db, now):
        """Classes gone for good, with their students and answers."""
        db.execute("DELETE FROM classes WHERE seen < ? OR ended < ?", (now - self.ttl - ENDED_KEEP, now - ENDED_KEEP))
        for table in ("students", "answers"):
            db.execute(f"DELETE FROM {table} WHERE code NOT IN (SELECT code FROM classes)")

    def state(self, code):
        with self._tx(write=False) as db:
            row = self._row(db, code)
        question = json.loads(row["question"]) if row["question"] else None
        return State(row["code"], row["kind"], row["version"], json.loads(row["point"]), question)

    def content(self, code):
        with self._tx(write=False) as db:
            self._row(db, code)
            return db.execute("SELECT kind, content FROM classes WHERE code = ?", (clean_code(code),)).fetchone()

    def versions(self, codes):
        wanted = list(codes)
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        now = self.clock()
        with self._tx(write=False) as db:
            rows = db.execute(f"SELECT code, version, activity, seen, ended FROM classes WHERE code IN ({marks})",
                              wanted).fetchall()
        return {code: (version, activity) for code, version, activity, seen, ended in rows
                if (now - ended <= ENDED_KEEP if ended is not None else now - seen <= self.ttl)}

    def is_teacher(self, code, secret):
        try:
            with self._tx() as db:
                row = self._teacher(db, code, secret)
                db.execute("UPDATE classes SET seen = ? WHERE code = ?", (self.clock(), row["code"]))
        except Refused:
            return False
        return True

    def move(self, code, secret, point):
        point = json.dumps(check_point(point))
        with self._tx() as db:
            return self._teacher_write(db, code, secret, point=point)

    def ask(self, code, secret, question):
        text = None if question is None else json.dumps(check_question(question))
        with self._tx() as db:
            db.execute("DELETE FROM answers WHERE code = ?", (clean_code(code),))  # only the open question's count
            return self._teacher_write(db, code, secret, question=text)

    def load(self, code, secret, kind, content, point):
        check_content(kind, content)
        point = json.dumps(check_point(point))
        with self._tx() as db:
            db.execute("DELETE FROM answers WHERE code = ?", (clean_code(code),))
            return self._teacher_write(db, code, secret, kind=kind, content=content, point=point, question=None)

    def _teacher_write(self, db, code, secret, **columns) -> int:
        """Within db's transaction: the teacher's columns, a new version, the teacher seen now."""
        row = self._teacher(db, code, secret)
        sets = "".join(f", {name} = ?" for name in columns)
        db.execute(f"UPDATE classes SET version = version + 1, seen = ?{sets} WHERE code = ?",
                   (self.clock(), *columns.values(), row["code"]))
        return row["version"] + 1

    def reveal(self, code, secret):
        with self._tx() as db:
            row = self._teacher(db, code, secret)
            if not row["question"]:
                raise Refused("closed", "no question")
            question = {**json.loads(row["question"]), "revealed": True}
            return self._teacher_write(db, code, secret, question=json.dumps(question))

    def end(self, code, secret):
        with self._tx() as db:
            self._teacher_write(db, code, secret, ended=self.clock())

    def join(self, code, nickname=""):
        nick = clean_nickname(nickname)
        token = new_secret()
        with self._tx() as db:
            row = self._row(db, code)
            count = db.execute("SELECT COUNT(*) FROM students WHERE code = ?", (row["code"],)).fetchone()[0]
            if count >= ROSTER_MAX:
                raise Refused("full")
            db.execute("INSERT INTO students VALUES (?, ?, ?)", (row["code"], token, nick))
            db.execute("UPDATE classes SET activity = activity + 1 WHERE code = ?", (row["code"],))
        return token

    def answer(self, code, student, question_id, value):
        number, question_id = clean_answer(value), open_question(question_id)
        with self._tx() as db:
            row = self._row(db, code)
            question = json.loads(row["question"]) if row["question"] else None
            if question is None or question["id"] != question_id or question["revealed"]:
                raise Refused("closed")
            if db.execute("SELECT 1 FROM students WHERE code = ? AND token = ?", (row["code"], str(student))).fetchone() is None:
                raise Refused("student")
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (row["code"], question_id, student, number))
            db.execute("UPDATE classes SET activity = activity + 1 WHERE code = ?", (row["code"],))
        return number

    def tally(self, code):
        with self._tx(write=False) as db:
            row = self._row(db, code)
            joined = db.execute("SELECT COUNT(*) FROM students WHERE code = ?", (row["code"],)).fetchone()[0]
            question = json.loads(row["question"]) if row["question"] else None
            values = [] if question is None else [v for (v,) in db.execute(
                "SELECT value FROM answers WHERE code = ? AND question = ?", (row["code"], question["id"]))]
        return Tally(joined, question, values)

    def roster(self, code):
        with self._tx(write=False) as db:
            row = self._row(db, code)
            return [n for (n,) in db.execute("SELECT nick FROM students WHERE code = ? ORDER BY rowid", (row["code"],))]

    def close(self):
        self._forget()
