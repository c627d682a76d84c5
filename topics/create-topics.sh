#!/bin/sh
# Creates every topic defined in this folder on the cluster at $BOOTSTRAP (used by docker-compose).
# The same .properties files are what the application itself reads at start.
# REPLICATION_FACTOR and MIN_INSYNC_REPLICAS, when set, override the files for every topic (a
# cluster of three runs with 3 and 2), as elman.replication.factor and elman.min.insync.replicas
# do for the application.
set -eu
BOOTSTRAP=${BOOTSTRAP:-kafka:9092}
KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
dir=$(dirname "$0")
for f in "$dir"/*.properties; do
  name=$(sed -n 's/^name=//p' "$f")
  partitions=$(sed -n 's/^partitions=//p' "$f")
  rf=${REPLICATION_FACTOR:-$(sed -n 's/^replication.factor=//p' "$f")}
  configs=$(sed -n 's/^config\.\(.*\)$/--config \1/p' "$f" | tr '\n' ' ')
  if [ -n "${MIN_INSYNC_REPLICAS:-}" ]; then configs="$configs --config min.insync.replicas=$MIN_INSYNC_REPLICAS"; fi
  # shellcheck disable=SC2086
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$rf" $configs
done
