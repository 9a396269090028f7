// SPDX-License-Identifier: GPL-2.0
/* unsafe_null_deref: UNSAFE. Missing NULL check after bpf_map_lookup_elem.
 * The XDP program xdp_null_deref increments the value returned by
 * bpf_map_lookup_elem without checking it: the lookup returns
 * "map value or NULL" (a key absent from a hash map yields NULL), so the
 * load/store through R0 may dereference NULL.
 * The verifier must reject it: Linux says
 * "R0 invalid mem access 'map_value_or_null'"; PREVAIL-style: the pointer may
 * be null (assertion "Possible null access").
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} counters SEC(".maps");

SEC("xdp")
int xdp_null_deref(struct xdp_md *ctx)
{
	__u32 key = ctx->ingress_ifindex;
	__u64 *value = bpf_map_lookup_elem(&counters, &key);

	*value += 1;    /* BUG: value may be NULL */
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
