#!/usr/bin/env bash
# Rebuild every sample object from samples/src/*.c.
#
#   samples/<name>.o          little endian (clang -target bpf = bpfel on x86)
#   samples/obj-eb/<name>.o   big endian (-target bpfeb), for a few safe samples
#
# Flags are the project's: clang -target bpf -O2 -g -I/usr/include/x86_64-linux-gnu
# plus -fdebug-compilation-dir=. with the source named relative to the checkout, so that the
# DWARF and BTF records name samples/src/<file> and not the absolute directory where the
# checkout lives, and BTF line info carries each source line's text. Same clang => same bytes.
#
# Usage: samples/build.sh          rebuild in place
#        samples/build.sh --check  rebuild into a temp dir and compare with the
#                                  committed objects (exit 1 on any difference)
# Env:   CLANG=/path/to/clang (default: clang on PATH; Debian clang 14 expected)
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src"
clang="${CLANG:-clang}"

# Safe samples that also get a big-endian build.
EB_SAMPLES=(xdp_proto_count global_data bpf_to_bpf_call)

if ! command -v "$clang" >/dev/null 2>&1; then
	echo "build.sh: error: '$clang' not found; install it with: apt-get install -y clang libbpf-dev llvm" >&2
	exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
	echo "build.sh: error: libbpf headers missing (/usr/include/bpf/bpf_helpers.h); apt-get install -y libbpf-dev" >&2
	exit 1
fi

mode=build
case "${1:-}" in
	"") ;;
	--check) mode=check ;;
	*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if [ "$mode" = check ]; then
	out="$(mktemp -d)"
	trap 'rm -rf "$out"' EXIT
else
	out="$here"
fi
mkdir -p "$out/obj-eb"

echo "build.sh: $("$clang" --version | head -n 1)"

compile() { # target input output
	local target="$1" in="$2" o="$3"
	(cd "$here/.." && "$clang" -target "$target" -O2 -g -I/usr/include/x86_64-linux-gnu \
		-fdebug-compilation-dir=. \
		-c "samples/src/$(basename "$in")" -o "$o.tmp")
	mv -f "$o.tmp" "$o"
	printf '  %-8s %-40s %7d bytes\n' "$target" "${o#"$out"/}" "$(stat -c %s "$o")"
}

n=0
for c in "$src"/*.c; do
	name="$(basename "$c" .c)"
	compile bpf "$c" "$out/$name.o"
	n=$((n + 1))
done
for name in "${EB_SAMPLES[@]}"; do
	compile bpfeb "$src/$name.c" "$out/obj-eb/$name.o"
	n=$((n + 1))
done
echo "build.sh: built $n objects"

if [ "$mode" = check ]; then
	bad=0
	for o in "$out"/*.o "$out"/obj-eb/*.o; do
		rel="${o#"$out"/}"
		if ! cmp -s "$o" "$here/$rel"; then
			echo "build.sh: MISMATCH: samples/$rel differs from a fresh build" >&2
			bad=1
		fi
	done
	for o in "$here"/*.o "$here"/obj-eb/*.o; do
		[ -e "$o" ] || continue
		rel="${o#"$here"/}"
		[ -e "$out/$rel" ] || { echo "build.sh: STALE: samples/$rel has no source" >&2; bad=1; }
	done
	[ "$bad" = 0 ] && echo "build.sh: committed objects match a fresh build"
	exit "$bad"
fi
