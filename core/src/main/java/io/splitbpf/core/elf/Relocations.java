package io.splitbpf.core.elf;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.elf.CodeSection.CodeTarget;
import io.splitbpf.core.internal.btf.Btf;
import io.splitbpf.core.internal.btf.BtfType;
import io.splitbpf.core.internal.elf.ElfFile;
import io.splitbpf.core.internal.elf.ElfRelocation;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.internal.elf.ElfSymbol;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.RawInsn;
import io.splitbpf.core.platform.HelperId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// Applies the relocations of one executable section, classifying each by the instruction it
/// patches and the symbol it names (libbpf's `bpf_program__record_reloc`; the ELF relocation
/// type is not consulted, as in libbpf):
///
/// | instruction | symbol in | result |
/// | --- | --- | --- |
/// | `lddw` | `.maps` / `maps` | src = MAP_FD, imm = map index |
/// | `lddw` | a global-data section | src = MAP_VALUE, imm = map index, next imm = symbol value + addend |
/// | `lddw` | an executable section | src = FUNC; target recorded for linking |
/// | `call` (src 1) | an executable section | target recorded for linking |
/// | either | undefined (extern) | [NotSupportedException] naming the symbol |
///
/// Anything else is an [ElfFormatException] naming the section, symbol and instruction. The
/// addend is the `lddw`'s immediate, or the record's own for old LLVM's `.rela` sections (a
/// `call` relocation there is refused as unsupported: no toolchain this platform knows wrote one).
final class Relocations {
    private static final int LDDW = 0x18;
    private static final int CALL = 0x85;

    private final ElfFile elf;
    private final List<MapDef> maps;
    private final Optional<Btf> btf;

    Relocations(ElfFile elf, List<MapDef> maps, Optional<Btf> btf) {
        this.elf = elf;
        this.maps = maps;
        this.btf = btf;
    }

    /// Patches `slots` (of `section`) in place; returns the call and function-pointer targets.
    Map<Integer, CodeTarget> apply(ElfSection section, RawInsn[] slots) {
        Map<Integer, CodeTarget> targets = new TreeMap<>();
        for (ElfRelocation r : elf.relocationsFor(section.index())) {
            if (r.offset() % RawInsn.SIZE != 0 || r.offset() < 0 || r.offset() / RawInsn.SIZE >= slots.length) {
                throw fail(section, r, "offset " + Long.toUnsignedString(r.offset())
                        + " is not an instruction of the section");
            }
            int slot = (int) (r.offset() / RawInsn.SIZE);
            RawInsn insn = slots[slot];
            String where = section.label() + ": relocation against " + r.symbol().label() + " at instruction " + slot;
            if (insn.opcode() == LDDW) {
                if (slot + 1 >= slots.length) {
                    throw elf.fail(where + ": lddw is missing its second slot");
                }
                loadImm64(where, slots, slot, r.symbol(), r.addend().orElse(insn.imm()), targets);
            } else if (insn.opcode() == CALL) {
                if (r.addend().isPresent()) {
                    throw new NotSupportedException("call relocation with an explicit addend", elf.object() + ": "
                            + where + ": a .rela relocation on a call instruction is not supported");
                }
                call(where, slots, slot, r.symbol(), targets);
            } else {
                throw elf.fail(where + " (" + insn.hex() + "): not an lddw or call instruction (opcode 0x"
                        + Integer.toHexString(insn.opcode()) + ")");
            }
        }
        return targets;
    }

    private void loadImm64(String where, RawInsn[] slots, int slot, ElfSymbol sym, long addend,
            Map<Integer, CodeTarget> targets) {
        RawInsn insn = slots[slot];
        ElfSection target = definingSection(where, sym, "lddw");
        if (target.executable()) {
            long byteOffset = sym.value() + addend;
            if (byteOffset % RawInsn.SIZE != 0 || byteOffset < 0) {
                throw elf.fail(where + ": function address " + byteOffset + " is not at an instruction");
            }
            targets.put(slot, new CodeTarget(target.index(), (int) Math.min(byteOffset / RawInsn.SIZE, Integer.MAX_VALUE)));
            slots[slot] = insn.withSrc(PseudoSource.FUNC.code());
            return;
        }
        int dataMap = dataMapIndex(target.index());
        if (dataMap >= 0) {
            slots[slot] = insn.withSrc(PseudoSource.MAP_VALUE.code()).withImm(dataMap);
            slots[slot + 1] = slots[slot + 1].withImm((int) (addend + sym.value()));
            return;
        }
        long offset = sym.type() == ElfSymbol.STT_SECTION ? sym.value() + addend : sym.value();
        int map = definitionIndex(target.index(), offset);
        if (map < 0) {
            throw elf.fail(where + ": symbol in " + target.label() + " at offset " + offset
                    + " is neither a map nor global data");
        }
        slots[slot] = insn.withSrc(PseudoSource.MAP_FD.code()).withImm(map);
    }

    private void call(String where, RawInsn[] slots, int slot, ElfSymbol sym, Map<Integer, CodeTarget> targets) {
        RawInsn insn = slots[slot];
        if (sym.undefined()) {
            // An extern declaration named exactly as a Linux helper (`extern void
            // *bpf_map_lookup_elem(void *, const void *);`) is that helper, as PREVAIL reads it:
            // the call becomes a helper call, which the verifier checks like any other.
            Optional<HelperId> helper = HelperId.byName(sym.name())
                    .filter(h -> h.name().equals(sym.name()) && h.id() != 0);
            if (helper.isPresent()) {
                slots[slot] = insn.withSrc(0).withImm(helper.get().id());
                return;
            }
            throw new NotSupportedException("extern function", elf.object() + ": " + where
                    + ": call of extern function " + sym.label()
                    + " (kfuncs are not supported, and it names no Linux helper)");
        }
        if (insn.src() != 1) {
            throw elf.fail(where + " (" + insn.hex() + "): call relocation on a call with source " + insn.src()
                    + " (expected 1, a bpf-to-bpf call)");
        }
        ElfSection target = definingSection(where, sym, "call");
        if (!target.executable()) {
            throw elf.fail(where + ": call target is in " + target.label() + ", which is not executable");
        }
        if (sym.value() % RawInsn.SIZE != 0) {
            throw elf.fail(where + ": call target offset " + sym.value() + " is not at an instruction");
        }
        long t = sym.value() / RawInsn.SIZE + insn.imm() + 1;
        targets.put(slot, new CodeTarget(target.index(), (int) Math.max(Math.min(t, Integer.MAX_VALUE), -1)));
    }

    private ElfSection definingSection(String where, ElfSymbol sym, String insn) {
        if (sym.undefined()) {
            throw new NotSupportedException("extern", elf.object() + ": " + where + ": " + externKind(sym.name())
                    + " " + sym.label() + " is not supported");
        }
        return elf.sectionOf(sym).orElseThrow(() -> elf.fail(where + ": " + insn + " refers to special section 0x"
                + Integer.toHexString(sym.sectionIndex()) + " (an uninitialised global variable?)"));
    }

    /// `.kconfig` or `.ksyms` extern, as BTF's DATASECs say, for the message.
    private String externKind(String name) {
        if (btf.isPresent()) {
            for (String sec : List.of(".kconfig", ".ksyms")) {
                Optional<BtfType.Datasec> d = btf.get().datasec(sec);
                if (d.isPresent() && d.get().vars().stream().anyMatch(v -> btf.get().type(v.type()).name().equals(name))) {
                    return sec.equals(".kconfig") ? "kconfig extern" : "ksym extern";
                }
            }
        }
        return "extern symbol";
    }

    private int dataMapIndex(int section) {
        for (int i = 0; i < maps.size(); i++) {
            MapDef m = maps.get(i);
            if (m.section() == section && m.spec().origin() == io.splitbpf.core.spec.MapOrigin.GLOBAL_DATA) {
                return i;
            }
        }
        return -1;
    }

    private int definitionIndex(int section, long offset) {
        for (int i = 0; i < maps.size(); i++) {
            MapDef m = maps.get(i);
            if (m.section() == section && m.offset() == offset) {
                return i;
            }
        }
        return -1;
    }

    private ElfFormatException fail(ElfSection section, ElfRelocation r, String detail) {
        return elf.fail(section.label() + ": relocation against " + r.symbol().label() + ": " + detail);
    }
}
