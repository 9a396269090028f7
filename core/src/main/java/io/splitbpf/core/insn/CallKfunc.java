package io.splitbpf.core.insn;

/// A call of a kernel function by BTF id (`module` selects the BTF object; 0 is vmlinux).
public record CallKfunc(int btfId, short module) implements Insn {}
