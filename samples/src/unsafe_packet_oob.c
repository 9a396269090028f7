// SPDX-License-Identifier: GPL-2.0
/* unsafe_packet_oob: UNSAFE. Packet read past data_end.
 * The XDP program xdp_packet_oob checks only that the 14-byte Ethernet header
 * fits before data_end, then reads the IPv4 protocol byte at packet offset 23
 * (14 + 9) without checking that the IP header is inside the packet.
 * The verifier must reject the 1-byte load at offset 23: Linux says
 * "invalid access to packet, off=23 size=1, R1(id=0,off=23,r=14)" (6.18;
 * wording varies by version); the proven range is only [0, 14).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} proto_seen SEC(".maps");

SEC("xdp")
int xdp_packet_oob(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);
	__u32 proto;
	__u64 *value;

	if (data + sizeof(*eth) > data_end)
		return XDP_PASS;
	/* BUG: no check that iph + 1 <= data_end */
	proto = iph->protocol;
	value = bpf_map_lookup_elem(&proto_seen, &proto);
	if (value)
		*value += 1;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
