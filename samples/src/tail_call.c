// SPDX-License-Identifier: GPL-2.0
/* tail_call: BPF_MAP_TYPE_PROG_ARRAY with BTF-defined initial values.
 * Demonstrates: `__array(values, int (void *))` with `.values = { [0] =
 * &prog_a, [1] = &prog_b }` (relocations in .rel.maps that libbpf resolves to
 * program fds after loading), and bpf_tail_call from SEC("xdp") xdp_entry to
 * prog_a, which tail-calls prog_b. If a tail call fails (empty slot), the
 * caller falls through and returns its own verdict.
 * Expected verdict: pass (all three programs).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int prog_a(struct xdp_md *ctx);
int prog_b(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, int (void *));
} jmp_table SEC(".maps") = {
	.values = {
		[0] = (void *)&prog_a,
		[1] = (void *)&prog_b,
	},
};

SEC("xdp")
int prog_b(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int prog_a(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp_table, 1);
	return XDP_ABORTED;
}

SEC("xdp")
int xdp_entry(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp_table, 0);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
