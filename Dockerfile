# zonefacts: the same steps as `make run` (a venv in .venv, an editable install, the compiled
# extraction build, `zonefacts serve`).

# The extraction modules compiled with mypyc (`make compile`): a C compiler and the dev tools, in a
# stage of their own, so that neither is in the image.
FROM python:3.11-slim AS compile
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir -e '.[dev]' \
    && ZONEFACTS_EXTRACT=python .venv/bin/python -c \
       'from app.extract.native import build_if_stale; build_if_stale()'

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/zonefacts.db \
    HOST=0.0.0.0 \
    PORT=8000

RUN useradd --create-home --uid 10001 zonefacts \
    && mkdir /data && chown zonefacts:zonefacts /data

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY seed ./seed
# Every dependency installs from a wheel (uvicorn[standard]'s httptools and uvloop, orjson, ahocorasick-rs,
# psycopg[binary]): no compiler in this stage.
RUN python -m venv .venv && .venv/bin/pip install -e .
# used only while the sources are those it was built from (app/extract/native.py checks)
COPY --from=compile /app/app/extract/_compiled ./app/extract/_compiled

USER zonefacts
# SQLite lives on this volume by default; set DATABASE_URL=postgresql+psycopg://... to use PostgreSQL.
# One worker process per CPU the container may run on; under `docker run --cpus N`, which limits
# time and not CPUs, set WORKERS=N.
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD .venv/bin/python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz', timeout=3)"

CMD [".venv/bin/zonefacts", "serve", "--host", "0.0.0.0"]
