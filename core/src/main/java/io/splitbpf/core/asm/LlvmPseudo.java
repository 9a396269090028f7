package io.splitbpf.core.asm;

import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.Reg;
import java.util.OptionalInt;

/// `lddw` with a pseudo source, as bpftool prints it and as PREVAIL writes it:
///
/// | source        | bpftool / splitbpf             | PREVAIL                      |
/// |---------------|--------------------------------|------------------------------|
/// | MAP_FD        | `map[id:N]`, `map[name]`       | `map_fd N`                   |
/// | MAP_VALUE     | `map[id:N][0]+K`, `map[name][0]+K` | `map_val(N) + K`         |
/// | MAP_IDX       | `map[idx:N]`                   | `map_by_idx(N)`              |
/// | MAP_IDX_VALUE | `map[idx:N]+K`                 | `mva(map_by_idx(N)) + K`     |
/// | FUNC          | `subprog[+N]`                  |                              |
/// | BTF_ID        | `btf_id[N]`                    |                              |
///
/// A second-slot immediate that the form has no place for is written `[next:K]` after it.
final class LlvmPseudo {
    private LlvmPseudo() {}

    static LoadImm64 parse(LineCursor c, int at, String word, Reg dst, MapNames maps) {
        LoadImm64 insn = switch (word) {
            case "map" -> map(c, dst, maps);
            case "subprog" -> {
                c.expect("[", "'['");
                int off = c.int32Or("a function offset");
                c.expect("]", "']'");
                yield new LoadImm64(dst, PseudoSource.FUNC, off, 0);
            }
            case "btf_id" -> {
                c.expect("[", "'['");
                int id = c.int32Or("a BTF id");
                c.expect("]", "']'");
                yield new LoadImm64(dst, PseudoSource.BTF_ID, id, 0);
            }
            case "map_fd" -> new LoadImm64(dst, PseudoSource.MAP_FD, c.int32Or("a map fd"), 0);
            case "map_by_idx" -> new LoadImm64(dst, PseudoSource.MAP_IDX, parenthesised(c), 0);
            case "map_val" -> new LoadImm64(dst, PseudoSource.MAP_VALUE, parenthesised(c), plusOffset(c, true));
            case "mva" -> {
                c.expect("(", "'('");
                if (!c.acceptWord("map_by_idx")) {
                    throw c.error("expected map_by_idx(N)");
                }
                int idx = parenthesised(c);
                c.expect(")", "')'");
                yield new LoadImm64(dst, PseudoSource.MAP_IDX_VALUE, idx, plusOffset(c, true));
            }
            default -> throw c.errorAt(at, "expected a register, an immediate or an expression");
        };
        if (c.accept("[")) {
            c.expect("next:", "'next:'");
            int next = c.int32Or("an immediate");
            c.expect("]", "']'");
            insn = new LoadImm64(insn.dst(), insn.source(), insn.imm(), next);
        }
        return insn;
    }

    /// `map[id:N]`, `map[id:N][0]+K`, `map[idx:N]`, `map[idx:N]+K`, `map[name]`, `map[name][0]+K`.
    private static LoadImm64 map(LineCursor c, Reg dst, MapNames maps) {
        c.expect("[", "'['");
        boolean byIndex = false;
        int number;
        if (c.accept("id:")) {
            number = c.int32Or("a map id");
        } else if (c.accept("idx:")) {
            byIndex = true;
            number = c.int32Or("a map index");
        } else {
            int at = c.pos();
            String name = c.identifier("a map id, index or name");
            OptionalInt n = maps.number(name);
            if (n.isEmpty()) {
                throw c.errorAt(at, "unknown map");
            }
            number = n.getAsInt();
        }
        c.expect("]", "']'");
        if (byIndex) {
            return c.peek() == '+'
                    ? new LoadImm64(dst, PseudoSource.MAP_IDX_VALUE, number, plusOffset(c, true))
                    : new LoadImm64(dst, PseudoSource.MAP_IDX, number, 0);
        }
        int save = c.pos();
        if (c.accept("[")) {
            if (!c.accept("0")) {
                c.reset(save);
                return LoadImm64.mapRef(dst, number);
            }
            c.expect("]", "']'");
            return new LoadImm64(dst, PseudoSource.MAP_VALUE, number, plusOffset(c, true));
        }
        return LoadImm64.mapRef(dst, number);
    }

    private static int parenthesised(LineCursor c) {
        c.expect("(", "'('");
        int v = c.int32Or("a number");
        c.expect(")", "')'");
        return v;
    }

    private static int plusOffset(LineCursor c, boolean required) {
        if (!c.accept("+")) {
            if (required) {
                throw c.error("expected '+' and an offset");
            }
            return 0;
        }
        return c.int32Or("an offset");
    }
}
