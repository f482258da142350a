"""Figures as plain data, no streamlit: the network element's payload, weight matrices and curves (plotly)."""
