/// Tenant memory: one off-heap segment per tenant, and the regions carved out of it.
///
/// Every pointer a program holds is an address `BASE + offset` into its tenant's segment.
/// Stacks, contexts, packet buffers and (later) map storage are [Region]s of that segment, so
/// one bounds check against the segment keeps a program inside its tenant's memory whatever
/// the verifier said, and the checked interpreter can additionally hold it to its regions.
package io.splitbpf.exec.memory;
