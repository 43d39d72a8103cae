#!/bin/sh
# A background worker: a real one would take jobs from a queue.
echo "worker started for $SLIPWAY_PROJECT/$SLIPWAY_ENVIRONMENT at $SLIPWAY_COMMIT"
trap 'echo "worker stopping"; exit 0' TERM
while true; do sleep 1; done
