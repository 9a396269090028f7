package io.splitbpf.core.asm;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.SourceLoc;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.core.platform.HelperId;
import java.util.Objects;
import java.util.Optional;

/// The one printer of instructions: the kernel disassembler's syntax (`kernel/bpf/disasm.c`)
/// with bpftool's immediates, e.g. `r0 = *(u32 *)(r1 +4)`, `if r1 > 0x2 goto pc+3`,
/// `call bpf_map_lookup_elem#1`, `r1 = map[id:5]`.
///
/// Two layouts: [Layout#XLATED] is `bpftool prog dump xlated` (`   0: (b7) r0 = 0`, the pc
/// counting slots so it skips the second half of `lddw`); [Layout#PLAIN] is the bare text, one
/// instruction per line, where a 64-bit constant gets LLVM's ` ll` suffix so that the line
/// stands alone (bpftool relies on the `(18)` opcode instead). [Assembler] reads both back.
///
/// Where bpftool has no text or loses information, splitbpf extends it (documented forms):
/// - unknown helper ids print as the kernel does, `call unknown#N`;
/// - kfunc calls print `call kernel-function#ID`, with `[module:M]` for a module's BTF;
/// - `callx rN` (LLVM's spelling; the kernel has none);
/// - `lddw` with source MAP_IDX prints `map[idx:N]`, BTF_ID `btf_id[N]`, and a second-slot
///   immediate the form has no room for is appended as `[next:K]`;
/// - with [MapNames], map references of an object print the map's name: `map[xdp_stats_map]`,
///   `map[.rodata][0]+16` (the numbers of an object are map indexes, not kernel ids).
///
/// Source lines (BTF line info in [LabeledInsn#loc()]) print as `; text` before the first
/// instruction of each new line, as bpftool does, optionally with ` @ file:line` like the
/// verifier log.
public record Disassembler(Layout layout, MapNames maps, SourceLines sourceLines) {
    /// How each instruction line starts.
    public enum Layout {
        /// The instruction text alone.
        PLAIN,
        /// `%4d: (%02x) text`, as `bpftool prog dump xlated` prints.
        XLATED
    }

    /// Whether and how source lines are interleaved.
    public enum SourceLines {
        NONE,
        /// `; int key = 0;`
        TEXT,
        /// `; int key = 0; @ xdp.c:12`
        TEXT_AND_FILE_LINE
    }

    public Disassembler {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(maps, "maps");
        Objects.requireNonNull(sourceLines, "sourceLines");
    }

    /// Bare instruction text, no source lines.
    public static Disassembler plain() {
        return new Disassembler(Layout.PLAIN, MapNames.none(), SourceLines.NONE);
    }

    /// `bpftool prog dump xlated`, with source lines when the program has them.
    public static Disassembler xlated() {
        return new Disassembler(Layout.XLATED, MapNames.none(), SourceLines.TEXT);
    }

    public Disassembler withMaps(MapNames names) {
        return new Disassembler(layout, names, sourceLines);
    }

    public Disassembler withSourceLines(SourceLines lines) {
        return new Disassembler(layout, maps, lines);
    }

    /// The whole listing, one line per instruction (and per new source line), each ending in `\n`.
    public String render(InsnSeq seq) {
        StringBuilder out = new StringBuilder();
        Optional<SourceLoc> last = Optional.empty();
        for (LabeledInsn li : seq.insns()) {
            if (sourceLines != SourceLines.NONE && li.loc().isPresent() && !sameLine(li.loc(), last)) {
                SourceLoc loc = li.loc().get();
                out.append("; ").append(loc.text());
                if (sourceLines == SourceLines.TEXT_AND_FILE_LINE) {
                    out.append(" @ ").append(loc.shortForm());
                }
                out.append('\n');
                last = li.loc();
            }
            out.append(line(li)).append('\n');
        }
        return out.toString();
    }

    private static boolean sameLine(Optional<SourceLoc> a, Optional<SourceLoc> b) {
        return a.isPresent() && b.isPresent() && a.get().file().equals(b.get().file())
                && a.get().line() == b.get().line();
    }

    /// One instruction line in this layout, without a newline.
    public String line(LabeledInsn li) {
        return switch (layout) {
            case PLAIN -> text(li.insn());
            case XLATED -> String.format("%4d: (%02x) %s", li.pc(), InsnCodec.encode(li.insn())[0].opcode(),
                    text(li.insn()));
        };
    }

    /// The text of one instruction (jump and call offsets stay relative, `pc+N`).
    public String text(Insn insn) {
        return switch (insn) {
            case Alu a -> alu(a);
            case Endian(var op, var bits, var dst) -> dst + " = " + op.mnemonic() + bits + " " + dst;
            case LoadImm64 l -> l.dst() + " = " + immediate64(l);
            case Load(var size, var sx, var dst, var base, var off) ->
                dst + " = *(" + (sx ? size.signedCType() : size.cType()) + " *)" + address(base, off);
            case Store(var size, var base, var off, var src) ->
                "*(" + size.cType() + " *)" + address(base, off) + " = " + operand(src, Width.W64);
            case Atomic a -> atomic(a);
            case PacketLoad(var size, var ind, var index, var imm) ->
                "r0 = *(" + size.cType() + " *)skb[" + (ind ? index + " + " + imm : Integer.toString(imm)) + "]";
            case Jump j -> jump(j);
            case Call(var id) -> "call " + HelperId.of(id).map(HelperId::name).orElse("unknown") + "#" + id;
            case CallLocal(var off) -> "call pc" + signed(off);
            case CallKfunc(var id, var module) ->
                "call kernel-function#" + id + (module == 0 ? "" : "[module:" + module + "]");
            case CallReg(var target) -> "callx " + target;
            case Exit() -> "exit";
        };
    }

    private static String alu(Alu a) {
        String dst = reg(a.dst(), a.width());
        if (a.op() == AluOp.NEG) {
            return dst + " = -" + dst;
        }
        if (a.op().isMovSx()) {
            String type = "(s" + a.op().name().substring("MOVSX".length()) + ")";
            return dst + " = " + type + operand(a.src(), a.width());
        }
        return dst + " " + a.op().operator() + " " + operand(a.src(), a.width());
    }

    private static String jump(Jump j) {
        if (j.op() == JmpOp.JA) {
            return (j.width() == Width.W32 ? "gotol pc" : "goto pc") + signed(j.offset());
        }
        String src = switch (j.src()) {
            case Reg r -> reg(r, j.width());
            case Imm(var v) -> "0x" + Integer.toHexString(v);
        };
        return "if " + reg(j.dst(), j.width()) + " " + j.op().operator() + " " + src + " goto pc" + signed(j.offset());
    }

    private static String atomic(Atomic a) {
        String type = "(" + a.size().cType() + " *)" + address(a.base(), a.offset());
        String bits = a.size() == MemSize.DW ? "64" : "";
        if (a.op() == AtomicOp.CMPXCHG) {
            return "r0 = atomic" + bits + "_cmpxchg(" + type + ", r0, " + a.src() + ")";
        }
        if (a.op() == AtomicOp.XCHG) {
            return a.src() + " = atomic" + bits + "_xchg(" + type + ", " + a.src() + ")";
        }
        if (a.fetch()) {
            return a.src() + " = atomic" + bits + "_fetch_" + a.op().mnemonic() + "(" + type + ", " + a.src() + ")";
        }
        return "lock *" + type + " " + a.op().operator() + " " + a.src();
    }

    private String immediate64(LoadImm64 l) {
        String text = switch (l.source()) {
            case IMM64 -> "0x" + Long.toHexString(l.value()) + (layout == Layout.PLAIN ? " ll" : "");
            case MAP_FD -> "map[" + mapName(l.imm()) + "]";
            case MAP_VALUE -> "map[" + mapName(l.imm()) + "][0]+" + Integer.toUnsignedString(l.nextImm());
            case MAP_IDX -> "map[idx:" + Integer.toUnsignedString(l.imm()) + "]";
            case MAP_IDX_VALUE ->
                "map[idx:" + Integer.toUnsignedString(l.imm()) + "]+" + Integer.toUnsignedString(l.nextImm());
            case FUNC -> "subprog[" + signed(l.imm()) + "]";
            case BTF_ID -> "btf_id[" + Integer.toUnsignedString(l.imm()) + "]";
        };
        boolean nextHasRoom = switch (l.source()) {
            case IMM64, MAP_VALUE, MAP_IDX_VALUE -> true;
            case MAP_FD, MAP_IDX, FUNC, BTF_ID -> false;
        };
        return nextHasRoom || l.nextImm() == 0 ? text : text + "[next:" + Integer.toUnsignedString(l.nextImm()) + "]";
    }

    private String mapName(int number) {
        return maps.name(number).orElseGet(() -> "id:" + Integer.toUnsignedString(number));
    }

    private static String address(Reg base, short off) {
        return "(" + base + " " + signed(off) + ")";
    }

    private static String operand(Operand o, Width w) {
        return switch (o) {
            case Reg r -> reg(r, w);
            case Imm(var v) -> Integer.toString(v);
        };
    }

    private static String reg(Reg r, Width w) {
        return (w == Width.W32 ? "w" : "r") + r.number();
    }

    private static String signed(int v) {
        return v >= 0 ? "+" + v : Integer.toString(v);
    }
}
