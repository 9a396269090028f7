#!/usr/bin/env bash
# Regenerates the Java code for splitbpf.thrift with Debian's thrift-compiler 0.17.0 into
# core/src/main/java/io/splitbpf/core/thrift. With --check, generates into a temporary folder
# and fails when the committed code differs from what the IDL gives.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java_root="$here/../java"
pkg=io/splitbpf/core/thrift

command -v thrift >/dev/null 2>&1 || { echo "thrift compiler not found (apt-get install thrift-compiler)" >&2; exit 1; }
version="$(thrift --version)"
[ "$version" = "Thrift version 0.17.0" ] || { echo "need Thrift version 0.17.0, found: $version" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
thrift --gen java:generated_annotations=suppress,private_members -out "$tmp" "$here/splitbpf.thrift"
# the generated files carry no date: what differs is only ever the code

if [ "${1:-}" = "--check" ]; then
    if ! diff -r "$tmp/$pkg" "$java_root/$pkg" >/dev/null; then
        echo "core/src/main/java/$pkg differs from what splitbpf.thrift generates; run $0" >&2
        diff -r "$tmp/$pkg" "$java_root/$pkg" | head -40 >&2
        exit 1
    fi
    echo "generated Thrift code matches splitbpf.thrift"
else
    rm -rf "${java_root:?}/$pkg"
    mkdir -p "$java_root/$pkg"
    cp "$tmp/$pkg"/*.java "$java_root/$pkg/"
    echo "generated $(ls "$java_root/$pkg" | wc -l) files into core/src/main/java/$pkg"
fi
