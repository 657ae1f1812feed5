# Returning Officer: the bot, its dependencies and the shipped knowledge, run as a non-root user.
#   docker build -t returning-officer .
#   docker run (see the README's "Docker" section: a volume for the database, one for the official files)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /app

# The dependencies first, in their own layer, listed from pyproject.toml alone: a change to the
# code or the knowledge does not reinstall them. (The project itself is not pip-installed: it runs
# from /app, so no build tools or build folders are left in the image.)
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['xlsx']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm -rf /tmp/requirements.txt /root/.cache

# A system user with no home and no shell; the code stays root's, so it cannot be changed at run
# time. /app/db belongs to it so that a new named volume mounted there does too.
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin officer \
    && mkdir -p /app/db /app/data \
    && chown officer:officer /app/db

COPY LICENSE alembic.ini ./
COPY knowledge ./knowledge
COPY bot ./bot
RUN python -m compileall -q bot

# DATA_DIR: the SQLite database (server settings, follows, what was announced where).
# /app/data: the official files, mounted read-only; KNOWLEDGE_PATHS names them relative to /app,
# as on the host: KNOWLEDGE_PATHS=knowledge,data/historical,data/ge2019,data/ge2024
ENV PYTHONPATH=/app DATA_DIR=/app/db
VOLUME ["/app/db", "/app/data"]
USER officer

# Healthy while the bot is connected to Discord (a heartbeat file its event loop rewrites every 30 s).
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 CMD ["python", "-m", "bot.health"]
# Exec form: Python is PID 1 and gets `docker stop`'s SIGTERM, on which the bot leaves Discord
# and exits at once (bot.client.stop_on_signals; other commands: bot.__main__.exit_on_sigterm).
CMD ["python", "-m", "bot", "run"]
