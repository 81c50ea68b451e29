#!/usr/bin/env bash
# Creates the segmenter topics with the settings of stream-app's TopicLayout (a test compares
# the two): compaction for segment-changes and segment-models, 30-day retention for
# dead-letters, one partition for models. Idempotent (--if-not-exists).
# Usage: create-topics.sh BOOTSTRAP_SERVERS [PARTITIONS] [REPLICATION_FACTOR]
set -euo pipefail
bootstrap="${1:?bootstrap servers}"
partitions="${2:-4}"
replication="${3:-1}"
topics=/opt/kafka/bin/kafka-topics.sh

create() {
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --replication-factor "$replication" "$@"
}

create --topic user-clicks --partitions "$partitions"
create --topic user-purchases --partitions "$partitions"
create --topic dead-letters --partitions "$partitions" --config retention.ms=2592000000
create --topic segment-changes --partitions "$partitions" --config cleanup.policy=compact
create --topic fraud-anomalies --partitions "$partitions"
create --topic segment-models --partitions 1 --config cleanup.policy=compact
create --topic user-deletions --partitions "$partitions" --config retention.ms=604800000
"$topics" --bootstrap-server "$bootstrap" --list
