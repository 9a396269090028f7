// SPDX-License-Identifier: GPL-2.0
/* unsafe_rodata_write: UNSAFE. A store into read-only global data.
 * libbpf puts `const volatile` globals in .rodata, a one-element array map
 * created with BPF_F_RDONLY_PROG and frozen: programs may read it, never write
 * it. Casting the const away compiles to a plain store through the
 * ld_imm64 map-value pointer (src_reg = BPF_PSEUDO_MAP_VALUE).
 *  - rodata_write stores ctx->ingress_ifindex into allowed_ifindex.
 *    Linux: "write into map forbidden, value_size=4 off=0 size=4".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 allowed_ifindex = 1;   /* .rodata */

SEC("xdp")
int rodata_write(struct xdp_md *ctx)
{
	/* BUG: .rodata is read-only to programs */
	*(volatile __u32 *)&allowed_ifindex = ctx->ingress_ifindex;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
