package io.splitbpf.core.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.thrift.TProcessor;
import org.apache.thrift.TProcessorFactory;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;

/// A Thrift server over mutual TLS: framed binary protocol, one worker thread a connection, a
/// processor per connection made for the peer's [PeerIdentity].
///
/// The TLS handshake runs on the connection's worker, never on the accepting thread, so a
/// silent or garbage-sending peer holds one worker until [RpcLimits#idleTimeout] at most.
public final class RpcServer implements AutoCloseable {
    /// Decides, per connection, whether a verified peer may talk to this server, and with what.
    @FunctionalInterface
    public interface ProcessorFactory {
        /// The processor serving `peer`, or a refusal: a message saying why the peer may not
        /// connect (revoked, wrong profile); the connection is then closed.
        Result processorFor(PeerIdentity peer);

        /// A processor, or why there is none.
        sealed interface Result {}

        /// Serve the connection with `processor`.
        record Serve(TProcessor processor) implements Result {}

        /// Refuse the connection.
        record Refuse(String reason) implements Result {}
    }

    private final TThreadPoolServer server;
    private final SSLServerSocket socket;
    private final Thread thread;
    private final AtomicInteger refused = new AtomicInteger();

    private RpcServer(TThreadPoolServer server, SSLServerSocket socket) {
        this.server = server;
        this.socket = socket;
        this.thread = Thread.ofPlatform().name("rpc-accept-" + socket.getLocalPort()).daemon(true).unstarted(server::serve);
    }

    /// Listens on `address` (port 0 for a free one) and starts serving in the background.
    ///
    /// @param refusals told of each connection refused (handshake failure or the factory's
    ///        refusal), for a log; must not block
    public static RpcServer start(SSLContext tls, InetSocketAddress address, RpcLimits limits,
                                  ProcessorFactory factory, java.util.function.Consumer<String> refusals)
            throws IOException {
        Objects.requireNonNull(factory, "factory");
        SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 128);
        socket.setNeedClientAuth(true);
        socket.setEnabledProtocols(new String[] {TlsContexts.PROTOCOL});
        TServerSocket transport;
        try {
            transport = new TServerSocket(socket, (int) limits.idleTimeout().toMillis());
        } catch (TTransportException e) {
            socket.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger workers = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> Thread.ofPlatform().name("rpc-" + socket.getLocalPort() + "-"
                + workers.incrementAndGet()).daemon(true).unstarted(r));
        RpcServer[] self = new RpcServer[1];
        TProcessorFactory processors = new TProcessorFactory(null) {
            @Override
            public TProcessor getProcessor(TTransport trans) {
                Function<String, RuntimeException> refuse = why -> {
                    self[0].refused.incrementAndGet();
                    refusals.accept(why);
                    return new IllegalStateException(why);
                };
                if (!(trans instanceof TSocket s) || !(s.getSocket() instanceof SSLSocket ssl)) {
                    throw refuse.apply("not a TLS connection");
                }
                PeerIdentity peer;
                try {
                    ssl.startHandshake();
                    Certificate[] chain = ssl.getSession().getPeerCertificates();
                    peer = PeerIdentity.of((X509Certificate) chain[0]);
                } catch (IOException | IllegalArgumentException | ClassCastException e) {
                    throw refuse.apply("connection from " + ssl.getRemoteSocketAddress() + " refused: " + e.getMessage());
                }
                return switch (factory.processorFor(peer)) {
                    case ProcessorFactory.Serve(TProcessor p) -> p;
                    case ProcessorFactory.Refuse(String why) -> throw refuse.apply(peer + " refused: " + why);
                };
            }
        };
        TThreadPoolServer.Args args = new TThreadPoolServer.Args(transport)
                .processorFactory(processors)
                .transportFactory(new TFramedTransport.Factory(limits.maxFrameBytes()))
                .protocolFactory(new TBinaryProtocol.Factory(true, true, limits.maxFrameBytes(), limits.maxFrameBytes()))
                .executorService(pool)
                .stopTimeoutVal(2)
                .stopTimeoutUnit(TimeUnit.SECONDS);
        RpcServer server = new RpcServer(new TThreadPoolServer(args), socket);
        self[0] = server;
        server.thread.start();
        return server;
    }

    /// The port it listens on.
    public int port() {
        return socket.getLocalPort();
    }

    /// The address it listens on.
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /// How many connections were refused so far.
    public int refusedConnections() {
        return refused.get();
    }

    /// Whether it still serves.
    public boolean isServing() {
        return server.isServing();
    }

    /// Stops accepting and closes the listening socket; connections in progress get up to two
    /// seconds to finish.
    @Override
    public void close() {
        server.stop();
        try {
            socket.close();
        } catch (IOException e) {
            // closing a listening socket that failed to close leaves nothing to do
        }
        Optional.of(thread).ifPresent(t -> {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
