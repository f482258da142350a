"""The quiz page's state and widgets: the choice of value, the question, the verdict, the score."""
import streamlit as st

from engine import EngineError

from engine.teach.classroom import quiz
from engine.teach.classroom.quiz import KINDS
from engine.teach.textbook import notation as nota
from ui.session import keys, state
from ui.common.numbers import markdown, tex, vec
from ui.session.text import lang, t

QUIZ = keys.QUIZ  # {"question", "record", "sc", "verdict", "score", "asked", "choice"}
KIND_CHOICES = ("random", *sorted(KINDS))
ANY = "random"  # a layer, neuron or sending neuron left to chance
CHOICE = ("kind", "layer", "j", "k")  # what the student fixes, each ANY or a value; widget keys quiz_<field>


def session() -> dict:
    if QUIZ not in st.session_state:
        st.session_state[QUIZ] = {"question": None, "record": None, "sc": None, "verdict": None,
                                  "score": quiz.Score(), "asked": 0, "choice": dict.fromkeys(CHOICE, ANY)}
    return st.session_state[QUIZ]


def record(stepper):
    """The step the quiz asks about: the last committed one, when it kept its values."""
    rec = stepper.records[-1] if stepper.records else None
    return rec if rec is not None and rec.full else None


def current(rec) -> dict:
    """The session, with a question about another step (or another network) dropped."""
    s = session()
    if s["record"] is not rec:
        s.update(question=None, record=None, sc=None, verdict=None)
    return s


def _choose(field: str):
    choice = session()["choice"]
    choice[field] = st.session_state[f"quiz_{field}"]
    if field == "layer":  # the neurons of another layer are others
        _forget(choice, "j", "k")


def _forget(choice: dict, *fields):
    """Back to chance; the widget is dropped too, so it is drawn anew from the choice."""
    for field in fields:
        choice[field] = ANY
        st.session_state.pop(f"quiz_{field}", None)


def _fit(choice: dict, net):
    """Forget a layer or neuron the current network does not have (a new network was loaded)."""
    l, j, k = choice["layer"], choice["j"], choice["k"]
    if l != ANY and l > net.L:
        _forget(choice, "layer")
        l = ANY
    if j != ANY and (l == ANY or j >= net.layers[l]):
        _forget(choice, "j")
    if k != ANY and (l == ANY or k >= net.layers[l - 1]):
        _forget(choice, "k")


def _select(col, field, label, labels: dict):
    options = list(labels)
    col.selectbox(label, options, options.index(session()["choice"][field]), key=f"quiz_{field}",
                  format_func=labels.get, on_change=_choose, args=(field,))


def controls(cols, net, notation):
    """What to ask: the kind, and optionally the layer, the neuron and (for a weight) the sending
    neuron, all named in the notation; drawn into four columns."""
    choice, nt = session()["choice"], nota.get(notation)
    _fit(choice, net)
    edge = choice["kind"] in KINDS and KINDS[choice["kind"]].edge
    any_ = {ANY: t("quiz.any")}
    _select(cols[0], "kind", t("quiz.kind"), {o: t(f"quiz.kind_{o}") for o in KIND_CHOICES})
    layer_name = (lambda l: t("quiz.weights_of", down=nota.layer(nt, l - 1), n=nota.layer(nt, l))) if edge else \
        (lambda l: nota.layer_name(nt, l, lang()))
    _select(cols[1], "layer", t("quiz.layer"), {**any_, **{l: layer_name(l) for l in range(1, net.L + 1)}})
    l = choice["layer"]
    if l == ANY:
        return
    neurons = lambda n: {**any_, **{j: t("quiz.neuron_no", j=j + nt.base) for j in range(n)}}
    _select(cols[2], "j", t("quiz.neuron"), neurons(net.layers[l]))
    if edge:
        _select(cols[3], "k", t("quiz.from"), neurons(net.layers[l - 1]))


def new(rec):
    s, stepper = session(), state.stepper()
    c = {f: None if v == ANY else v for f, v in s["choice"].items()}
    edge = c["kind"] is not None and KINDS[c["kind"]].edge
    s["asked"] += 1
    try:
        q = quiz.pick(rec, stepper.sc.net, rec.lr, c["kind"], seed=s["asked"], layer=c["layer"], j=c["j"],
                      k=c["k"] if edge else None, sc=stepper.sc)
    except EngineError as exc:  # a choice the network lost; the widgets are reset on the next run
        state.tell("warning", exc.text(lang()))
        return
    s.update(question=q, record=rec, sc=stepper.sc, verdict=None, again=False)
    st.session_state["quiz_answer"] = ""


def answer():
    s = session()
    if s["question"] is None:
        return
    if s["verdict"] is not None and s["verdict"].answer is not None:  # one scored answer per question: said
        s["again"] = True
        return
    v = quiz.check(s["question"], st.session_state.get("quiz_answer", ""))
    s["verdict"], s["score"], s["again"] = v, s["score"].add(v), False


def sample(given):
    """The sample the question is about, x and y written out (the figure shows x only, in its input
    neurons, and y nowhere), to the chosen digits and exact on hover."""
    markdown(f"**{t('quiz.sample', i=given.sample)}** · {tex('x')} = {vec(given.x)} · {tex('y')} = {vec(given.y)}")


def verdict(s, notation):
    v = s["verdict"]
    if v is None:
        return
    (st.success if v.correct else st.warning if v.answer is None else st.error)(quiz.explain(v, lang()))
    if v.answer is None:
        return
    if s.get("again"):  # a second answer to a scored question: not silently ignored beside the verdict
        st.info(t("quiz.already", verdict=t("quiz.already_right" if v.correct else "quiz.already_wrong")),
                icon=":material/info:")
    st.markdown(t("quiz.reveal", value=repr(v.value)))
    derive(s, notation)


def derive(s, notation):
    """The value's derivation with this step's numbers, in the chosen notation and digits."""
    if not s["record"].full:
        st.caption(t("quiz.no_derivation"))
        return
    st.markdown(t("quiz.derivation"))
    for f in quiz.derivation(s["question"], s["record"], s["sc"], notation, st.session_state[keys.DIGITS], lang()):
        st.latex(f.latex + (rf"\quad\text{{({f.tag})}}" if f.tag else ""))
        st.caption(f.caption)
