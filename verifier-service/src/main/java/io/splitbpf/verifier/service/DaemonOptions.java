package io.splitbpf.verifier.service;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/// The command line of `ebpf-verifierd`.
///
/// @param state the state directory given with `--state`, if any
/// @param listen the address to listen on
/// @param maxRequests `--max-requests`, if given
/// @param requestTimeout `--request-timeout`, if given
/// @param maxValidity `--max-validity`, if given
/// @param help whether `--help` was asked for
public record DaemonOptions(Optional<Path> state, InetSocketAddress listen, Optional<Integer> maxRequests,
                            Optional<Duration> requestTimeout, Optional<Duration> maxValidity, boolean help) {
    /// The usage text.
    public static final String USAGE = """
            Usage: ebpf-verifierd [--state STATE] [--listen HOST:PORT] [--max-requests N]
                                  [--request-timeout SECONDS] [--max-validity DAYS]
            The verifier service: verifies eBPF objects for clients of the state directory's CA
            (mutual TLS) and signs the programs it proves safe.
              --state STATE            the state directory (default $SPLITBPF_STATE, else ~/.splitbpf);
                                       the service uses STATE/verifier only
              --listen HOST:PORT       where to listen (default 127.0.0.1:0, a free loopback port)
              --max-requests N         requests verified at once; more get BUSY (default: by heap size)
              --request-timeout SECONDS  the time one request may take (default 30)
              --max-validity DAYS      the longest artifact lifetime granted (default 30)
            The launcher's heap cap: SPLITBPF_VERIFIERD_HEAP (default 1g), or --heap SIZE before the others.
            """;

    /// Reads `args`.
    ///
    /// @throws IllegalArgumentException naming the option and what is wrong with its value
    public static DaemonOptions parse(String... args) {
        Optional<Path> state = Optional.empty();
        InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        Optional<Integer> maxRequests = Optional.empty();
        Optional<Duration> timeout = Optional.empty();
        Optional<Duration> validity = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            if (name.equals("--help") || name.equals("-h")) {
                return new DaemonOptions(state, listen, maxRequests, timeout, validity, true);
            }
            String value;
            if (eq > 0 && arg.startsWith("--")) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(known(name) + " needs a value");
            }
            switch (known(name)) {
                case "--state" -> state = Optional.of(Path.of(value));
                case "--listen" -> listen = address(value);
                case "--max-requests" -> maxRequests = Optional.of((int) positive(name, value, Integer.MAX_VALUE));
                case "--request-timeout" -> timeout = Optional.of(Duration.ofSeconds(positive(name, value, 86_400)));
                case "--max-validity" -> validity = Optional.of(Duration.ofDays(positive(name, value, 3650)));
                default -> throw new IllegalStateException(name);
            }
        }
        return new DaemonOptions(state, listen, maxRequests, timeout, validity, false);
    }

    private static String known(String name) {
        return switch (name) {
            case "--state", "--listen", "--max-requests", "--request-timeout", "--max-validity" -> name;
            default -> throw new IllegalArgumentException("unknown option '" + name + "'");
        };
    }

    private static long positive(String name, String value, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number from 1 to " + max);
    }

    /// `HOST:PORT`, `[V6]:PORT`; the host is a name or a literal address.
    static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("--listen: '" + value + "' is not HOST:PORT");
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen: '" + value.substring(colon + 1) + "' is not a port (0 to 65535)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen: unknown host '" + host + "'", e);
        }
    }
}
