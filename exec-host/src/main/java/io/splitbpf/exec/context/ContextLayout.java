package io.splitbpf.exec.context;

import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.platform.ContextDescriptor;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// The host's layout of a context that a [ContextDescriptor] of core's platform describes (the
/// descriptor the verifier checked the program against): the structure's bytes at Linux's
/// offsets, then a 64-bit copy of each 32-bit packet pointer field (`data`, `data_end`,
/// `data_meta` of `__sk_buff`), where the rewritten loads of those fields read. Pointer fields
/// that are 64 bits wide already (`__bpf_md_ptr`) stay where they are.
///
/// ```
/// __sk_buff (192 bytes)                       host layout (216 bytes)
///  0 .. 192  len, pkt_type, mark, … as uapi   0 .. 192  the same bytes (data, data_end and
///                                                       data_meta read as 0 there)
/// 76  u32 data                              192  u64 data
/// 80  u32 data_end                          200  u64 data_end
/// 140 u32 data_meta (tc)                    208  u64 data_meta
/// ```
///
/// @param descriptor the structure, as the verifier knows it
/// @param relocated the pointer fields moved behind it, in the order data, data_end, data_meta
public record ContextLayout(ContextDescriptor descriptor, List<ContextField> relocated) {
    public ContextLayout {
        relocated = List.copyOf(relocated);
    }

    /// The layout for `descriptor`.
    public static ContextLayout of(ContextDescriptor descriptor) {
        List<ContextField> moved = new ArrayList<>();
        if (descriptor.pointerWidth() == 4) {
            int at = (descriptor.size() + 7) & ~7;
            List<String> names = List.of("data", "data_end", "data_meta");
            List<Optional<Integer>> offsets = List.of(descriptor.data(), descriptor.dataEnd(), descriptor.dataMeta());
            for (int i = 0; i < names.size(); i++) {
                if (offsets.get(i).isPresent()) {
                    moved.add(new ContextField(names.get(i), offsets.get(i).get(), MemSize.W, at, MemSize.DW));
                    at += 8;
                }
            }
        }
        return new ContextLayout(descriptor, moved);
    }

    /// The size of the host layout.
    public int size() {
        return relocated.isEmpty() ? descriptor.size() : relocated.getLast().hostOffset() + 8;
    }

    /// The rewriter for programs of this context.
    public ContextRewriter rewriter() {
        return new ContextRewriter(descriptor, relocated);
    }

    /// A context region in `memory`, writable when programs may write some of its fields.
    public Region allocate(TenantMemory memory) {
        return memory.allocate(descriptor.name(), size(), 8, !descriptor.writable().isEmpty());
    }

    /// Writes `structure` (at most the structure's size: Linux's bytes, zero-padded) and the
    /// packet pointers into `ctx`: `data` and `data_meta` at `packet`'s start, `data_end` at its
    /// end (no metadata).
    public void fill(TenantMemory memory, Region ctx, byte[] structure, Optional<Region> packet) {
        ByteBuffer b = ByteBuffer.allocate(size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(structure, 0, Math.min(structure.length, descriptor.size()));
        for (ContextField f : relocated) {
            long address = packet.map(p -> f.name().equals("data_end") ? p.end() : p.address()).orElse(0L);
            b.putLong(f.hostOffset(), address);
        }
        memory.write(ctx.address(), b.array());
    }

    /// The structure's bytes as the last run left them (without the relocated pointers).
    public byte[] read(TenantMemory memory, Region ctx) {
        return memory.read(ctx.address(), descriptor.size());
    }
}
