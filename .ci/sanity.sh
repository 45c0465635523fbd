#!/usr/bin/env bash
# Kept for callers of the old name: `bash .ci/sanity.sh [args]` = `bash .ci/ansible-test.sh sanity [args]`.
exec bash "$(dirname "$0")/ansible-test.sh" sanity "$@"
