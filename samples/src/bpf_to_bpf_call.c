// SPDX-License-Identifier: GPL-2.0
/* bpf_to_bpf_call: BPF-to-BPF calls.
 * Demonstrates: a __noinline static subprogram (frame_len, takes the ctx
 * pointer) and a global non-static __noinline function (mix, scalar
 * arguments; the kernel verifies global functions separately, from their BTF
 * signature), both emitted into .text and reached with `call pc+N`
 * (src_reg = BPF_PSEUDO_CALL) from SEC("xdp") program xdp_calls.
 * Expected verdict: pass.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __noinline __u32 frame_len(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;

	return (__u32)(data_end - data);
}

__noinline int mix(__u32 a, __u32 b)
{
	__u32 x = a * 31 + b;

	return (int)((x ^ (x >> 7)) & 0xff);
}

SEC("xdp")
int xdp_calls(struct xdp_md *ctx)
{
	__u32 len = frame_len(ctx);
	int h = mix(len, ctx->ingress_ifindex);

	return (h & 1) && len > 1500 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
