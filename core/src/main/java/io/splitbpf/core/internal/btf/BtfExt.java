package io.splitbpf.core.internal.btf;

import io.splitbpf.core.internal.elf.ByteView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/// The function and line info of `.BTF.ext`, keyed by section name, with instruction offsets
/// in bytes from the start of the section (as in the ELF; libbpf divides by 8 for the kernel).
///
/// ```
///  header: magic u16 0xeB9F | version u8 | flags u8 | hdr_len u32
///          | func_info_off u32 | func_info_len u32 | line_info_off u32 | line_info_len u32
///          [| core_relo_off u32 | core_relo_len u32]          (offsets after hdr_len)
///  each info section: rec_size u32, then { sec_name_off u32, num_info u32, num_info × record }
///  func_info record: insn_off u32 | type_id u32
///  line_info record: insn_off u32 | file_name_off u32 | line_off u32 | line_col u32 (line<<10 | col)
/// ```
/// CO-RE relocations are not read: clang already wrote the build-time offsets into the
/// instructions, so ignoring them means "the target kernel's types equal the build's", which is
/// exactly the platform's situation (there is no kernel BTF to relocate against).
public record BtfExt(Map<String, List<FuncInfo>> funcInfo, Map<String, List<LineInfo>> lineInfo) {
    private static final int MAGIC = 0xeb9f;
    private static final int MIN_HEADER = 24;

    /// `insnOffset` in bytes; `typeId` names a BTF FUNC.
    public record FuncInfo(long insnOffset, int typeId) {}

    /// `insnOffset` in bytes; the source text of the line is `lineText`.
    public record LineInfo(long insnOffset, String file, String lineText, int line, int column) {}

    public BtfExt {
        funcInfo = Collections.unmodifiableMap(new TreeMap<>(funcInfo));
        lineInfo = Collections.unmodifiableMap(new TreeMap<>(lineInfo));
    }

    /// No function or line info.
    public static BtfExt empty() {
        return new BtfExt(Map.of(), Map.of());
    }

    /// Parses `data`, the bytes of `.BTF.ext`; its strings are in `btf`.
    public static BtfExt read(ByteView data, Btf btf) {
        if (data.length() < MIN_HEADER) {
            throw data.fail("BTF.ext: truncated header (" + data.length() + " bytes)");
        }
        if (data.u16(0) != MAGIC) {
            throw data.fail("BTF.ext: bad magic 0x" + Integer.toHexString(data.u16(0)));
        }
        if (data.u8(2) != 1) {
            throw data.fail("BTF.ext: unsupported version " + data.u8(2));
        }
        long hdrLen = data.u32(4);
        if (hdrLen < MIN_HEADER || hdrLen > data.length()) {
            throw data.fail("BTF.ext: header length " + hdrLen + " is out of range");
        }
        ByteView body = data.slice(hdrLen, data.length() - hdrLen, "the BTF.ext data");
        ByteView funcs = body.slice(data.u32(8), data.u32(12), "the BTF.ext func_info");
        ByteView lines = body.slice(data.u32(16), data.u32(20), "the BTF.ext line_info");
        Map<String, List<FuncInfo>> funcInfo = new TreeMap<>();
        readInfo(funcs, btf, "func_info", 8, (sec, rec) -> funcInfo.computeIfAbsent(sec, _ -> new ArrayList<>())
                .add(new FuncInfo(rec.u32(0), (int) rec.u32(4))));
        Map<String, List<LineInfo>> lineInfo = new TreeMap<>();
        readInfo(lines, btf, "line_info", 16, (sec, rec) -> lineInfo.computeIfAbsent(sec, _ -> new ArrayList<>())
                .add(lineRecord(rec, btf)));
        return new BtfExt(funcInfo, lineInfo);
    }

    private static LineInfo lineRecord(ByteView rec, Btf btf) {
        String file = btf.string(rec.u32(4), "line_info file name");
        String text = btf.string(rec.u32(8), "line_info source line");
        long lineCol = rec.u32(12);
        return new LineInfo(rec.u32(0), file, text, (int) (lineCol >>> 10), (int) (lineCol & 0x3ff));
    }

    private interface RecordSink {
        void accept(String section, ByteView record);
    }

    private static void readInfo(ByteView info, Btf btf, String what, int minRecord, RecordSink sink) {
        if (info.length() == 0) {
            return;
        }
        long recSize = info.u32(0);
        if (recSize < minRecord || recSize > info.length()) {
            throw info.fail("BTF.ext: " + what + " record size " + recSize + " (at least " + minRecord + ")");
        }
        long off = 4;
        while (off < info.length()) {
            String section = btf.string(info.u32(off), what + " section name");
            long count = info.u32(off + 4);
            off += 8;
            if (count > (info.length() - off) / recSize) {
                throw info.fail("BTF.ext: " + what + " for section " + section + ": " + count
                        + " records do not fit");
            }
            for (long i = 0; i < count; i++) {
                sink.accept(section, info.slice(off, recSize, "a BTF.ext " + what + " record"));
                off += recSize;
            }
        }
    }
}
