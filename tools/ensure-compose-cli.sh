#!/bin/sh
# The compose-file test needs a Compose CLI that can run `config` without a Docker engine.
# Debian's docker-compose package does; install it when missing and we are allowed to.
if command -v docker-compose >/dev/null 2>&1; then exit 0; fi
if docker compose version >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing docker-compose (Debian package) for the compose-file test..."
    if apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; then
        exit 0
    fi
    echo "Could not install docker-compose: the compose-file test will be skipped (it fails when CI is set)." >&2
    exit 0
fi
echo "No Compose CLI found: the compose-file test will be skipped (install docker-compose to run it)." >&2
