package io.splitbpf.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.isa.RawInsn;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// One row per instruction family (cilium `asm/dsl_test.go` style): the `.data` spelling, the
/// printed LLVM/kernel spelling, and the exact bytes. Both spellings assemble to the same
/// instruction, it prints as the second, encodes to the bytes, and decodes back.
class AssemblerTableTest {
    record Row(String data, String llvm, String hex) {}

    static final List<Row> ROWS = List.of(
            new Row("add32 %r1, 2", "w1 += 2", "04 01 00 00 02 00 00 00"),
            new Row("add %r1, %r2", "r1 += r2", "0f 21 00 00 00 00 00 00"),
            new Row("sub64 %r3, -7", "r3 -= -7", "17 03 00 00 f9 ff ff ff"),
            new Row("neg %r1", "r1 = -r1", "87 01 00 00 00 00 00 00"),
            new Row("neg32 %r1", "w1 = -w1", "84 01 00 00 00 00 00 00"),
            new Row("sdiv32 %r1, %r2", "w1 s/= w2", "3c 21 01 00 00 00 00 00"),
            new Row("smod %r1, 3", "r1 s%= 3", "97 01 01 00 03 00 00 00"),
            new Row("arsh32 %r1, 0xffffffff", "w1 s>>= -1", "c4 01 00 00 ff ff ff ff"),
            new Row("movsx832 %r1, %r2", "w1 = (s8)w2", "bc 21 08 00 00 00 00 00"),
            new Row("movsx1664 %r1, %r2", "r1 = (s16)r2", "bf 21 10 00 00 00 00 00"),
            new Row("movsx3264 %r1, %r2", "r1 = (s32)r2", "bf 21 20 00 00 00 00 00"),
            new Row("mov %r0, -1", "r0 = -1", "b7 00 00 00 ff ff ff ff"),
            new Row("mov32 %r0, %r10", "w0 = w10", "bc a0 00 00 00 00 00 00"),
            new Row("le16 %r1", "r1 = le16 r1", "d4 01 00 00 10 00 00 00"),
            new Row("be32 %r1", "r1 = be32 r1", "dc 01 00 00 20 00 00 00"),
            new Row("bswap64 %r1", "r1 = bswap64 r1", "d7 01 00 00 40 00 00 00"),
            new Row("lddw %r1, 0x1234567890", "r1 = 0x1234567890 ll",
                    "18 01 00 00 90 78 56 34 00 00 00 00 12 00 00 00"),
            new Row("ldxw %r0, [%r1+4]", "r0 = *(u32 *)(r1 +4)", "61 10 04 00 00 00 00 00"),
            new Row("ldxdw %r0, [%r1]", "r0 = *(u64 *)(r1 +0)", "79 10 00 00 00 00 00 00"),
            new Row("ldxsb %r0, [%r1-4]", "r0 = *(s8 *)(r1 -4)", "91 10 fc ff 00 00 00 00"),
            new Row("stxdw [%r10-8], %r1", "*(u64 *)(r10 -8) = r1", "7b 1a f8 ff 00 00 00 00"),
            new Row("stw [%r10-8], 7", "*(u32 *)(r10 -8) = 7", "62 0a f8 ff 07 00 00 00"),
            new Row("lock add [%r10-8], %r1", "lock *(u64 *)(r10 -8) += r1", "db 1a f8 ff 00 00 00 00"),
            new Row("lock xor32 [%r10-4], %r1", "lock *(u32 *)(r10 -4) ^= r1", "c3 1a fc ff a0 00 00 00"),
            new Row("lock fetch add32 [%r10-8], %r1", "r1 = atomic_fetch_add((u32 *)(r10 -8), r1)",
                    "c3 1a f8 ff 01 00 00 00"),
            new Row("lock fetch or [%r10-8], %r3", "r3 = atomic64_fetch_or((u64 *)(r10 -8), r3)",
                    "db 3a f8 ff 41 00 00 00"),
            new Row("lock xchg [%r10-8], %r1", "r1 = atomic64_xchg((u64 *)(r10 -8), r1)", "db 1a f8 ff e1 00 00 00"),
            new Row("lock cmpxchg32 [%r10-8], %r1", "r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r1)",
                    "c3 1a f8 ff f1 00 00 00"),
            new Row("ldabsb 12", "r0 = *(u8 *)skb[12]", "30 00 00 00 0c 00 00 00"),
            new Row("ldindh %r1, 12", "r0 = *(u16 *)skb[r1 + 12]", "48 10 00 00 0c 00 00 00"),
            new Row("jgt %r1, 2, +3", "if r1 > 0x2 goto pc+3", "25 01 03 00 02 00 00 00"),
            new Row("jeq32 %r1, -1, +0", "if w1 == 0xffffffff goto pc+0", "16 01 00 00 ff ff ff ff"),
            new Row("jslt32 %r1, %r2, -1", "if w1 s< w2 goto pc-1", "ce 21 ff ff 00 00 00 00"),
            new Row("jset %r1, 0x80, +2", "if r1 & 0x80 goto pc+2", "45 01 02 00 80 00 00 00"),
            new Row("ja +5", "goto pc+5", "05 00 05 00 00 00 00 00"),
            new Row("ja -32768", "goto pc-32768", "05 00 00 80 00 00 00 00"),
            new Row("ja32 +70000", "gotol pc+70000", "06 00 00 00 70 11 01 00"),
            new Row("call 1", "call bpf_map_lookup_elem#1", "85 00 00 00 01 00 00 00"),
            new Row("call 999", "call unknown#999", "85 00 00 00 e7 03 00 00"),
            new Row("call local +3", "call pc+3", "85 10 00 00 03 00 00 00"),
            new Row("call runtime 7", "call kernel-function#7", "85 20 00 00 07 00 00 00"),
            new Row("call %r2", "callx r2", "8d 02 00 00 00 00 00 00"),
            new Row("exit", "exit", "95 00 00 00 00 00 00 00"));

    /// Other LLVM/kernel/PREVAIL spellings and the canonical text they print as.
    static final List<String[]> SPELLINGS = List.of(
            new String[] {"r0 = *(u32 *)(r1 + 4)", "r0 = *(u32 *)(r1 +4)"},
            new String[] {"r0 = *(s8 *)(r1 - 4)", "r0 = *(s8 *)(r1 -4)"},
            new String[] {"*(u32 *)(r10 - 8) = 7", "*(u32 *)(r10 -8) = 7"},
            new String[] {"lock *(u64 *)(r10 - 8) += r1", "lock *(u64 *)(r10 -8) += r1"},
            new String[] {"lock *(u32 *)(r2 + 4) += r1 fetch", "r1 = atomic_fetch_add((u32 *)(r2 +4), r1)"},
            new String[] {"lock *(u64 *)(r1 + 0) x= r5", "r5 = atomic64_xchg((u64 *)(r1 +0), r5)"},
            new String[] {"lock *(u32 *)(r2 + 4) cx= r1", "r0 = atomic_cmpxchg((u32 *)(r2 +4), r0, r1)"},
            new String[] {"r0 = atomic_fetch_add((u64 *)(r10 - 8), r0)", "r0 = atomic64_fetch_add((u64 *)(r10 -8), r0)"},
            new String[] {"w0 = atomic_fetch_and((u32 *)(r10 - 8), w0)", "r0 = atomic_fetch_and((u32 *)(r10 -8), r0)"},
            new String[] {"r1 = xchg_64(r10 - 8, r1)", "r1 = atomic64_xchg((u64 *)(r10 -8), r1)"},
            new String[] {"w1 = xchg32_32(r10 - 8, w1)", "r1 = atomic_xchg((u32 *)(r10 -8), r1)"},
            new String[] {"r0 = cmpxchg_64(r10 - 8, r0, r1)", "r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r1)"},
            new String[] {"w0 = cmpxchg32_32(r10 - 8, w0, w1)", "r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r1)"},
            new String[] {"if r1 > 0x2 goto +3", "if r1 > 0x2 goto pc+3"},
            new String[] {"if w1 s< w2 goto -1", "if w1 s< w2 goto pc-1"},
            new String[] {"if r1 == -1 goto +1", "if r1 == 0xffffffff goto pc+1"},
            new String[] {"if r1 &== 0 goto +1", "if r1 & 0x0 goto pc+1"},
            new String[] {"goto +5", "goto pc+5"},
            new String[] {"gotol +70000", "gotol pc+70000"},
            new String[] {"r1 = -r1", "r1 = -r1"},
            new String[] {"r1 = (s8)r2", "r1 = (s8)r2"},
            new String[] {"r1 s8= r2", "r1 = (s8)r2"},
            new String[] {"w2 s16= r1", "w2 = (s16)w1"},
            new String[] {"w2 = r1", "w2 = w1"},
            new String[] {"r5=r5", "r5 = r5"},
            new String[] {"r1 = 0x1234567890 ll", "r1 = 0x1234567890 ll"},
            new String[] {"r1 = 0xffffffff", "r1 = -1"},
            new String[] {"r1 = map[id:5]", "r1 = map[id:5]"},
            new String[] {"r1 = map[id:5][0]+16", "r1 = map[id:5][0]+16"},
            new String[] {"r1 = map[idx:2]", "r1 = map[idx:2]"},
            new String[] {"r1 = map_fd 3", "r1 = map[id:3]"},
            new String[] {"r1 = map_by_idx(1)", "r1 = map[idx:1]"},
            new String[] {"r2 = map_val(1) + 4", "r2 = map[id:1][0]+4"},
            new String[] {"r2 = mva(map_by_idx(1)) + 4", "r2 = map[idx:1]+4"},
            new String[] {"r3 = subprog[-4]", "r3 = subprog[-4]"},
            new String[] {"r3 = btf_id[77][next:2]", "r3 = btf_id[77][next:2]"},
            new String[] {"call bpf_map_lookup_elem", "call bpf_map_lookup_elem#1"},
            new String[] {"call map_lookup_elem", "call bpf_map_lookup_elem#1"},
            new String[] {"call bpf_map_lookup_elem#1", "call bpf_map_lookup_elem#1"},
            new String[] {"call 12", "call bpf_tail_call#12"},
            new String[] {"call bpf_obj_new_impl#12345", "call kernel-function#12345"},
            new String[] {"call kernel-function#9[module:2]", "call kernel-function#9[module:2]"},
            new String[] {"call pc-3", "call pc-3"},
            new String[] {"call pc+2#bpf_prog_3b185187f1855c4c_F", "call pc+2"},
            new String[] {"callx r2", "callx r2"},
            new String[] {"r0 = *(u8 *)skb[12]", "r0 = *(u8 *)skb[12]"},
            new String[] {"r0 = *(u16 *)skb[r1 + 12]", "r0 = *(u16 *)skb[r1 + 12]"},
            new String[] {"r0 = *(u32 *)skb[r7]", "r0 = *(u32 *)skb[r7 + 0]"},
            new String[] {"exit;", "exit"},
            new String[] {"  51: (18) r2 = 0x5", "r2 = 0x5 ll"},
            new String[] {"   0: (b7) r7 = 0", "r7 = 0"},
            new String[] {"       0:\tb7 00 00 00 00 00 00 00\tr0 = 0", "r0 = 0"});

    @TestFactory
    Stream<DynamicTest> familiesPinnedToBytes() {
        return ROWS.stream().map(row -> DynamicTest.dynamicTest(row.data(), () -> {
            Insn fromData = single(Assembler.of(Dialect.DATA).assemble(row.data()));
            Insn fromLlvm = single(Assembler.of(Dialect.LLVM).assemble(row.llvm()));
            assertEquals(fromData, fromLlvm, "both dialects");
            assertEquals(row.llvm(), Disassembler.plain().text(fromData), "printed");
            assertEquals(row.hex(), hex(fromData), "bytes");
            assertEquals(fromData, single(InsnCodec.decode(List.of(InsnCodec.encode(fromData)))), "decode(encode(x))");
            if (!row.data().matches("call \\d+")) { // `call 1` reads the same in both dialects
                assertEquals(Dialect.DATA, Dialect.detect(row.data()), "detected dialect");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> otherSpellings() {
        return SPELLINGS.stream().map(s -> DynamicTest.dynamicTest(s[0], () -> {
            Insn insn = single(Assembler.detecting().assemble(s[0]));
            assertEquals(s[1], Disassembler.plain().text(insn));
            assertEquals(insn, single(Assembler.of(Dialect.LLVM).assemble(s[1])), "canonical text reads back");
        }));
    }

    static Insn single(InsnSeq seq) {
        assertEquals(1, seq.size(), "one instruction");
        return seq.insns().getFirst().insn();
    }

    static String hex(Insn insn) {
        List<String> parts = new ArrayList<>();
        for (RawInsn r : InsnCodec.encode(insn)) {
            parts.add(r.hex());
        }
        return String.join(" ", parts);
    }
}
