#!/usr/bin/env bash
# Runs `firebase emulators:<command> [args...]` with this repository's
# firebase-tools, for example `tools/firebase-emulators.sh exec 'mocha'`.
#
# The usual path: firebase-tools 15 downloads the Firestore emulator jar on
# first use (cached under ~/.cache/firebase/emulators) and refuses to start
# it unless `java -version` reports Java 21 or later, which that jar needs.
# This script leaves that path alone whenever it can work: a jar is cached
# or Java 21+ is installed.
#
# Otherwise (an offline machine with Java 17, such as Debian 12), it uses the
# Google Cloud CLI's Firestore emulator from the Debian package
# google-cloud-cli-firestore-emulator, which runs on Java 11 and later:
# - That jar has no Main-Class, so a manifest-only launcher jar names the
#   main class and the Cloud CLI jar, and firebase-tools gets it through
#   FIRESTORE_EMULATOR_BINARY_PATH.
# - The Java 21 check exists for the downloaded jar, not this one, so a
#   `java` wrapper first in PATH reports version 21 to `java -version` and
#   runs the real Java for everything else.
set -euo pipefail

cd "$(dirname "$0")/.."
firebase=$PWD/node_modules/.bin/firebase
command=$1
shift

cloud_cli_jar=/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar
cloud_cli_main_class=com.google.cloud.datastore.emulator.firestore.CloudFirestore
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/firebase/emulators
work_dir=$PWD/.cache/firestore-emulator

java_major_version() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

has_cached_jar() {
  compgen -G "$cache_dir/cloud-firestore-emulator-v*.jar" >/dev/null
}

use_cloud_cli_emulator() {
  local real_java
  real_java=$(command -v java)
  mkdir -p "$work_dir/bin"

  printf 'Main-Class: %s\nClass-Path: file:%s\n' \
    "$cloud_cli_main_class" "$cloud_cli_jar" >"$work_dir/manifest.txt"
  jar --create --file "$work_dir/launcher.jar" \
    --manifest "$work_dir/manifest.txt"

  cat >"$work_dir/bin/java" <<WRAPPER
#!/bin/sh
if [ "\$*" = "-Duser.language=en -Dfile.encoding=UTF-8 -version" ]; then
  echo 'openjdk version "21" (reported for firebase-tools; runtime below)'
fi
exec "$real_java" "\$@"
WRAPPER
  chmod +x "$work_dir/bin/java"

  export FIRESTORE_EMULATOR_BINARY_PATH=$work_dir/launcher.jar
  export PATH=$work_dir/bin:$PATH
}

if [[ -z "${FIRESTORE_EMULATOR_BINARY_PATH:-}" ]] && ! has_cached_jar &&
  [[ "$(java_major_version)" -lt 21 ]]; then
  if [[ ! -f "$cloud_cli_jar" ]]; then
    echo "error: the Firestore emulator needs Java 21 or later (found Java $(java_major_version)), or the Debian package google-cloud-cli-firestore-emulator at $cloud_cli_jar" >&2
    exit 1
  fi
  use_cloud_cli_emulator
fi

# The Functions emulator starts one worker process per concurrent call. On a
# small machine a burst of calls can take longer than its default 30 s to
# load them all, so allow 120 s unless the caller chose a value.
export FUNCTIONS_DISCOVERY_TIMEOUT=${FUNCTIONS_DISCOVERY_TIMEOUT:-120}

# Nothing local runs on Google Compute Engine, so the Google auth libraries
# in firebase-admin must not probe the GCE metadata server for credentials.
export METADATA_SERVER_DETECTION=${METADATA_SERVER_DETECTION:-none}

exec "$firebase" "emulators:$command" "$@"
