package io.splitbpf.exec.maps;

/// A map operation from Java that Linux would fail with `errno`: the message names the map and
/// the operation, e.g. `update of map 'counts': the map is full (E2BIG)`.
public final class MapException extends RuntimeException {
    private final int errno;
    private final String map;

    public MapException(String map, String operation, int errno, String reason) {
        super(operation + " of map '" + map + "': " + reason + " (" + Errno.name(errno) + ")");
        this.errno = errno;
        this.map = map;
    }

    /// The positive Linux error number ([Errno]).
    public int errno() {
        return errno;
    }

    /// The name of the map.
    public String map() {
        return map;
    }
}
