// SPDX-License-Identifier: GPL-2.0
/* unsafe_pointer_leak: UNSAFE. Pointers stored into map values, where user
 * space (or another tenant) can read them: leaks addresses of the host.
 *  - leak_map_value stores the address of the map value itself into it.
 *  - leak_ctx stores the context pointer into a map value.
 * The verifier must reject the 8-byte store of a pointer register into map
 * memory: Linux (without CAP_PERFMON) says "R0 leaks addr into map" /
 * "R6 leaks addr into map" (the register depends on allocation). Privileged Linux loaders are
 * allowed to leak pointers (allow_ptr_leaks), so a root kernel accepts both;
 * splitbpf's verifier must reject them.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} leaks SEC(".maps");

SEC("xdp")
int leak_map_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&leaks, &key);

	if (v)
		*v = (__u64)(unsigned long)v;   /* BUG: pointer into map */
	return XDP_PASS;
}

SEC("xdp")
int leak_ctx(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&leaks, &key);

	if (v)
		*v = (__u64)(unsigned long)ctx; /* BUG: pointer into map */
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
