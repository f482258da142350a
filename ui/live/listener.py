"""The browser's end of the push path: a components-v2 element (inline JS, draws nothing) that listens
to /live/events (ui.live.push) and reruns the fragment it is drawn in when what it watches moved: the
class's version for a student (the teacher's point, question, pause), its activity for the teacher
(joins and answers), or the store going away and coming back.

The EventSource outlives the element's reruns: the element is drawn again with new data on every run
(the version it drew), which calls the JS again after cleaning up the last call. The cleanup only
schedules the stream's close; the next call, a moment later, takes the open stream over. A stream is
closed when its element is gone for good (the student left the class or the page).

The teacher's listener also beats: every `beat` seconds while the page is open, whatever happens on it,
it sends a `beat` trigger, which tells the store the teacher is still there (ui.live.teacher.present):
a teacher explaining for hours without a key press keeps the class, and a class whose teacher's page is
gone still expires."""
import streamlit as st

from ui.live.push import PATH

BACK_WAIT = 1.0  # seconds a student's page waits, once the store is back, for the move the teacher made meanwhile

JS = """
export default function ({ data, setTriggerValue }) {
  const all = (window.__bpLive = window.__bpLive || {});
  let live = all[data.url];
  if (live) clearTimeout(live.closing);
  else {
    live = all[data.url] = { source: new EventSource(data.url), seen: null };
    live.source.onmessage = (e) => live.heard(JSON.parse(e.data));
    live.source.onerror = () => live.heard({ up: false });
  }
  // the beat: one timer for the stream's life, not restarted by reruns, sent by the newest call
  live.beat = () => setTriggerValue('beat', Date.now());
  if (data.beat && !live.beating) live.beating = setInterval(() => live.beat(), data.beat * 1000);
  // what this run drew: a newer event than that reruns the fragment, once
  live.seen = live.seen && live.seen.at > data.at ? live.seen : { at: data.at, up: data.up };
  live.heard = (event) => {
    const at = event.gone ? -1 : (event[data.field] ?? live.seen.at);
    const up = event.up !== false;
    if (at === live.seen.at && up === live.seen.up) return;
    clearTimeout(live.later);
    const send = () => { live.seen = { at, up }; setTriggerValue('moved', at + (up ? '' : ' down')); };
    // a student's store is back but the class has not moved yet: the teacher's page, told the same, now
    // writes the move it made meanwhile; wait for it a moment, so the page reruns once for both
    if (data.back && up && !live.seen.up && at === live.seen.at) live.later = setTimeout(send, data.back);
    else send();
  };
  return () => {
    live.closing = setTimeout(() => { live.source.close(); clearInterval(live.beating); delete all[data.url]; }, 3000);
  };
}
"""
_listener = st.components.v2.component("backprop_live", js=JS)


def listen(key: str, code: str, field: str, at: int, up: bool, on_moved, beat: float = 0, on_beat=None):
    """Mount the listener for a class: field "v" (a student) or "a" (the teacher), at what this run drew
    (-1 for a class found gone), up whether the store answered; on_moved is the trigger's callback;
    beat (seconds, the teacher's) calls on_beat that often while the page is open. A student's listener
    waits up to BACK_WAIT after the store came back for the teacher's move before rerunning."""
    data = {"url": f"{PATH}?code={code}", "field": field, "at": at, "up": up, "beat": beat,
            "back": int(BACK_WAIT * 1000) if field == "v" else 0}
    _listener(key=key, data=data, on_moved_change=on_moved, on_beat_change=on_beat or (lambda: None), height=0)
