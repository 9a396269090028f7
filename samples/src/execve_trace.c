// SPDX-License-Identifier: GPL-2.0
/* execve_trace: seed sample, tracepoint on execve.
 * Demonstrates: SEC("tracepoint/syscalls/sys_enter_execve") (program type
 * TRACEPOINT) reading the raw tracepoint record (filename is a user pointer at
 * offset 16), bpf_get_current_pid_tgid, bpf_get_current_comm into a 16-byte
 * stack buffer, bpf_probe_read_user_str for the file name, and bpf_printk
 * (bpf_trace_printk with a format string in .rodata).
 * Expected verdict: pass.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* /sys/kernel/tracing/events/syscalls/sys_enter_execve/format */
struct sys_enter_execve_args {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
	__s32 __syscall_nr;
	__u32 __pad;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

SEC("tracepoint/syscalls/sys_enter_execve")
int trace_execve(struct sys_enter_execve_args *ctx)
{
	char comm[16];
	char filename[64];
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_get_current_comm(comm, sizeof(comm));
	bpf_probe_read_user_str(filename, sizeof(filename), ctx->filename);
	bpf_printk("execve pid=%d comm=%s file=%s", pid, comm, filename);
	return 0;
}

char _license[] SEC("license") = "GPL";
