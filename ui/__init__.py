"""Streamlit helpers shared by the pages: session state, the shareable URL, common widgets."""
