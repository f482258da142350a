# Backprop Explorer for a classroom: one replica per container (see README, "Serving a class").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# the Chinese interface needs a CJK font in the figures' SVG text
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home explorer
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
# the project folder, .streamlit/config.toml included: streamlit reads it from the folder it starts in
COPY --chown=explorer . .
USER explorer

EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health')"
# serve.py: the app and the live class's push route on one server (st.App)
CMD ["streamlit", "run", "serve.py", "--server.port=8501", "--server.address=0.0.0.0"]
