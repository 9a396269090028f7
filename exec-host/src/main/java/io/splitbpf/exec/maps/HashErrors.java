package io.splitbpf.exec.maps;

/// Turns a hash map's errno into the Java API's [MapException], with Linux's reasons.
final class HashErrors {
    private HashErrors() {}

    static void throwIfFailed(BpfMap map, int errno, long flags) {
        switch (errno) {
            case 0 -> { }
            case Errno.EEXIST -> throw map.error("update", errno, "the key exists (BPF_NOEXIST)");
            case Errno.ENOENT -> throw map.error(flags == BpfMap.EXIST ? "update" : "delete", errno,
                    flags == BpfMap.EXIST ? "no such key (BPF_EXIST)" : "no such key");
            case Errno.E2BIG -> throw map.error("update", errno, "the map is full (max_entries " + map.maxEntries()
                    + ")");
            default -> throw map.error("update", errno, "failed");
        }
    }
}
