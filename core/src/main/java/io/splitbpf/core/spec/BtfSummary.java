package io.splitbpf.core.spec;

/// What an object's BTF held, for display: the number of types (void excluded), the size of the
/// string table, and whether `.BTF.ext` carried function and line info.
public record BtfSummary(int typeCount, int stringBytes, boolean hasFuncInfo, boolean hasLineInfo) {}
