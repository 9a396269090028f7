package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.asU32;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/// The LPM trie against Linux's `lpm_trie.c`: longest-prefix lookups, exact updates and deletes
/// with Linux's errnos, and `get_next_key`'s post-order.
class LpmTrieMapTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);

    @AfterEach
    void close() {
        memory.close();
    }

    static MapSpec lpm(String name, int keySize, int max, int flags) {
        return new MapSpec(name, MapType.LPM_TRIE, keySize, 4, max, flags, 0, 0, 0, Optional.empty(), new byte[0],
                List.of(), false, Optional.empty(), Optional.empty(), MapOrigin.BTF);
    }

    private LpmTrieMap trie(int max) {
        return (LpmTrieMap) BpfMap.create(lpm("prefixes", 8, max, 1), memory, 2);
    }

    /// An IPv4 key: prefix length, then the address in network order.
    static byte[] ip(String dotted, int prefixlen) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(prefixlen);
        for (String part : dotted.split("\\.")) {
            b.put((byte) Integer.parseInt(part));
        }
        return b.array();
    }

    static String show(byte[] key) {
        return (key[4] & 0xff) + "." + (key[5] & 0xff) + "." + (key[6] & 0xff) + "." + (key[7] & 0xff) + "/"
                + asU32(java.util.Arrays.copyOf(key, 4));
    }

    private static int errno(Runnable r) {
        return assertThrows(MapException.class, r::run).errno();
    }

    private static long value(LpmTrieMap t, byte[] key) {
        return t.lookup(key).map(TestSpecs::asU32).orElse(-1L);
    }

    @Test
    void definitionsAreCheckedAsLinuxChecksThem() {
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lpm("p", 8, 4, 0), memory, 1)));
        MapException noPrealloc = assertThrows(MapException.class, () -> BpfMap.create(lpm("p", 8, 4, 0), memory, 1));
        assertEquals("create of map 'p': an lpm_trie needs BPF_F_NO_PREALLOC (flags 0x0) (EINVAL)",
                noPrealloc.getMessage());
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lpm("p", 4, 4, 1), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lpm("p", 261, 4, 1), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lpm("p", 8, 0, 1), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lpm("p", 8, 4, 1 | 0x2), memory, 1)));
        BpfMap.create(lpm("p", 8, 4, 1 | 0x80 | 0x4), memory, 1);
        BpfMap.create(lpm("p", 260, 4, 1), memory, 1);
        assertTrue(BpfMap.supportedTypes().contains(MapType.LPM_TRIE));
    }

    @Test
    void lookupsFindTheLongestMatchingPrefix() {
        LpmTrieMap t = trie(16);
        t.update(ip("192.168.0.0", 16), u32(16), BpfMap.ANY);
        t.update(ip("192.168.1.0", 24), u32(24), BpfMap.ANY);
        t.update(ip("0.0.0.0", 0), u32(0), BpfMap.ANY);
        t.update(ip("192.168.1.7", 32), u32(32), BpfMap.ANY);
        assertEquals(24, value(t, ip("192.168.1.5", 32)));
        assertEquals(32, value(t, ip("192.168.1.7", 32)));
        assertEquals(16, value(t, ip("192.168.2.5", 32)));
        assertEquals(0, value(t, ip("10.0.0.1", 32)), "the default route");
        assertEquals(16, value(t, ip("192.168.1.7", 20)), "a key's own prefix length bounds the match");
        assertEquals(24, value(t, ip("192.168.1.7", 31)));
        assertEquals(-1, value(t, ip("192.168.1.7", 33)), "longer than the data: not found");
        t.delete(ip("0.0.0.0", 0));
        assertEquals(-1, value(t, ip("10.0.0.1", 32)));
        assertEquals(3, t.size());
    }

    @Test
    void updatesAndDeletesActOnTheExactPrefix() {
        LpmTrieMap t = trie(16);
        t.update(ip("10.1.0.0", 16), u32(1), BpfMap.NOEXIST);
        assertEquals(Errno.EEXIST, errno(() -> t.update(ip("10.1.99.99", 16), u32(2), BpfMap.NOEXIST)),
                "the bits past the prefix do not count");
        t.update(ip("10.1.99.99", 16), u32(3), BpfMap.EXIST);
        assertEquals(3, value(t, ip("10.1.0.1", 32)));
        assertEquals("10.1.99.99/16", show(t.nextKey(Optional.empty()).orElseThrow()),
                "the last update's data is kept, as Linux keeps it");
        assertEquals(Errno.ENOENT, errno(() -> t.update(ip("10.1.0.0", 17), u32(4), BpfMap.EXIST)));
        MapException tooLong = assertThrows(MapException.class, () -> t.update(ip("10.1.0.0", 33), u32(4), BpfMap.ANY));
        assertEquals("update of map 'prefixes': prefix /33 is longer than the 32 bits of the key data (EINVAL)",
                tooLong.getMessage());
        assertEquals(Errno.ENOENT, errno(() -> t.delete(ip("10.1.0.0", 15))));
        assertEquals(Errno.ENOENT, errno(() -> t.delete(ip("10.0.0.0", 8))));
        assertEquals(Errno.EINVAL, errno(() -> t.delete(ip("10.1.0.0", 40))));
        assertEquals(Errno.EINVAL, errno(() -> t.update(ip("10.1.0.0", 16), u32(1), 3)));
        assertEquals(Errno.EINVAL, errno(() -> t.update(new byte[4], u32(1), BpfMap.ANY)));
        t.delete(ip("10.1.255.255", 16));
        assertEquals(0, t.size());
        assertEquals(Optional.empty(), t.nextKey(Optional.empty()));
    }

    @Test
    void aFullTrieRefusesNewPrefixesWithEnospcButReplacesStoredOnes() {
        LpmTrieMap t = trie(3);
        t.update(ip("10.0.0.0", 8), u32(1), BpfMap.ANY);
        t.update(ip("10.1.0.0", 16), u32(2), BpfMap.ANY);
        t.update(ip("10.2.0.0", 16), u32(3), BpfMap.ANY);
        MapException full = assertThrows(MapException.class, () -> t.update(ip("10.3.0.0", 16), u32(4), BpfMap.ANY));
        assertEquals("update of map 'prefixes': the trie is full (max_entries 3) (ENOSPC)", full.getMessage());
        for (int i = 0; i < 10; i++) {
            t.update(ip("10.2.0.0", 16), u32(100 + i), BpfMap.ANY);
        }
        assertEquals(109, value(t, ip("10.2.3.4", 32)));
        t.delete(ip("10.1.0.0", 16));
        t.update(ip("10.3.0.0", 16), u32(4), BpfMap.NOEXIST);
        assertEquals(4, value(t, ip("10.3.3.3", 24)));
    }

    @Test
    void nextKeyWalksMoreSpecificPrefixesFirstAsLinux() {
        LpmTrieMap t = trie(16);
        // The example of lpm_trie.c, inserted in another order.
        for (String p : List.of("192.168.0.0/16", "192.168.128.0/24", "192.168.1.0/24", "192.168.0.0/24")) {
            String[] parts = p.split("/");
            t.update(ip(parts[0], Integer.parseInt(parts[1])), u32(1), BpfMap.ANY);
        }
        List<String> order = new ArrayList<>();
        for (Optional<byte[]> k = t.nextKey(Optional.empty()); k.isPresent(); k = t.nextKey(k)) {
            order.add(show(k.get()));
        }
        assertEquals(List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16"), order);
        assertEquals("192.168.0.0/24", show(t.nextKey(Optional.of(ip("172.16.0.0", 12))).orElseThrow()),
                "a key not stored restarts from the first");
        assertEquals("192.168.0.0/24", show(t.nextKey(Optional.of(ip("192.168.0.0", 40))).orElseThrow()));
        assertEquals(order, t.dump().stream().map(e -> show(e.key())).toList());
    }

    /// An IPv6 key of `prefixlen` bits: `2001:db8:` then `tail` as the last 12 bytes' first ones.
    private static byte[] ip6(int prefixlen, int... tail) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(prefixlen).put((byte) 0x20)
                .put((byte) 0x01).put((byte) 0x0d).put((byte) 0xb8);
        for (int t : tail) {
            b.put((byte) t);
        }
        return b.array();
    }

    @Test
    void programLookupsOfIpv6KeysReadEveryByteOfTheKey() {
        LpmTrieMap t = (LpmTrieMap) BpfMap.create(lpm("v6", 20, 8, 1), memory, 1);
        t.update(ip6(32), u32(32), BpfMap.ANY);
        t.update(ip6(104, 0, 0, 0, 0, 0, 0, 0, 0, 9), u32(104), BpfMap.ANY);
        t.update(ip6(127, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 2), u32(127), BpfMap.ANY);
        Region key = memory.allocate("key", 20, 8, true);
        long off = key.address() - TenantMemory.BASE;
        int[][] cases = {{127, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 3}, {104, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 7},
                {32, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 3}};
        for (int[] c : cases) {
            memory.write(key.address(), ip6(128, java.util.Arrays.copyOfRange(c, 1, c.length)));
            long address = t.programLookupAt(memory.segment(), off, 0);
            assertEquals(c[0], memory.segment().get(TenantMemory.U32, address - TenantMemory.BASE));
        }
        memory.write(key.address(), ip6(128, 0x20));
        memory.write(key.address() + 4, new byte[] {0x20, 0x02});
        assertEquals(0, t.programLookupAt(memory.segment(), off, 0));
    }

    @Test
    void programLookupsReadTheKeyInPlaceAndGiveTheValueAddress() {
        LpmTrieMap t = trie(4);
        t.update(ip("172.16.0.0", 12), u32(7), BpfMap.ANY);
        Region key = memory.allocate("key", 8, 8, true);
        memory.write(key.address(), ip("172.31.1.1", 32));
        long address = t.programLookupAt(memory.segment(), key.address() - TenantMemory.BASE, 1);
        assertTrue(t.valueRegion().orElseThrow().contains(address, 4));
        assertEquals(7, memory.segment().get(TenantMemory.U32, address - TenantMemory.BASE));
        memory.write(key.address(), ip("172.32.1.1", 32));
        assertEquals(0, t.programLookupAt(memory.segment(), key.address() - TenantMemory.BASE, 1));
        assertEquals(address, t.programLookup(ip("172.16.0.1", 32), 0));

        Region value = memory.allocate("value", 4, 8, true);
        memory.write(value.address(), u32(9));
        assertEquals(0, t.programUpdate(ip("172.16.0.0", 16), value.address(), BpfMap.NOEXIST, 0));
        assertEquals(-Errno.EEXIST, t.programUpdate(ip("172.16.0.0", 16), value.address(), BpfMap.NOEXIST, 0));
        assertEquals(-Errno.EINVAL, t.programUpdate(ip("172.16.0.0", 33), value.address(), BpfMap.ANY, 0));
        assertArrayEquals(u32(9), t.lookup(ip("172.16.5.5", 32)).orElseThrow());
        assertEquals(0, t.programDelete(ip("172.16.0.0", 16)));
        assertEquals(-Errno.ENOENT, t.programDelete(ip("172.16.0.0", 16)));
    }
}
