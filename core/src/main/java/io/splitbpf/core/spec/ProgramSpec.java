package io.splitbpf.core.spec;

import io.splitbpf.core.insn.InsnSeq;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// The blueprint of one program, as an object defines it: self-contained instructions (the
/// subprograms it calls are appended after it and the calls patched, as libbpf does), map
/// references as indices into the collection's map list.
///
/// `attachTarget` is the part of the section name after the type's slash (`sys_execve` for
/// `kprobe/sys_execve`, `syscalls/sys_enter_execve` for `tp/syscalls/sys_enter_execve`), empty
/// when the section name carries none. `mapIndices` are the maps the instructions reference,
/// ascending. `functions` lists the program's own entry (pc 0) and each appended subprogram.
public record ProgramSpec(
        String name,
        String sectionName,
        ProgramType type,
        Optional<AttachType> attachType,
        String attachTarget,
        InsnSeq insns,
        String license,
        List<Integer> mapIndices,
        List<FunctionInfo> functions) {

    public ProgramSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sectionName, "sectionName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attachType, "attachType");
        Objects.requireNonNull(attachTarget, "attachTarget");
        Objects.requireNonNull(insns, "insns");
        Objects.requireNonNull(license, "license");
        mapIndices = List.copyOf(mapIndices);
        functions = List.copyOf(functions);
    }
}
