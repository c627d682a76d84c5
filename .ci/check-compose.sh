#!/bin/sh
# Checks docker-compose.yml without a Docker engine: the compose parser validates and resolves it.
# Installs Debian's docker-compose package when it is missing (run as root, as CI does).
set -eu
cd "$(dirname "$0")/.."
if ! command -v docker-compose > /dev/null 2>&1; then
  apt-get update -q > /dev/null && apt-get install -y -q docker-compose > /dev/null
fi
docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid ($(docker-compose -f docker-compose.yml config --services | tr '\n' ' '))"
