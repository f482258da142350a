"""Figures (plotly only, no streamlit): the network drawing, weight matrices, training curves."""
