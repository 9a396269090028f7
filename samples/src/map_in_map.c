// SPDX-License-Identifier: GPL-2.0
/* map_in_map: BTF-defined map-in-map with initial values.
 * Demonstrates: an ARRAY_OF_MAPS `outer_arr` and a HASH_OF_MAPS `outer_hash`,
 * both declared with `__array(values, struct inner_map)` (the inner map
 * template), with `.values = { [i] = &inner_map_N }` initialisers
 * (.rel.maps relocations). Program xdp_mim looks up the outer array to get an
 * inner map pointer (NULL-checked), then looks up and increments a counter
 * in the inner map; program xdp_mim_hash does the same through the hash of
 * maps keyed by ingress ifindex.
 * Expected verdict: pass (both programs).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} inner_map1 SEC(".maps"), inner_map2 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer_arr SEC(".maps") = {
	.values = {
		[0] = &inner_map1,
		[1] = &inner_map2,
	},
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer_hash SEC(".maps") = {
	.values = {
		[1] = &inner_map2,
	},
};

static __always_inline int bump(void *inner)
{
	__u32 slot = 0;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(inner, &slot);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_PASS;
}

SEC("xdp")
int xdp_mim(struct xdp_md *ctx)
{
	__u32 outer_key = ctx->rx_queue_index & 1;
	void *inner = bpf_map_lookup_elem(&outer_arr, &outer_key);

	if (!inner)
		return XDP_PASS;
	return bump(inner);
}

SEC("xdp")
int xdp_mim_hash(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->ingress_ifindex;
	void *inner = bpf_map_lookup_elem(&outer_hash, &ifindex);

	if (!inner)
		return XDP_PASS;
	return bump(inner);
}

char _license[] SEC("license") = "GPL";
