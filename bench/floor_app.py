"""The floor: the least a Streamlit click round trip costs on this machine.

One button that counts, one tiny plotly figure that shows the count. The keys are the Step page's
(step_whole, step_fig), so the benchmarks drive both apps with the same selectors.
"""
import plotly.graph_objects as go
import streamlit as st

st.session_state.setdefault("count", 0)


def _count():
    st.session_state["count"] += 1


st.button("Whole step", key="step_whole", on_click=_count)
n = st.session_state["count"]
fig = go.Figure(go.Scatter(x=[0], y=[n], text=[f"step {n}"], mode="markers+text"))
fig.update_layout(height=200, margin=dict(l=10, r=10, t=10, b=10))
st.plotly_chart(fig, key="step_fig", config={"displayModeBar": False})
