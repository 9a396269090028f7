/// The helper shim: Linux's helpers under their numeric ids ([io.splitbpf.exec.helpers.LinuxHelpers]),
/// each re-checking its arguments against the calling run's memory and regions, and the
/// per-tenant trace log `bpf_trace_printk` writes to.
package io.splitbpf.exec.helpers;
