package io.splitbpf.core.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;

/// A client's connection to a daemon: mutual TLS, the server's certificate checked to name the
/// expected daemon (Thrift's own TLS factory checks no name), then framed binary Thrift.
public final class RpcConnection implements AutoCloseable {
    private final SSLSocket socket;
    private final TFramedTransport transport;
    private final TProtocol protocol;
    private final PeerIdentity server;

    private RpcConnection(SSLSocket socket, TFramedTransport transport, PeerIdentity server) {
        this.socket = socket;
        this.transport = transport;
        this.protocol = new TBinaryProtocol(transport);
        this.server = server;
    }

    /// Connects to `address` and checks that the server's certificate has common name
    /// `expectedServer`.
    ///
    /// @param timeout for connecting and for each reply
    /// @throws IOException when it cannot connect, the handshake fails or the server is not
    ///         the one expected; the message says which
    public static RpcConnection open(SSLContext tls, InetSocketAddress address, String expectedServer,
                                     RpcLimits limits, Duration timeout) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        try {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setEnabledProtocols(new String[] {TlsContexts.PROTOCOL});
            socket.startHandshake();
            PeerIdentity server = PeerIdentity.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
            if (!server.name().equals(expectedServer)) {
                throw new IOException(address + " presented a certificate for " + server + ", not " + expectedServer);
            }
            TSocket raw = new TSocket(socket);
            TConfiguration config = raw.getConfiguration();
            config.setMaxMessageSize(limits.maxFrameBytes());
            config.setMaxFrameSize(limits.maxFrameBytes());
            TFramedTransport transport = new TFramedTransport(raw, limits.maxFrameBytes());
            return new RpcConnection(socket, transport, server);
        } catch (IOException | TTransportException | IllegalArgumentException e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException(address + ": " + e.getMessage(), e);
        }
    }

    /// The protocol to build a generated client on: `new HostService.Client(c.protocol())`.
    public TProtocol protocol() {
        return protocol;
    }

    /// Who the server is.
    public PeerIdentity server() {
        return server;
    }

    @Override
    public void close() {
        transport.close();
        try {
            socket.close();
        } catch (IOException e) {
            // already closed by the transport
        }
    }
}
