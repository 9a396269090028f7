/// Pure, immutable blueprints of what an eBPF object defines (cilium's spec/live split):
/// [io.splitbpf.core.spec.CollectionSpec] holds [io.splitbpf.core.spec.ProgramSpec]s and
/// [io.splitbpf.core.spec.MapSpec]s. No handles, no host state; equal inputs give equal specs.
///
/// ```
/// CollectionSpec = (name, ProgramSpec*, MapSpec*, license, kernelVersion?, BtfSummary?)
/// ProgramSpec    = (name, section, ProgramType, AttachType?, attachTarget, InsnSeq, license,
///                   mapIndex*, FunctionInfo(name, pc)*)
/// MapSpec        = (name, MapType, keySize, valueSize, maxEntries, flags, pinning, numaNode,
///                   mapExtra, inner MapSpec?, initialData, MapSlot(slot, target)*, frozen,
///                   keyType?, valueType?, MapOrigin)
/// ```
package io.splitbpf.core.spec;
