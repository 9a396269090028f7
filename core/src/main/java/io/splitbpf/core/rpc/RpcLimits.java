package io.splitbpf.core.rpc;

import java.time.Duration;

/// Bounds on what one connection may send and how many may be served at once.
///
/// @param maxFrameBytes the largest Thrift frame read (a larger one ends the connection)
/// @param maxConnections connections served at once; more wait for `acceptWait`, then are closed
/// @param idleTimeout how long a connection may stay silent (handshake included) before it is closed
/// @param acceptWait how long a connection beyond `maxConnections` waits for a free worker
public record RpcLimits(int maxFrameBytes, int maxConnections, Duration idleTimeout, Duration acceptWait) {
    public RpcLimits {
        if (maxFrameBytes < 1024) throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " < 1024");
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections " + maxConnections + " < 1");
    }

    /// 80 MB frames (an object file of 64 MB with room to spare), 64 connections, 2 minutes idle.
    public static RpcLimits defaults() {
        return new RpcLimits(80 << 20, 64, Duration.ofMinutes(2), Duration.ofSeconds(5));
    }
}
