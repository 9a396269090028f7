// SPDX-License-Identifier: GPL-2.0
/* unsafe_uninit_stack: UNSAFE. Reads of uninitialised stack.
 * clang removes reads of uninitialised C locals, so:
 *  - xdp_uninit_load reads the 8-byte stack slot at r10-64 with inline asm;
 *    nothing in the program ever writes that slot. The verifier must reject
 *    the load: Linux (unprivileged / without CAP_PERFMON) says
 *    "invalid read from stack R10 off=-64 size=8" (6.18).
 *  - xdp_uninit_helper passes a 16-byte stack buffer that was never written
 *    as the value argument of bpf_map_update_elem (helper reads it). Linux
 *    says "invalid read from stack R3 off=-24 size=16" (6.18).
 * Note: since Linux 6.4, privileged loaders (CAP_PERFMON / CAP_SYS_ADMIN)
 * are allowed to read uninitialised stack, so a root kernel accepts both;
 * splitbpf's verifier (tenants are untrusted) must reject them.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct pair {
	__u64 a;
	__u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct pair);
	__uint(max_entries, 4);
} store SEC(".maps");

SEC("xdp")
int xdp_uninit_load(struct xdp_md *ctx)
{
	__u64 v;

	/* BUG: r10-64 was never written */
	asm volatile("%0 = *(u64 *)(r10 - 64)" : "=r"(v));
	return v == 0x1234 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int xdp_uninit_helper(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct pair p;  /* BUG: never initialised */

	bpf_map_update_elem(&store, &key, &p, BPF_ANY);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
