// SPDX-License-Identifier: GPL-2.0
/* unsafe_map_oob: UNSAFE. Out-of-bounds map value access.
 * The map value is 16 __u64 slots (value_size 128).
 *  - map_oob_index indexes the slots with ctx->rx_queue_index, a __u32 from
 *    the input that is never bounded: offset = idx * 8 may be far past 128.
 *    Linux: "R1 unbounded memory access, make sure to bounds check any such
 *    access" (or "invalid access to map value, value_size=128 off=... ").
 *  - map_oob_const writes slot 20, a fixed offset 160 past value_size 128.
 *    Linux: "invalid access to map value, value_size=128 off=160 size=8".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct slots {
	__u64 slot[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct slots);
	__uint(max_entries, 1);
} table SEC(".maps");

SEC("xdp")
int map_oob_index(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u32 idx = ctx->rx_queue_index;
	struct slots *s = bpf_map_lookup_elem(&table, &key);

	if (!s)
		return XDP_PASS;
	s->slot[idx] += 1;      /* BUG: idx not checked against 16 */
	return XDP_PASS;
}

SEC("xdp")
int map_oob_const(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *s = bpf_map_lookup_elem(&table, &key);

	if (!s)
		return XDP_PASS;
	s[20] = 1;              /* BUG: offset 160 >= value_size 128 */
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
