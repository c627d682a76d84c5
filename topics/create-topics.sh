#!/bin/sh
# Creates every topic defined in this folder on the broker at $BOOTSTRAP (used by docker-compose).
# The same .properties files are what the application itself reads at start.
set -eu
BOOTSTRAP=${BOOTSTRAP:-kafka:9092}
KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
dir=$(dirname "$0")
for f in "$dir"/*.properties; do
  name=$(sed -n 's/^name=//p' "$f")
  partitions=$(sed -n 's/^partitions=//p' "$f")
  rf=$(sed -n 's/^replication.factor=//p' "$f")
  configs=$(sed -n 's/^config\.\(.*\)$/--config \1/p' "$f" | tr '\n' ' ')
  # shellcheck disable=SC2086
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$rf" $configs
done
