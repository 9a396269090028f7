// SPDX-License-Identifier: GPL-2.0
/* pid_counter: seed sample, per-PID event counter (bcc/tracex2 style).
 * Demonstrates: a BPF_MAP_TYPE_HASH (__u32 pid -> __u64 count) shared by two
 * programs in one object: SEC("tracepoint/skb/kfree_skb") and
 * SEC("kprobe/kfree_skb"). Key = bpf_get_current_pid_tgid() >> 32; lookup,
 * then atomic add (__sync_fetch_and_add -> BPF_ATOMIC add) when found, else
 * bpf_map_update_elem(..., BPF_NOEXIST).
 * Note: on current kernels kfree_skb is an inline wrapper, so the kprobe only
 * attaches on old kernels; the tracepoint is the attachable one. Loading works
 * either way.
 * Expected verdict: pass (both programs).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1024);
} counts SEC(".maps");

static __always_inline int count_current_pid(void)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 *v = bpf_map_lookup_elem(&counts, &pid);

	if (v) {
		__sync_fetch_and_add(v, 1);
	} else {
		__u64 one = 1;

		bpf_map_update_elem(&counts, &pid, &one, BPF_NOEXIST);
	}
	return 0;
}

SEC("tracepoint/skb/kfree_skb")
int count_drop_tp(void *ctx)
{
	return count_current_pid();
}

SEC("kprobe/kfree_skb")
int count_drop_kprobe(void *ctx)
{
	return count_current_pid();
}

char _license[] SEC("license") = "GPL";
