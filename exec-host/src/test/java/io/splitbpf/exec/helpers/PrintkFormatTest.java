package io.splitbpf.exec.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrintkFormatTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 16);
    private final ExecContext ctx = new ExecContext(memory, 0);

    @AfterEach
    void close() {
        memory.close();
    }

    private Optional<String> format(String fmt, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 3);
        return PrintkFormat.format(ctx, (fmt + "\0").getBytes(StandardCharsets.ISO_8859_1), a);
    }

    @Test
    void integersFollowTheirLengthModifiers() {
        assertEquals(Optional.of("-1 4294967295 ffffffff"), format("%d %u %x", -1, -1, -1));
        assertEquals(Optional.of("-1 18446744073709551615 ffffffffffffffff"), format("%ld %llu %llx", -1, -1, -1));
        assertEquals(Optional.of("[  42] [42  ] [0042]"), format("[%4d] [%-4i] [%04u]", 42, 42, 42));
        assertEquals(Optional.of("+7 -0007 ABC"), format("%+d %05d %X", 7, -7, 0xabc));
        assertEquals(Optional.of("100% c=A"), format("100%% c=%c", 'A'));
        assertEquals(Optional.of("p=0000010000000040"), format("p=%p", 0x10000000040L));
        assertEquals(Optional.of("p=0000010000000040"), format("p=%px", 0x10000000040L));
    }

    @Test
    void stringsAreReadThroughTheAllowedRegions() {
        Region r = memory.allocate("str", 16, 8, true);
        memory.write(r.address(), "hello\0".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of("[]"), format("[%s]", r.address()));
        ctx.allow(r);
        assertEquals(Optional.of("[hello]"), format("[%s]", r.address()));
        assertEquals(Optional.of("[]"), format("[%s]", 5));
    }

    @Test
    void whatLinuxRefusesIsRefused() {
        assertEquals(Optional.empty(), format("%d %d %d %d", 1, 2, 3));
        assertEquals(Optional.empty(), format("%q"));
        assertEquals(Optional.empty(), format("%lq"));
        assertEquals(Optional.empty(), format("%pI4", 1));
        assertEquals(Optional.empty(), format("\u0001"));
        assertEquals(Optional.empty(), format("%"));
        assertEquals(Optional.empty(), PrintkFormat.format(ctx, new byte[] {'a', 'b'}, new long[3]));
    }
}
