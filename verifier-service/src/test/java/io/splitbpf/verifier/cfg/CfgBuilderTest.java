package io.splitbpf.verifier.cfg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.report.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class CfgBuilderTest {
    static InsnSeq asm(String text) {
        return Assembler.of(Dialect.LLVM).assemble(text);
    }

    private static List<String> findings(ProgramCfg p) {
        return p.findings().stream().map(Finding::toString).toList();
    }

    @Test
    void diamondHasFourBlocks() {
        ProgramCfg p = CfgBuilder.build(asm("""
                r0 = 0
                if r1 == 0 goto <out>
                r0 = 1
                <out>:
                exit
                """), false);
        assertEquals(List.of(), p.findings());
        Cfg cfg = p.main();
        assertEquals(3, cfg.blocks().size());
        assertEquals(List.of(0, 1), cfg.block(0).pcs());
        assertEquals(List.of(new Edge(0, 2, Edge.Kind.TAKEN), new Edge(0, 1, Edge.Kind.NOT_TAKEN),
                new Edge(1, 2, Edge.Kind.FALLTHROUGH), new Edge(2, Cfg.EXIT, Edge.Kind.RETURN)), cfg.edges());
    }

    @Test
    void structuralFaultsAreFindings() {
        ProgramCfg p = CfgBuilder.build(InsnSeq.ofInsns(List.of(Jump.ja(5), new Exit())), false);
        assertEquals(List.of("0: Jump out of bounds (to 6)", "1: Code is unreachable"), findings(p));
        assertTrue(p.hasErrors());
        ProgramCfg lddw = CfgBuilder.build(InsnSeq.ofInsns(List.of(Jump.ja(1), LoadImm64.of(Reg.R0, 1), new Exit())), false);
        assertEquals("0: Jump to the middle of lddw (to 2)", findings(lddw).getFirst());
        ProgramCfg off = CfgBuilder.build(asm("r0 = 0\n"), false);
        assertEquals(List.of("0: Fall-through off the end of the program"), findings(off));
        assertFalse(CfgBuilder.build(asm("r0 = 0\n"), true).hasErrors());
    }

    @Test
    void unreachableCodeIsReportedNotRejected() {
        ProgramCfg p = CfgBuilder.build(asm("""
                r0 = 0
                exit
                r0 = 1
                exit
                """), false);
        assertEquals(List.of("2: Code is unreachable", "3: Code is unreachable"), findings(p));
        assertFalse(p.hasErrors());
    }

    @Test
    void calleesGetTheirOwnCfgAndRecursionIsRejected() {
        ProgramCfg p = CfgBuilder.build(InsnSeq.ofInsns(List.of(new CallLocal(1), new Exit(), new Exit())), false);
        assertEquals(List.of(2), List.copyOf(p.functions().keySet()));
        assertEquals(List.of(), p.findings());
        ProgramCfg rec = CfgBuilder.build(InsnSeq.ofInsns(List.of(new CallLocal(1), new Exit(), new CallLocal(-1), new Exit())), false);
        assertTrue(findings(rec).stream().anyMatch(f -> f.contains("Illegal recursion")), findings(rec).toString());
    }

    @Test
    void loopsAreComponentsOfTheWto() {
        ProgramCfg p = CfgBuilder.build(asm("""
                r0 = 0
                <loop>:
                r0 += 1
                if r0 < 10 goto <loop>
                <inner>:
                r1 = 0
                if r1 == 0 goto <inner>
                exit
                """), false);
        Wto wto = Wto.of(p.main());
        assertEquals("0 (1) (2) 3", wto.toString());
        assertEquals(List.of(1, 2), List.copyOf(wto.heads()));
    }

    @Test
    void nestedLoopsNest() {
        ProgramCfg p = CfgBuilder.build(asm("""
                r1 = 0
                <outer>:
                r2 = 0
                <inner>:
                r2 += 1
                if r2 < 3 goto <inner>
                r1 += 1
                if r1 < 3 goto <outer>
                exit
                """), false);
        assertEquals("0 (1 (2) 3) 4", Wto.of(p.main()).toString());
    }
}
