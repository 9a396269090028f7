package io.splitbpf.exec.daemon;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/// The host daemon's command line:
///
/// ```
/// ebpf-hostd --state STATE [--listen HOST:PORT] [--max-connections N] [--slots N] [--tenant-memory MIB]
/// ```
///
/// @param state the state directory (`--state`, else `$SPLITBPF_STATE`, else `~/.splitbpf`)
/// @param listen the address to listen on; default 127.0.0.1 on a free port
/// @param maxConnections connections served at once (default 64)
/// @param slots execution slots per program (default: the processors the JVM sees)
/// @param tenantMemoryMiB each tenant's memory in MiB (default 64)
public record DaemonOptions(Optional<Path> state, InetSocketAddress listen, int maxConnections, int slots,
                     int tenantMemoryMiB) {
    static final String USAGE = "usage: ebpf-hostd --state STATE [--listen HOST:PORT] [--max-connections N]"
            + " [--slots N] [--tenant-memory MIB]";

    /// Parses `args`.
    ///
    /// @throws IllegalArgumentException naming the bad argument
    public static DaemonOptions parse(String... args) {
        Optional<Path> state = Optional.empty();
        InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        int maxConnections = 64;
        int slots = Math.min(Runtime.getRuntime().availableProcessors(), 64);
        int memory = 64;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (option) {
                case "--state" -> state = Optional.of(Path.of(required(option, value)));
                case "--listen" -> listen = address(required(option, value));
                case "--max-connections" -> maxConnections = number(option, required(option, value), 1, 4096);
                case "--slots" -> slots = number(option, required(option, value), 1, 1024);
                case "--tenant-memory" -> memory = number(option, required(option, value), 1, 1 << 16);
                default -> throw new IllegalArgumentException("unknown argument '" + option + "'");
            }
            i++;
        }
        return new DaemonOptions(state, listen, maxConnections, slots, memory);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ", not '" + value + "'");
    }

    /// `HOST:PORT`, `[IPV6]:PORT`.
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen takes HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = number("--listen port", text.substring(colon + 1), 0, 65535);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen: unknown host '" + host + "'");
        }
    }
}
