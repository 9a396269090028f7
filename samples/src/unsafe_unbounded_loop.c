// SPDX-License-Identifier: GPL-2.0
/* unsafe_unbounded_loop: UNSAFE. Loop bound read from a map, no upper limit.
 * The XDP program xdp_unbounded_loop reads a __u64 iteration count from an
 * array map and loops that many times (each iteration calls
 * bpf_get_prandom_u32, so clang keeps a real loop with a backward jump).
 * The count can be anything up to 2^64-1, so termination within the
 * instruction budget cannot be proven. The verifier must reject it: Linux
 * explores iterations until "BPF program is too large. Processed 1000001
 * insn" (older kernels: "back-edge from insn X to Y"); PREVAIL-style:
 * loop counter unbounded / "Could not prove termination".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} config SEC(".maps");

SEC("xdp")
int xdp_unbounded_loop(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&config, &key);
	__u64 i, acc = 0;

	if (!n)
		return XDP_PASS;

	/* BUG: *n has no upper bound */
	for (i = 0; i < *n; i++)
		acc += bpf_get_prandom_u32();

	return acc & 1 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
