// SPDX-License-Identifier: GPL-2.0
/* global_data: global variables backed by libbpf's internal array maps.
 * Demonstrates: an initialised global in .data (global_data.data map), a
 * zero-initialised global in .bss (global_data.bss), a `const volatile`
 * configuration value in .rodata (global_data.rodata; libbpf freezes it, so a
 * verifier may treat it as a known constant) and a bpf_printk format string
 * also in .rodata. Accesses are ld_imm64 with src_reg = BPF_PSEUDO_MAP_VALUE
 * plus an offset. SEC("xdp") program xdp_global.
 * Expected verdict: pass.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 max_len = 1514;   /* .rodata */
__u64 seen_bytes = 100;                 /* .data   */
__u64 packets;                          /* .bss    */
__u64 too_long;                         /* .bss    */

SEC("xdp")
int xdp_global(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	packets++;
	seen_bytes += len;
	if (len > max_len) {
		too_long++;
		bpf_printk("long frame %u > %u", len, max_len);
		return XDP_DROP;
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
