package io.splitbpf.core.internal.elf;

import io.splitbpf.core.elf.ElfFormatException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/// A bounded window onto an object's bytes, read in the object's byte order. Every read is
/// checked against the window, and a read outside it is an [ElfFormatException] that names the
/// object and what was being read: the parsers above never see an index exception.
public final class ByteView {
    private final String object;
    private final String what;
    private final byte[] data;
    private final int base;
    private final int length;
    private final ByteOrder order;

    private ByteView(String object, String what, byte[] data, int base, int length, ByteOrder order) {
        this.object = object;
        this.what = what;
        this.data = data;
        this.base = base;
        this.length = length;
        this.order = order;
    }

    /// The whole of `data`, little endian until [#withOrder] says otherwise.
    public static ByteView of(String object, String what, byte[] data) {
        return new ByteView(object, what, data, 0, data.length, ByteOrder.LITTLE_ENDIAN);
    }

    /// The same window read in `newOrder`.
    public ByteView withOrder(ByteOrder newOrder) {
        return new ByteView(object, what, data, base, length, newOrder);
    }

    /// The window `[offset, offset + size)` of this one, described as `newWhat` in errors.
    public ByteView slice(long offset, long size, String newWhat) {
        if (offset < 0 || size < 0 || offset > length || size > length - offset) {
            throw fail(newWhat + " at offset " + Long.toUnsignedString(offset) + " with size "
                    + Long.toUnsignedString(size) + " lies outside " + what + " (" + length + " bytes)");
        }
        return new ByteView(object, newWhat, data, base + (int) offset, (int) size, order);
    }

    public String object() {
        return object;
    }

    public String what() {
        return what;
    }

    public int length() {
        return length;
    }

    public ByteOrder order() {
        return order;
    }

    public boolean bigEndian() {
        return order == ByteOrder.BIG_ENDIAN;
    }

    /// Whether `[offset, offset + size)` lies inside the window.
    public boolean contains(long offset, long size) {
        return offset >= 0 && size >= 0 && offset <= length && size <= length - offset;
    }

    public int u8(long offset) {
        check(offset, 1);
        return data[base + (int) offset] & 0xff;
    }

    public int u16(long offset) {
        check(offset, 2);
        int i = base + (int) offset;
        int a = data[i] & 0xff;
        int b = data[i + 1] & 0xff;
        return bigEndian() ? a << 8 | b : b << 8 | a;
    }

    public int s32(long offset) {
        check(offset, 4);
        int i = base + (int) offset;
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int shift = bigEndian() ? 8 * (3 - k) : 8 * k;
            v |= (data[i + k] & 0xff) << shift;
        }
        return v;
    }

    public long u32(long offset) {
        return s32(offset) & 0xffff_ffffL;
    }

    public long u64(long offset) {
        long lo = u32(offset + (bigEndian() ? 4 : 0));
        long hi = u32(offset + (bigEndian() ? 0 : 4));
        return hi << 32 | lo;
    }

    /// A copy of the window's bytes.
    public byte[] bytes() {
        return Arrays.copyOfRange(data, base, base + length);
    }

    /// The NUL-terminated string at `offset` of this window (a string table).
    public String cString(long offset, String role) {
        if (offset < 0 || offset >= length) {
            throw fail(role + ": string offset " + Long.toUnsignedString(offset) + " is outside " + what
                    + " (" + length + " bytes)");
        }
        int start = base + (int) offset;
        int end = start;
        int limit = base + length;
        while (end < limit && data[end] != 0) {
            end++;
        }
        if (end == limit) {
            throw fail(role + ": string at offset " + offset + " of " + what + " is not NUL-terminated");
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    /// An error about this object.
    public ElfFormatException fail(String detail) {
        return new ElfFormatException(object, detail);
    }

    private void check(long offset, int size) {
        if (!contains(offset, size)) {
            throw fail("read of " + size + " bytes at offset " + offset + " lies outside " + what + " ("
                    + length + " bytes)");
        }
    }
}
