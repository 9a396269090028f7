// SPDX-License-Identifier: GPL-2.0
/* bounded_loop: real loops (backward jumps) with constant bounds, unrolling
 * disabled with `#pragma clang loop unroll(disable)`.
 * Demonstrates: xdp_sum16 sums the first 16 payload bytes of a packet, with a
 * bounds check against data_end inside the loop; sum_values sums 64 __u32
 * slots of an array-map value (a struct with a 64-element array), index
 * bounded by the loop constant. Both loops stay loops in the object (check
 * the disassembly for `goto -N`): the verifier must prove termination
 * (kernel >= 5.3 bounded loops; PREVAIL needs loop widening + a bound).
 * Expected verdict: pass (both programs).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct slots {
	__u32 v[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct slots);
	__uint(max_entries, 1);
} table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} result SEC(".maps");

SEC("xdp")
int xdp_sum16(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	unsigned char *p = (void *)(long)ctx->data;
	__u32 sum = 0;
	__u32 key = 0;
	__u64 *out;
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 16; i++) {
		if ((void *)(p + i + 1) > data_end)
			break;
		sum += p[i];
	}

	out = bpf_map_lookup_elem(&result, &key);
	if (out)
		*out = sum;
	return XDP_PASS;
}

SEC("xdp")
int sum_values(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct slots *s = bpf_map_lookup_elem(&table, &key);
	__u64 sum = 0;
	__u64 *out;
	int i;

	if (!s)
		return XDP_PASS;

#pragma clang loop unroll(disable)
	for (i = 0; i < 64; i++)
		sum += s->v[i];

	key = 1;
	out = bpf_map_lookup_elem(&result, &key);
	if (out)
		*out = sum;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
