package io.splitbpf.exec.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.core.platform.LinuxContexts;
import io.splitbpf.exec.runtime.LoadException;
import org.junit.jupiter.api.Test;

class ContextRewriterTest {
    private static InsnSeq rewrite(String text) {
        return XdpContext.rewriter().rewrite(Assembler.of(Dialect.LLVM).assemble(text));
    }

    private static Load loadAt(InsnSeq s, int pc) {
        return (Load) s.at(pc).insn();
    }

    @Test
    void packetPointersBecome64BitLoadsOfTheHostLayout() {
        InsnSeq s = rewrite("""
                r2 = *(u32 *)(r1 + 4)
                r6 = r1
                r1 = *(u32 *)(r1 + 0)
                r3 = *(u32 *)(r6 + 8)
                r4 = *(u32 *)(r6 + 16)
                r0 = *(u32 *)(r1 + 0)
                exit
                """);
        assertEquals(new Load(MemSize.DW, false, io.splitbpf.core.isa.Reg.R2, io.splitbpf.core.isa.Reg.R1,
                (short) XdpContext.DATA_END), loadAt(s, 0));
        assertEquals(XdpContext.DATA, loadAt(s, 2).offset());
        assertEquals(MemSize.DW, loadAt(s, 3).size());
        assertEquals(XdpContext.DATA_META, loadAt(s, 3).offset());
        assertEquals(new Load(MemSize.W, false, io.splitbpf.core.isa.Reg.R4, io.splitbpf.core.isa.Reg.R6,
                (short) XdpContext.RX_QUEUE_INDEX), loadAt(s, 4));
        // r1 holds data after pc 2: a packet load, not rewritten.
        assertEquals(new Load(MemSize.W, false, io.splitbpf.core.isa.Reg.R0, io.splitbpf.core.isa.Reg.R1, (short) 0),
                loadAt(s, 5));
    }

    @Test
    void subprogramsSeeTheContextTheirCallersPass() {
        InsnSeq s = rewrite("""
                call pc+1
                exit
                r0 = *(u32 *)(r1 + 4)
                exit
                """);
        assertEquals(XdpContext.DATA_END, loadAt(s, 2).offset());
        assertEquals(MemSize.DW, loadAt(s, 2).size());
    }

    @Test
    void usesTheRewriterCannotFollowAreRefused() {
        assertMessage("invalid access to xdp_md at offset 22 of 4 bytes", """
                r0 = *(u32 *)(r1 + 22)
                exit
                """);
        assertMessage("invalid access to xdp_md at offset 24 of 8 bytes", """
                r0 = *(u64 *)(r1 + 24)
                exit
                """);
        assertMessage("may hold a modified or path-dependent xdp_md pointer", """
                r1 += 4
                r0 = *(u32 *)(r1 + 0)
                exit
                """);
        assertMessage("may hold a modified or path-dependent xdp_md pointer", """
                if r2 == 0 goto +1
                r1 = r10
                r0 = *(u32 *)(r1 - 8)
                exit
                """);
        assertMessage("store into the xdp_md context, which is read-only", """
                *(u32 *)(r1 + 0) = 1
                r0 = 0
                exit
                """);
        assertMessage("is stored to memory", """
                *(u64 *)(r10 - 8) = r1
                r0 = 0
                exit
                """);
        InsnSeq part = rewrite("*(u32 *)(r10 - 8) = r1\nr0 = 0\nexit\n");
        assertEquals(Assembler.of(Dialect.LLVM).assemble("*(u32 *)(r10 - 8) = r1\nr0 = 0\nexit\n").at(0).insn(),
                part.at(0).insn(), "part of the pointer stays a plain store");
    }

    private static void assertMessage(String fragment, String text) {
        assertMessage(XdpContext.rewriter(), fragment, text);
    }

    private static void assertMessage(ContextRewriter rewriter, String fragment, String text) {
        LoadException e = assertThrows(LoadException.class, () -> rewriter.rewrite(Assembler.of(Dialect.LLVM)
                .assemble(text)));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static InsnSeq rewrite(ContextLayout layout, String text) {
        return layout.rewriter().rewrite(Assembler.of(Dialect.LLVM).assemble(text));
    }

    @Test
    void skBuffKeepsLinuxOffsetsButItsPacketPointers() {
        ContextLayout tc = ContextLayout.of(LinuxContexts.SK_BUFF_TC);
        assertEquals(216, tc.size());
        InsnSeq s = rewrite(tc, """
                r2 = *(u32 *)(r1 + 76)
                r3 = *(u32 *)(r1 + 80)
                r4 = *(u32 *)(r1 + 140)
                r5 = *(u32 *)(r1 + 8)
                r0 = *(u16 *)(r1 + 16)
                *(u32 *)(r1 + 8) = r5
                *(u32 *)(r1 + 52) = 1
                *(u64 *)(r1 + 152) = r0
                exit
                """);
        assertEquals(new Load(MemSize.DW, false, io.splitbpf.core.isa.Reg.R2, io.splitbpf.core.isa.Reg.R1, (short) 192),
                loadAt(s, 0));
        assertEquals(200, loadAt(s, 1).offset());
        assertEquals(208, loadAt(s, 2).offset(), "tc reads data_meta");
        assertEquals(new Load(MemSize.W, false, io.splitbpf.core.isa.Reg.R5, io.splitbpf.core.isa.Reg.R1, (short) 8),
                loadAt(s, 3), "mark stays where Linux has it");
        assertEquals(16, loadAt(s, 4).offset(), "a narrow read of protocol too");

        ContextLayout filter = ContextLayout.of(LinuxContexts.SK_BUFF_SOCKET_FILTER);
        assertEquals(208, filter.size(), "no data_meta for socket filters");
        assertEquals(140, ((Load) rewrite(filter, "r0 = *(u32 *)(r1 + 140)\nexit\n").at(0).insn()).offset());
        rewrite(filter, "*(u32 *)(r1 + 48) = 1\nr0 = 0\nexit\n");
        assertMessage(filter.rewriter(), "store into the __sk_buff context at offset 8 of 4 bytes, which programs may not"
                + " write", "*(u32 *)(r1 + 8) = 1\nr0 = 0\nexit\n");
        assertMessage(tc.rewriter(), "invalid access to __sk_buff at offset 168 of 8 bytes",
                "r0 = *(u64 *)(r1 + 168)\nexit\n");
        assertMessage(tc.rewriter(), "invalid access to __sk_buff at offset 192 of 4 bytes",
                "r0 = *(u32 *)(r1 + 192)\nexit\n");
        assertMessage(tc.rewriter(), "atomic operation on or with the __sk_buff pointer",
                "r2 = 1\nlock *(u32 *)(r1 + 8) += r2\nr0 = 0\nexit\n");
    }

    /// A read of part of a packet pointer field, or straddling one, is accepted by the verifier
    /// with a value of no type (PREVAIL #1204); the host makes it `dst = 0`: no memory read, no
    /// address bits.
    @Test
    void partsOfPacketPointersReadAsZero() {
        Alu zeroR2 = new Alu(AluOp.MOV, Width.W64, Reg.R2, new Imm(0));
        InsnSeq xdp = rewrite("""
                r2 = *(u16 *)(r1 + 4)
                r2 = *(u64 *)(r1 + 4)
                r2 = *(u64 *)(r1 + 8)
                r2 = *(u8 *)(r1 + 11)
                r0 = *(u32 *)(r1 + 12)
                exit
                """);
        for (int pc = 0; pc < 4; pc++) {
            assertEquals(zeroR2, xdp.at(pc).insn(), "pc " + pc);
        }
        assertEquals(XdpContext.INGRESS_IFINDEX, loadAt(xdp, 4).offset(), "whole fields are still read");
        ContextLayout tc = ContextLayout.of(LinuxContexts.SK_BUFF_TC);
        assertEquals(zeroR2, rewrite(tc, "r2 = *(u16 *)(r1 + 78)\nr0 = 0\nexit\n").at(0).insn());
        assertEquals(zeroR2, rewrite(tc, "r2 = *(u64 *)(r1 + 72)\nr0 = 0\nexit\n").at(0).insn());
    }
}
