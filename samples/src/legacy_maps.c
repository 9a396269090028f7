// SPDX-License-Identifier: GPL-2.0
/* legacy_maps: a pre-BTF map definition in SEC("maps").
 * Demonstrates: the legacy `struct bpf_map_def` (five __u32 fields, 20 bytes
 * per map, defined here by hand because libbpf 1.x headers no longer provide
 * it) in section "maps", used by a SEC("socket") SOCKET_FILTER program that
 * counts bytes per IP protocol like the kernel's samples/bpf sockex1: the
 * protocol byte is read with the legacy packet-access instruction LD_ABS
 * (llvm.bpf.load.byte, declared as in samples/bpf/bpf_legacy.h, compiles to
 * BPF_LD|BPF_ABS|BPF_B), skb->len comes from struct __sk_buff, and the count
 * is an atomic add.
 * Expected verdict: reject_load by default (libbpf >= 1.0: "legacy map
 * definitions in 'maps' section are not supported by libbpf v1.0+"); pass in
 * an opt-in legacy-maps compatibility mode. The program itself is safe.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") proto_bytes = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 256,
};

/* samples/bpf/bpf_legacy.h */
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");

SEC("socket")
int count_bytes(struct __sk_buff *skb)
{
	/* ETH_HLEN + offsetof(struct iphdr, protocol) */
	__u32 proto = load_byte(skb, 14 + 9);
	__u64 *value = bpf_map_lookup_elem(&proto_bytes, &proto);

	if (value)
		__sync_fetch_and_add(value, skb->len);
	return 0;
}

char _license[] SEC("license") = "GPL";
