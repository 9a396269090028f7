package io.splitbpf.verifier.assertion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/// Extraction is pure: tested on instructions alone, without any domain.
class AssertionExtractorTest {
    private static final ProgramInfo XDP = new ProgramInfo(ProgramTypeDescriptor.XDP, 1);
    private static final ProgramInfo KPROBE = new ProgramInfo(ProgramTypeDescriptor.KPROBE, 1);

    private static List<String> of(String line, ProgramInfo info) {
        var insn = Assembler.of(Dialect.LLVM).assemble(line + "\n").insns().getFirst().insn();
        return AssertionExtractor.extract(insn, info).stream().map(Assertion::toString).toList();
    }

    @Test
    void memoryAccess() {
        assertEquals(List.of("r1.type in {ctx, packet, stack, shared, socket, alloc_mem}", "valid_access(r1.offset+4, width=4) for read"),
                of("r0 = *(u32 *)(r1 + 4)", XDP));
        assertEquals(List.of("r10.type in {ctx, packet, stack, shared, socket, alloc_mem}", "valid_access(r10.offset-8, width=8) for write",
                "r10.type != stack -> r1.type == number"), of("*(u64 *)(r10 - 8) = r1", XDP));
        assertEquals(List.of("r10.type in {ctx, packet, stack, shared, socket, alloc_mem}", "valid_access(r10.offset-8, width=8) for write"),
                of("*(u64 *)(r10 - 8) = r1", KPROBE), "privileged types may spill pointers anywhere");
        assertEquals(List.of("r2.type in {ctx, packet, stack, shared, socket, alloc_mem}", "valid_access(r2.offset-4, width=2) for write",
                "r1.type == number"), of("*(u16 *)(r2 - 4) = r1", XDP));
        assertEquals(List.of("r10.type in {ctx, packet, stack, shared, socket, alloc_mem}", "valid_access(r10.offset-4, width=2) for write"),
                of("*(u16 *)(r10 - 4) = r1", XDP), "part of any value may go to the private stack");
    }

    @Test
    void arithmetic() {
        assertEquals(List.of("r1.type == number", "r2 != 0"), of("r1 /= r2", XDP));
        assertEquals(List.of("r1.type == number", "w2 != 0"), of("w1 %= w2", XDP));
        assertEquals(List.of("r1.type in {number, ctx, packet, stack, shared, alloc_mem}", "r2.type in {number, ctx, packet, stack, shared, alloc_mem}",
                "r2.type in pointer -> r1.type == number", "r1.type in pointer -> r2.type == number"), of("r1 += r2", XDP));
        assertEquals(List.of(), of("r1 = r2", XDP));
        assertEquals(List.of("r2.type == number"), of("w1 = w2", XDP));
        assertEquals(List.of("r1.type == number"), of("r1 <<= 3", XDP));
    }

    @Test
    void branchesCallsAndExit() {
        assertEquals(List.of("r0.type in " + io.splitbpf.verifier.domain.ebpf.TypeSet.INITIALISED), of("if r0 == 0 goto +1", XDP),
                "null checks accept any initialised value, map references included");
        assertEquals(List.of("r0.type == number"), of("if r0 s> 0 goto +1", XDP));
        assertEquals(List.of("r0.type == number"), of("if r0 > 3 goto +1", XDP));
        assertEquals(List.of("r0.type == number"), of("exit", XDP));
        assertEquals(List.of("helper 1 is available", "r1.type == map_fd", "r2.type in {packet, stack, shared}",
                "within(r2:key_size(r1))"), of("call 1", XDP));
        assertEquals(List.of("helper 6 is available", "r1.type in {packet, stack, shared, alloc_mem}",
                "valid_access(r1.offset, width=r2) for read", "r2.type == number", "r2.value > 0"), of("call 6", XDP));
        ProgramInfo sockOps = new ProgramInfo(ProgramTypeDescriptor.SOCK_OPS, 1);
        assertEquals(List.of("helper 53 is available", "r1.type == ctx", "r1.ctx_offset == 0", "r2.type == map_fd",
                "r3.type in {packet, stack, shared}", "within(r3:key_size(r2))", "r4.type == number"),
                of("call 53", sockOps), "a key belongs to the map argument before it");
    }
}
