# Returning Officer: a small image that runs the bot as a non-root user.
# Mount your knowledge folder over /app/knowledge to edit it, then /kb reload.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY alembic.ini ./
RUN pip install --no-compile '.[xlsx]' && useradd --create-home --uid 10001 officer \
    && mkdir -p /app/data && chown officer:officer /app/data

USER officer
VOLUME ["/app/knowledge", "/app/data"]
# /app/data: the SQLite database (server settings, follows, what was announced where).
ENV KNOWLEDGE_PATHS=/app/knowledge DATA_DIR=/app/data
# Exec form: Python is PID 1 and receives `docker stop`'s SIGTERM, which closes the bot at once.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
