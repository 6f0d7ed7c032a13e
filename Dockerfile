# Gigwise in a container: `docker build -t gigwise .` then
# `docker run -e DISCORD_TOKEN=... -v gigwise-data:/data gigwise`.

# Build stage: install Gigwise and its dependencies into a virtualenv that the runtime stage copies.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/gigwise
WORKDIR /src
COPY pyproject.toml README.md ./
COPY advisor ./advisor
COPY bot ./bot
COPY commands ./commands
COPY db ./db
RUN /opt/gigwise/bin/pip install ".[postgres]"

# Runtime stage: the virtualenv only, run by an unprivileged user, the database on a volume.
FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin gigwise \
    && mkdir -p /data && chown gigwise:gigwise /data
COPY --from=build /opt/gigwise /opt/gigwise
ENV PATH="/opt/gigwise/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    GIGWISE_DATA_DIR=/data
VOLUME ["/data"]
USER gigwise
WORKDIR /data
CMD ["gigwise", "run"]
