"""The class store: what a live class is, checked the same way whichever backend keeps it.

A class is created by its teacher's session and read by every student's session, on any replica, only
through a Store. It holds:

- code: the join code, CODE_LENGTH characters of ALPHABET (no 0/O, 1/I/L, 2/Z, 5/S, 8/B to mistake);
- the teacher's secret, kept only as its SHA-256 (the secret is 32 random bytes: nothing to brute-force);
  every write that moves the class (move, ask, reveal, end) is refused without it (Refused "teacher");
- kind and content: "scenario" or "lesson", and its JSON text (engine.files / engine.teach.classroom.lesson formats);
- the teacher's point (check_point: step, cursor, lesson stop, selection, view, notation, blank, hold, and
  network, which counts the networks the class has had) and the question on screen, with a version counted
  up by every teacher write, which is what students follow; load() gives the class the network or lesson
  the teacher opened instead (a new kind and content, the question taken down);
- the roster (student token -> nickname) and the answers, one per student per question, changeable until
  the question is revealed; activity is counted up by every join and answer, which is what the teacher follows.

A class is gone (Refused "unknown", as a wrong code is) once its teacher has written nothing for
`ttl` seconds; an ended one says so (Refused "ended") for ENDED_KEEP seconds, then is gone too. A backend
that cannot be reached raises Unavailable: the pages keep working on their own networks meanwhile.
No Streamlit here; the backends are ui.live.sqlite_store and ui.live.redis_store (ui.live.open_store).
"""
import hashlib
import hmac
import json
import math
import re
import secrets
from dataclasses import dataclass

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6  # 25**6: 244 million codes
TTL = 4 * 3600  # seconds without a teacher's write before a class is gone
ENDED_KEEP = 3600  # seconds an ended class still says so
NICK_MAX = 24  # characters of a nickname
ROSTER_MAX = 500  # students in one class: bounds the roster and every question's answers
ANSWER_MAX = 32  # characters of an answer as typed
CONTENT_MAX = 4 * 2**20  # bytes of a class's network or lesson JSON
NODES, EDGES = ("z", "a", "delta"), ("W", "dW", "update")
NAME = re.compile(r"[a-z]{1,16}")  # a notation's name (engine.teach.textbook.notation)
SELECT = re.compile(r"(n\d{1,3}_\d{1,4}|e\d{1,3}_\d{1,4}_\d{1,4})")
QUESTION_ID = re.compile(r"[a-z0-9_:.-]{1,40}")
KINDS = ("scenario", "lesson")


class LiveError(Exception):
    """A refused request; `reason` is the catalogue's word for it (live.refused_<reason>)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class Refused(LiveError):
    """The request itself is wrong: unknown, ended, teacher, closed, invalid, full, student."""


class Unavailable(LiveError):
    """The store cannot be reached (SQLite locked, Redis stopped): try again later."""

    def __init__(self, detail: str = ""):
        super().__init__("unavailable", detail)


@dataclass(frozen=True)
class State:
    """What a student follows: the teacher's point and question, at a version."""
    code: str
    kind: str
    version: int
    point: dict
    question: dict | None


@dataclass(frozen=True)
class Tally:
    """What the teacher sees of the current question: no names, only the values."""
    joined: int
    question: dict | None
    values: list  # the answers as floats, in no particular order


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(str(secret).encode()).hexdigest()


def same(secret: str, stored: str) -> bool:
    return hmac.compare_digest(digest(secret), stored)


def clean_code(text) -> str:
    """A typed code as stored: upper case, spaces and dashes dropped; Refused "unknown" if it cannot be one."""
    code = re.sub(r"[\s-]", "", str(text or "")).upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        raise Refused("unknown")
    return code


def clean_nickname(text) -> str:
    """A nickname as kept: control characters gone, spaces collapsed; Refused "invalid" over NICK_MAX.
    It stays text: whoever shows it must show it as text (no Markdown, no HTML)."""
    nick = " ".join("".join(c for c in str(text or "") if c.isprintable()).split())
    if len(nick) > NICK_MAX:
        raise Refused("invalid", f"a nickname is at most {NICK_MAX} characters")
    return nick


def clean_answer(value) -> float:
    """An answer: a finite number (or its text, at most ANSWER_MAX characters); Refused "invalid" otherwise."""
    if isinstance(value, str):
        if len(value) > ANSWER_MAX:
            raise Refused("invalid", "answer too long")
        value = value.strip().replace(",", ".")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Refused("invalid", "not a number") from None
    if isinstance(value, bool) or not math.isfinite(number):
        raise Refused("invalid", "not a finite number")
    return number


def open_question(question_id) -> str:
    """The id an answer names; Refused "closed" when it cannot name a question."""
    if not isinstance(question_id, str) or not QUESTION_ID.fullmatch(question_id):
        raise Refused("closed")
    return question_id


def _whole(obj, name, top) -> int:
    value = obj.get(name, 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
        raise Refused("invalid", f"point.{name}")
    return value


def check_point(point) -> dict:
    """The teacher's point, as every student applies it; Refused "invalid" names the faulty field."""
    if not isinstance(point, dict):
        raise Refused("invalid", "point")
    stop = point.get("stop")
    select = point.get("select")
    view = point.get("view") or {}
    if not (stop is None or isinstance(stop, int) and not isinstance(stop, bool) and 0 <= stop <= 1000):
        raise Refused("invalid", "point.stop")
    if not (select is None or isinstance(select, str) and SELECT.fullmatch(select)):
        raise Refused("invalid", "point.select")
    if not isinstance(view, dict) or view.get("node", "a") not in NODES or view.get("edge", "W") not in EDGES:
        raise Refused("invalid", "point.view")
    notation = point.get("notation", "engine")
    if not isinstance(notation, str) or not NAME.fullmatch(notation):
        raise Refused("invalid", "point.notation")
    return {"step": _whole(point, "step", 10_000), "cursor": _whole(point, "cursor", 10_000),
            "column": _whole(point, "column", 100_000), "stop": stop, "select": select,
            "view": {"node": view.get("node", "a"), "edge": view.get("edge", "W")},
            "blank": point.get("blank") is True, "hold": point.get("hold") is True, "notation": notation,
            "network": _whole(point, "network", 1_000_000)}


def check_question(question) -> dict:
    """A question put to the class: id, text ({lang: text} or text), and optionally the answer and tolerance."""
    if not isinstance(question, dict) or not QUESTION_ID.fullmatch(str(question.get("id", ""))):
        raise Refused("invalid", "question.id")
    text = question.get("text", "")
    if not isinstance(text, (str, dict)) or len(json.dumps(text)) > 4000:
        raise Refused("invalid", "question.text")
    out = {"id": question["id"], "text": text, "revealed": False}
    for field in ("answer", "tolerance"):
        if question.get(field) is not None:
            out[field] = clean_answer(question[field])
    return out


def check_content(kind: str, content: str) -> str:
    if kind not in KINDS or not isinstance(content, str) or len(content.encode()) > CONTENT_MAX:
        raise Refused("invalid", "content")
    return content


class Store:
    """The interface every backend gives (each write is atomic in its backend). Codes are checked
    with clean_code first, so a malformed one costs no look-up."""

    ttl = TTL

    def create(self, kind: str, content: str, point: dict) -> tuple[str, str]:
        """A new class at the teacher's point: (join code, teacher's secret, to be shown once)."""
        raise NotImplementedError

    def state(self, code: str) -> State:
        raise NotImplementedError

    def content(self, code: str) -> tuple[str, str]:
        """(kind, JSON text) of the class's network or lesson."""
        raise NotImplementedError

    def versions(self, codes) -> dict:
        """{code: (version, activity)} of the live classes among codes: what the push path watches."""
        raise NotImplementedError

    def is_teacher(self, code: str, secret: str) -> bool:
        """Whether secret is the class's (a teacher's reload or another device); counts as the teacher's presence."""
        raise NotImplementedError

    def move(self, code: str, secret: str, point: dict) -> int:
        """The teacher's new point; the new version."""
        raise NotImplementedError

    def load(self, code: str, secret: str, kind: str, content: str, point: dict) -> int:
        """The class's network or lesson replaced by the one the teacher opened, at its point (whose network
        count is the new one's); the question is taken down with its answers. The new version."""
        raise NotImplementedError

    def ask(self, code: str, secret: str, question: dict | None) -> int:
        """Put a question to the class (None takes it down); its answers start empty."""
        raise NotImplementedError

    def reveal(self, code: str, secret: str) -> int:
        """Close the question's answers and show the spread."""
        raise NotImplementedError

    def end(self, code: str, secret: str):
        raise NotImplementedError

    def join(self, code: str, nickname: str = "") -> str:
        """A student joins: their token (their own key to answer with)."""
        raise NotImplementedError

    def answer(self, code: str, student: str, question_id: str, value) -> float:
        """A student's answer to the open question (replacing their earlier one): the value kept."""
        raise NotImplementedError

    def tally(self, code: str) -> Tally:
        raise NotImplementedError

    def roster(self, code: str) -> list[str]:
        """The nicknames, for the teacher's own screen."""
        raise NotImplementedError

    # A backend whose writes can be heard from other processes has listen(heard, running): heard(code)
    # at each write of a class, heard(None) when it cannot tell which (an outage begins or ends).
    listen = None

    def close(self):
        pass
