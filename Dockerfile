# Learning graph service: the API (`graph-service serve`) and its one-off commands
# (`graph-service db init`, `graph-service schema export`) in one image.
#
#   docker build -t learning-graph-service .
#   docker run --rm -p 127.0.0.1:8000:8000 learning-graph-service
#
# Configuration is the usual GRAPH_SERVICE_* environment variables; see docker-compose.yml
# for the Neo4j set-up.
FROM python:3.12-slim

# No .pyc files in the image or at run time (the file system is not the app's to write),
# log lines reach `docker logs` straight away, and pip does not phone home about upgrades.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The embedded backend's FalkorDB module links against OpenMP (libgomp), which the slim
# image leaves out. Nothing else is needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*

# A fixed, numeric, unprivileged user so orchestrators can check `runAsNonRoot` and volume
# ownership can be set to match.
RUN groupadd --system --gid 10001 graph \
    && useradd --system --uid 10001 --gid graph --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin graph

WORKDIR /app

# Only what the build needs: the metadata (README.md is the package's long description,
# constraints.txt pins every dependency to the versions the tests ran against) and the
# three source folders. cypher/ is packaged into graph_service/ by the hatchling build.
COPY pyproject.toml constraints.txt README.md ./
COPY graph_service/ graph_service/
COPY loaders/ loaders/
COPY cypher/ cypher/

# A regular (not editable) install into the system site-packages, so the source folders
# above are not what runs; --no-cache-dir keeps pip's download cache out of the layer.
RUN pip install --no-cache-dir -c constraints.txt .

# The embedded backend (the default) keeps its files here; the only place the service
# writes. Mount a volume at this path to keep the data across containers.
RUN mkdir -p /var/lib/graph-service && chown graph:graph /var/lib/graph-service
ENV GRAPH_SERVICE_DATA_DIR=/var/lib/graph-service

# The service binds 127.0.0.1 by default, which is unreachable from outside a container.
ENV GRAPH_SERVICE_HOST=0.0.0.0

USER 10001:10001

EXPOSE 8000

# Liveness only (/healthz: the process answers). /readyz would mark the container unhealthy
# whenever the database is down, and restarting the API does not fix the database.
# The slim image has no curl, so Python's urllib does the request; urlopen raises (and the
# check fails) on a refused connection, a timeout or any 4xx/5xx answer.
# GRAPH_SERVICE_PORT is honoured so the check follows a changed port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + (os.environ.get('GRAPH_SERVICE_PORT') or '8000') + '/healthz', timeout=4)"]

CMD ["graph-service", "serve"]
