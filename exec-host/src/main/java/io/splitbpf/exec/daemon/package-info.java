/// `ebpf-hostd`, the execution host daemon: the host service over mutual TLS.
///
/// ```
/// HostDaemon     main: credential, anchors, restore, RpcServer, endpoint and pid files, SIGTERM
/// HostHandler    one connection, every operation scoped to the caller's tenant
/// ProgramStore   programs and maps of every tenant: load (admission + ProgramLoader), unload,
///                audit log (AuditLog), durable state (ProgramArchive)
/// ProgramLoader  maps from the signed definitions, binding, context rewriting, engine, slots;
///                releases everything when a step fails
/// LoadedProgram  code, maps, execution slots (SlotPool of ProgramHook.HookSlot), statistics
/// TestRunner     BPF_PROG_TEST_RUN: XdpSlot (frames, xdp_md) | RecordSlot (tracepoint, kprobe)
/// MapOperations  bpf(2) map commands with Linux's errnos as service errors
/// TraceFile      a tenant's bpf_trace_printk lines (host/trace/TENANT.log)
/// ```
///
/// Each tenant has one [io.splitbpf.exec.memory.TenantMemory]; all its programs' and maps'
/// regions live there, and an unloaded program's regions are released to it.
package io.splitbpf.exec.daemon;
