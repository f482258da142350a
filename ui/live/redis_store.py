"""The class store in Redis (redis-py), for replicas serving one class: BACKPROP_STORE=redis://host:6379/0.

A class is three keys sharing a hash tag (one slot in a cluster): bp:{CODE}:class (a hash: secret's
digest, kind, content, point, question, revealed, version, activity, ended), bp:{CODE}:roster (token ->
nickname) and bp:{CODE}:answers (token -> the open question's answer). Every write is one Lua script,
so its checks (the teacher's secret, the question still open, the student on the roster) and the write
are atomic. Expiry is Redis's own: a teacher's write sets every key to live `ttl` more seconds, an
ended class ENDED_KEEP. A connection refused or timed out is Unavailable.

Every write that moves a class (the teacher's, or a join or an answer) also publishes its code on MOVED,
in the same script, so the push path's hubs (ui.live.push) hear of it at once on every replica
instead of at their next poll (listen()).
"""
import json
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ui.live.store import (ENDED_KEEP, ROSTER_MAX, Refused, State, Store, Tally, Unavailable, check_content,
                           check_point, check_question, clean_answer, clean_code, clean_nickname, digest,
                           new_code, new_secret, open_question)

# KEYS: class, roster, answers. ARGV: digest, ttl ms, mode, then field/value pairs to set on the class.
TEACHER = """
local secret = redis.call('HGET', KEYS[1], 'secret')
if not secret then return redis.error_reply('unknown') end
if redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return redis.error_reply('ended') end
if secret ~= ARGV[1] then return redis.error_reply('teacher') end
local mode, ttl = ARGV[3], tonumber(ARGV[2])
if mode == 'reveal' then
  if (redis.call('HGET', KEYS[1], 'question') or '') == '' then return redis.error_reply('closed') end
  redis.call('HSET', KEYS[1], 'revealed', '1')
elseif mode == 'ask' then
  redis.call('DEL', KEYS[3])
  redis.call('HDEL', KEYS[1], 'revealed')
elseif mode == 'end' then
  ttl = tonumber(ARGV[4])
  redis.call('HSET', KEYS[1], 'ended', '1')
end
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
if mode == 'touch' then return redis.call('HGET', KEYS[1], 'version') end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('PUBLISH', 'bp:moved', KEYS[1])
return version
"""
# KEYS: class, roster, answers. ARGV: token, then 'join', '', the nickname and the roster's limit, or 'answer',
# the question id and the value.
STUDENT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('unknown') end
if redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return redis.error_reply('ended') end
local target = KEYS[2]
if ARGV[2] == 'join' then
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[5]) then return redis.error_reply('full') end
else
  if redis.call('HGET', KEYS[1], 'qid') ~= ARGV[3] or redis.call('HEXISTS', KEYS[1], 'revealed') == 1 then
    return redis.error_reply('closed') end
  if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return redis.error_reply('student') end
  target = KEYS[3]
end
redis.call('HSET', target, ARGV[1], ARGV[4])
redis.call('PEXPIRE', target, redis.call('PTTL', KEYS[1]))
local activity = redis.call('HINCRBY', KEYS[1], 'activity', 1)
redis.call('PUBLISH', 'bp:moved', KEYS[1])
return activity
"""
REASONS = ("unknown", "ended", "teacher", "closed", "full", "student")
MOVED = "bp:moved"  # the channel the scripts publish on (its name is written in them)
RESUBSCRIBE = 0.1  # seconds between tries to subscribe again while Redis is away


def _keys(code: str) -> list[str]:
    return [f"bp:{{{code}}}:{part}" for part in ("class", "roster", "answers")]


class RedisStore(Store):
    def __init__(self, url: str, ttl: float | None = None, timeout: float = 1.0):
        self.ttl = self.ttl if ttl is None else ttl
        # no retries: an outage is said at once (the page says "reconnecting"), the next run tries again
        self.db = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                       retry=Retry(NoBackoff(), 0), decode_responses=True)
        self._teacher = self.db.register_script(TEACHER)
        self._student = self.db.register_script(STUDENT)

    def _call(self, fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise Unavailable(str(exc)) from None
        except redis.ResponseError as exc:
            reason = str(exc).split()[0] if str(exc) else ""
            if reason in REASONS:
                raise Refused(reason) from None
            raise

    def _ms(self, seconds: float) -> int:
        return max(1, int(seconds * 1000))

    def create(self, kind, content, point):
        check_content(kind, content)
        point = json.dumps(check_point(point))
        secret = new_secret()
        while True:
            code = new_code()
            key = _keys(code)[0]
            fields = {"secret": digest(secret), "kind": kind, "content": content, "point": point, "question": "",
                      "version": 1, "activity": 0}
            if self._call(self.db.hsetnx, key, "secret", fields["secret"]):
                break
        pipe = self.db.pipeline()
        pipe.hset(key, mapping=fields)
        pipe.pexpire(key, self._ms(self.ttl))
        self._call(pipe.execute)
        return code, secret

    def _hash(self, code: str, *fields) -> dict:
        got = self._call(self.db.hmget, _keys(clean_code(code))[0], ["secret", "ended", *fields])
        if got[0] is None:
            raise Refused("unknown")
        if got[1] is not None:
            raise Refused("ended")
        return dict(zip(fields, got[2:]))

    def state(self, code):
        row = self._hash(code, "kind", "version", "point", "question", "revealed")
        question = json.loads(row["question"]) if row["question"] else None
        if question is not None:
            question["revealed"] = row["revealed"] is not None
        return State(clean_code(code), row["kind"], int(row["version"]), json.loads(row["point"]), question)

    def content(self, code):
        row = self._hash(code, "kind", "content")
        return row["kind"], row["content"]

    def versions(self, codes):
        codes = list(codes)
        pipe = self.db.pipeline(transaction=False)
        for code in codes:
            pipe.hmget(_keys(code)[0], ["version", "activity"])
        got = self._call(pipe.execute)
        return {code: (int(v), int(a)) for code, (v, a) in zip(codes, got) if v is not None}

    def _teacher_write(self, code, secret, mode="set", **fields) -> int:
        code = clean_code(code)
        args = [digest(secret), self._ms(self.ttl), mode, self._ms(ENDED_KEEP)]
        for name, value in fields.items():
            args += [name, value]
        return int(self._call(self._teacher, keys=_keys(code), args=args))

    def is_teacher(self, code, secret):
        try:
            self._teacher_write(code, secret, "touch")
        except Refused:
            return False
        return True

    def move(self, code, secret, point):
        return self._teacher_write(code, secret, point=json.dumps(check_point(point)))

    def load(self, code, secret, kind, content, point):
        check_content(kind, content)
        point = json.dumps(check_point(point))  # mode "ask": the answers and the revealed mark go
        return self._teacher_write(code, secret, "ask", kind=kind, content=content, point=point, question="", qid="")

    def ask(self, code, secret, question):
        if question is None:
            return self._teacher_write(code, secret, "ask", question="", qid="")
        question = check_question(question)
        return self._teacher_write(code, secret, "ask", question=json.dumps(question), qid=question["id"])

    def reveal(self, code, secret):
        return self._teacher_write(code, secret, "reveal")

    def end(self, code, secret):
        self._teacher_write(code, secret, "end")

    def join(self, code, nickname=""):
        nick, token = clean_nickname(nickname), new_secret()
        self._call(self._student, keys=_keys(clean_code(code)), args=[token, "join", "", nick, ROSTER_MAX])
        return token

    def answer(self, code, student, question_id, value):
        number, question_id = clean_answer(value), open_question(question_id)
        self._call(self._student, keys=_keys(clean_code(code)), args=[str(student), "answer", str(question_id),
                                                                      repr(number)])
        return number

    def tally(self, code):
        state = self.state(code)
        keys = _keys(state.code)
        pipe = self.db.pipeline(transaction=True)
        pipe.hlen(keys[1])
        pipe.hvals(keys[2])
        joined, values = self._call(pipe.execute)
        return Tally(joined, state.question, [float(v) for v in values] if state.question else [])

    def roster(self, code):
        self._hash(code)
        return list(self._call(self.db.hvals, _keys(clean_code(code))[1]))

    def listen(self, heard, running):
        """Call heard(code) (from this thread, which it blocks) whenever a class was written, and heard(None)
        when the subscription is made, lost or made again (an outage begins or ends: the hub reads the
        store then, so students are told at once); until running() is false, checked every second."""
        while running():
            pubsub = self.db.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(MOVED)
                heard(None)
                while running():
                    got = pubsub.get_message(timeout=1.0)
                    if got is not None:
                        heard(str(got["data"]).split("{", 1)[-1].split("}", 1)[0])
            except (redis.ConnectionError, redis.TimeoutError, OSError):
                heard(None)
                time.sleep(RESUBSCRIBE)
            finally:
                pubsub.close()

    def close(self):
        self.db.close()
