/// `ebpf-hostd`, the execution host daemon: the host service over mutual TLS.
///
/// ```
/// HostDaemon     main: credential, anchors, restore, RpcServer, endpoint and pid files, SIGTERM
/// HostHandler    one connection, every operation scoped to the caller's tenant
/// ProgramStore   programs and maps of every tenant: load (admission + ProgramLoader), unload,
///                audit log (AuditLog), durable state (ProgramArchive)
/// ProgramGroup   the programs of one object loaded together: maps shared by name, prog_array
///                slots naming programs of the group
/// ProgramLoader  maps resolved in the group or created (LoadMaps), binding, context rewriting,
///                engine, slots; releases everything when a step fails
/// LoadedProgram  code, maps, execution slots (SlotPool of ProgramHook.HookSlot), statistics
/// LoadedMap      a live map; MapLifetimes says when maps die and gives their memory back
/// Lifecycle      uses of a program, a map or a tenant's runs, and waiting for them to end
/// TestRunner     BPF_PROG_TEST_RUN: XdpSlot (frames, xdp_md) | SkbSlot (frames, __sk_buff: socket
///                filters, tc) | RecordSlot (tracepoint, kprobe records, bpf_sock_addr)
/// MapOperations  bpf(2) map commands with Linux's errnos as service errors
/// TraceFile      a tenant's bpf_trace_printk lines (host/trace/TENANT.log)
/// ```
///
/// Each tenant has one [io.splitbpf.exec.memory.TenantMemory] and one map registry
/// ([TenantSpace]); all its programs' and maps' regions live there, and an unloaded program's
/// regions, and those of maps nothing keeps alive any more, are released to it once no run of
/// the tenant is under way.
package io.splitbpf.exec.daemon;
