"""Network figures handed to st.plotly_chart as the plain dicts viz.network.spec builds: today only the
benchmarks' plotly floor (bench/plotly_floor.py) does, the pages draw the network element (ui.figure).

st.plotly_chart sends a go.Figure's to_dict(), and a dict only after validating it by building a
go.Figure. Building plotly's figure objects and copying them back out (even unvalidated, as the
figures once were) took 40% of a Step click's server run (bench/profile_step.py), which a class of
students clicking on one server pays. The specs are already as validation leaves them
(tests/test_viz_network.py compares), so they go as they are, in the one form st.plotly_chart takes
without building anything (tests/test_viz_network.py checks what it sends).
"""
import plotly.graph_objects as go
import streamlit as st


class _Plain(go.Figure):
    """A go.Figure in name only: st.plotly_chart asks it for to_dict() alone."""

    def __init__(self, spec: dict):  # not go.Figure's, which would validate
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def chart(spec: dict, **kwargs):
    """st.plotly_chart(spec, **kwargs), the spec unvalidated; returns what st.plotly_chart returns."""
    return st.plotly_chart(_Plain(spec), **kwargs)
