// SPDX-License-Identifier: GPL-2.0
/* ringbuf_events: BPF_MAP_TYPE_RINGBUF (libbpf-bootstrap "bootstrap" style).
 * Demonstrates: a 256 KiB ring buffer; program exec_reserve uses
 * bpf_ringbuf_reserve + a NULL check + bpf_ringbuf_submit (and
 * bpf_ringbuf_discard on one path), so the verifier must track the reserved
 * reference and see it released on every path; program exec_output copies a
 * stack record with bpf_ringbuf_output. Both on
 * SEC("tracepoint/syscalls/sys_enter_execve").
 * Expected verdict: pass (both programs).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 pid;
	__u32 kind;
	__u64 ts_ns;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_reserve(void *ctx)
{
	struct event *e;
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e)
		return 0;

	e->pid = pid;
	e->kind = 1;
	e->ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));

	if (pid == 0) {
		/* idle task: nothing to report */
		bpf_ringbuf_discard(e, 0);
		return 0;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_output(void *ctx)
{
	struct event e = {};

	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.kind = 2;
	e.ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_ringbuf_output(&rb, &e, sizeof(e), 0);
	return 0;
}

char _license[] SEC("license") = "GPL";
