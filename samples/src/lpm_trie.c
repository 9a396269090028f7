// SPDX-License-Identifier: GPL-2.0
/* lpm_trie: longest-prefix-match lookup of an IPv4 source address.
 * Demonstrates: BPF_MAP_TYPE_LPM_TRIE (which requires BPF_F_NO_PREALLOC),
 * key = { __u32 prefixlen; __u8 addr[4] } (the bpf_lpm_trie_key layout),
 * value = __u32 action; SEC("xdp") program xdp_lpm parses Ethernet + IPv4
 * with bounds checks, copies saddr into a stack key with prefixlen 32 and
 * drops the packet when the matching prefix's action is 1.
 * Expected verdict: pass.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct ipv4_lpm_key {
	__u32 prefixlen;
	__u32 addr;     /* network byte order */
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct ipv4_lpm_key);
	__type(value, __u32);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} blocked_prefixes SEC(".maps");

SEC("xdp")
int xdp_lpm(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct ipv4_lpm_key key;
	__u32 *action;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return XDP_PASS;

	key.prefixlen = 32;
	key.addr = iph->saddr;
	action = bpf_map_lookup_elem(&blocked_prefixes, &key);
	if (action && *action == 1)
		return XDP_DROP;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
