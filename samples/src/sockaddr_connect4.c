// SPDX-License-Identifier: GPL-2.0
/* sockaddr_connect4: cgroup socket-address policy.
 * Demonstrates: SEC("cgroup/connect4") (program type CGROUP_SOCK_ADDR,
 * attach type BPF_CGROUP_INET4_CONNECT), reading struct bpf_sock_addr fields
 * user_port (network byte order, full 32-bit load) and user_ip4, a HASH map
 * of denied ports (host byte order __u16 -> __u8) and an ARRAY counter of
 * denials. Return 1 = allow, 0 = deny (connect() fails with EPERM). Port 23
 * (telnet) is always denied, plus whatever user space puts in denied_ports.
 * Expected verdict: pass.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u8);
	__uint(max_entries, 64);
} denied_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} denials SEC(".maps");

SEC("cgroup/connect4")
int connect4_policy(struct bpf_sock_addr *ctx)
{
	__u16 port = bpf_ntohs((__u16)ctx->user_port);
	__u32 zero = 0;
	__u64 *n;

	/* never block loopback */
	if (ctx->user_ip4 == bpf_htonl(0x7f000001))
		return 1;

	if (port == 23 || bpf_map_lookup_elem(&denied_ports, &port)) {
		n = bpf_map_lookup_elem(&denials, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
		return 0;
	}
	return 1;
}

char _license[] SEC("license") = "GPL";
