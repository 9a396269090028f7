package io.splitbpf.core.asm;

import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;

/// The fetching atomics written as calls:
///
/// - kernel: `r1 = atomic64_fetch_add((u64 *)(r10 -8), r1)`, `r1 = atomic_xchg((u32 *)(r2 +0), r1)`,
///   `r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r1)`;
/// - LLVM: `r0 = atomic_fetch_add((u64 *)(r10 - 8), r0)`, `r1 = xchg_64(r10 - 8, r1)`,
///   `w1 = xchg32_32(r10 - 8, w1)`, `r0 = cmpxchg_64(r10 - 8, r0, r1)`, `w0 = cmpxchg32_32(…)`.
final class LlvmAtomics {
    private LlvmAtomics() {}

    static Atomic fetching(LineCursor c, int at, String word, Reg dst) {
        c.expect("(", "'('");
        MemSize size;
        LlvmAssignment.Mem m;
        AtomicOp op;
        if (word.startsWith("atomic")) {
            String rest = word.replaceFirst("^atomic(64)?_", "");
            op = LlvmAssignment.atomicOp(c, at, rest.replaceFirst("^fetch_", ""));
            if (!rest.startsWith("fetch_") && !op.alwaysFetches()) {
                throw c.errorAt(at, "expected atomic_fetch_<op>, atomic_xchg or atomic_cmpxchg");
            }
            size = LlvmAssignment.pointerType(c, false).size();
            m = LlvmAssignment.mem(c);
        } else {
            op = word.startsWith("cmpxchg") ? AtomicOp.CMPXCHG : AtomicOp.XCHG;
            size = switch (word.substring(op.mnemonic().length())) {
                case "_64" -> MemSize.DW;
                case "32_32" -> MemSize.W;
                default -> throw c.errorAt(at, "expected xchg_64, xchg32_32, cmpxchg_64 or cmpxchg32_32");
            };
            m = LlvmAssignment.address(c);
        }
        c.expect(",", "','");
        if (op == AtomicOp.CMPXCHG) {
            int r0At = c.pos();
            if (c.llvmRegister() != Reg.R0 || dst != Reg.R0) {
                throw c.errorAt(r0At, "cmpxchg compares with and writes r0");
            }
            c.expect(",", "','");
        }
        int srcAt = c.pos();
        Reg src = c.llvmRegister();
        c.expect(")", "')'");
        if (op != AtomicOp.CMPXCHG && src != dst) {
            throw c.errorAt(srcAt, "a fetching atomic writes the old value to its source register");
        }
        return LlvmDialect.atomic(c, op, true, size, m, src);
    }
}
