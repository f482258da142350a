"""The live class (issue 25): a teacher's class that students join by code and follow.

store (the record and its checks), sqlite_store and redis_store (its backends) import no Streamlit;
open_store() is the process's one store, chosen by BACKPROP_STORE: unset, a SQLite file in
BACKPROP_DATA (default: the project's data/ folder); redis://host:port/db, Redis.
"""
import os
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


@cache
def open_store():
    """The store every session of this process uses (sessions share nothing else of the class)."""
    url = os.environ.get("BACKPROP_STORE", "")
    if url.startswith(("redis://", "rediss://", "unix://")):
        from ui.live.redis_store import RedisStore
        return RedisStore(url)
    from ui.live.sqlite_store import SQLiteStore
    folder = Path(os.environ.get("BACKPROP_DATA") or DATA)
    return SQLiteStore(url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else folder / "live.sqlite3")
