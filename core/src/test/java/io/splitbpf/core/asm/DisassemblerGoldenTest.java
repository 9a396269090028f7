package io.splitbpf.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.SourceLoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// Disassembly compared with `src/test/resources/golden/disasm/*.txt` (newlines normalised);
/// `-Dgolden.update=true` rewrites the files. Every listing also assembles back.
class DisassemblerGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/disasm");

    static final String XDP_STATS = """
            r1 = 0
            *(u32 *)(r10 - 4) = r1
            r2 = r10
            r2 += -4
            r1 = map[xdp_stats_map]
            call bpf_map_lookup_elem
            if r0 == 0 goto +3
            r1 = 1
            lock *(u64 *)(r0 + 0) += r1
            r2 = map[.rodata][0]+16
            r0 = 2
            exit
            """;

    @TestFactory
    Stream<DynamicTest> listings() {
        MapNames maps = MapNames.of(List.of("xdp_stats_map", ".rodata"));
        InsnSeq xdp = withLines(Assembler.of(Dialect.LLVM).withMaps(maps).assemble(XDP_STATS));
        InsnSeq families = InsnSeq.ofInsns(AssemblerTableTest.ROWS.stream()
                .map(r -> AssemblerTableTest.single(Assembler.of(Dialect.DATA).assemble(r.data()))).toList());
        return Stream.of(
                golden("xdp-stats-xlated", Disassembler.xlated(), xdp),
                golden("xdp-stats-xlated-file-line",
                        Disassembler.xlated().withSourceLines(Disassembler.SourceLines.TEXT_AND_FILE_LINE), xdp),
                golden("xdp-stats-plain-map-names", Disassembler.plain().withMaps(maps), xdp),
                golden("families-xlated", Disassembler.xlated(), families),
                golden("families-plain", Disassembler.plain(), families));
    }

    private static DynamicTest golden(String name, Disassembler d, InsnSeq seq) {
        return DynamicTest.dynamicTest(name, () -> {
            String actual = d.render(seq);
            io.splitbpf.testsupport.Golden.assertMatches(GOLDEN.resolve(name + ".txt"), actual);
            List<Insn> back = Assembler.detecting().withMaps(d.maps()).assemble(actual).insns().stream()
                    .map(LabeledInsn::insn).toList();
            assertEquals(seq.insns().stream().map(LabeledInsn::insn).toList(), back, "assembles back");
        });
    }

    /// Attaches made-up BTF line info: a new source line every two instructions.
    private static InsnSeq withLines(InsnSeq seq) {
        String[] text = {"int key = 0;", "__u64 *count = bpf_map_lookup_elem(&xdp_stats_map, &key);",
            "if (!count)", "__sync_fetch_and_add(count, 1);", "return XDP_PASS;", "}"};
        List<LabeledInsn> out = new ArrayList<>();
        int i = 0;
        for (LabeledInsn li : seq.insns()) {
            int line = Math.min(i / 2, text.length - 1);
            out.add(new LabeledInsn(li.pc(), li.insn(),
                    Optional.of(new SourceLoc("/src/xdp_stats.bpf.c", 20 + line, 5, text[line]))));
            i++;
        }
        return InsnSeq.of(out);
    }
}
