package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/// Map definitions and little-endian byte helpers for map tests.
public final class TestSpecs {
    private TestSpecs() {}

    public static MapSpec spec(String name, MapType type, int key, int value, int max) {
        return new MapSpec(name, type, key, value, max, 0, 0, 0, 0, Optional.empty(), new byte[0], List.of(), false,
                Optional.empty(), Optional.empty(), MapOrigin.BTF);
    }

    public static MapSpec globalData(String name, byte[] init, boolean readOnly) {
        return new MapSpec(name, MapType.ARRAY, 4, init.length, 1, readOnly ? MapSpec.F_RDONLY_PROG : 0, 0, 0, 0,
                Optional.empty(), init, List.of(), readOnly, Optional.empty(), Optional.empty(), MapOrigin.GLOBAL_DATA);
    }

    public static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    public static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    public static long asU32(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffff_ffffL;
    }

    public static long asU64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
