package io.splitbpf.verifier.service;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.rpc.RpcLimits;
import io.splitbpf.core.rpc.RpcServer;
import io.splitbpf.core.rpc.RpcServer.ProcessorFactory;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.core.thrift.VerifierService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TProtocol;

/// The verifier's TLS endpoint: it presents `verifier/server.key`, accepts clients whose
/// certificates [ClientPolicy] admits, and serves each connection with its own [VerifyHandler].
///
/// Every connection may hold one request frame of [RequestLimits#maxFrameBytes()]; at most
/// [RequestLimits#MAX_CONNECTIONS] are served at once, and a silent one is closed after two
/// minutes.
public final class VerifierServer implements AutoCloseable {
    private final RpcServer rpc;
    private final RequestSlots slots;

    private VerifierServer(RpcServer rpc, RequestSlots slots) {
        this.rpc = rpc;
        this.slots = slots;
    }

    /// Loads the verifier's credential, trust folder and signer from `state` and listens on
    /// `address` (port 0 for a free one).
    ///
    /// @param log told one line per request and per refused connection
    /// @throws IOException when a file of the verifier's folder is missing or does not read,
    ///         or the address cannot be bound; the message names the file or the address
    public static VerifierServer start(StateLayout state, InetSocketAddress address, RequestLimits limits,
                                       ServiceInfo info, Clock clock, Consumer<String> log) throws IOException {
        Objects.requireNonNull(log, "log");
        Credential server = Credential.load(state.verifier(), "server");
        ClientPolicy policy = ClientPolicy.load(state.verifierTrust());
        SigningStage signing = SigningStage.load(state.signer(), clock, limits.maxValidity());
        SSLContext tls = TlsContexts.of(server.key(), server.chain(), policy.cas());
        RequestSlots slots = new RequestSlots(limits.maxConcurrent());
        VerifyHandler.Shared shared = new VerifyHandler.Shared(limits, slots, signing, info, log);
        ProcessorFactory factory = peer -> {
            Optional<String> refusal = policy.refusal(peer);
            return refusal.<ProcessorFactory.Result>map(ProcessorFactory.Refuse::new)
                    .orElseGet(() -> new ProcessorFactory.Serve(processor(peer, shared)));
        };
        RpcLimits rpcLimits = new RpcLimits(limits.maxFrameBytes(), RequestLimits.MAX_CONNECTIONS,
                Duration.ofMinutes(2), Duration.ofSeconds(5));
        return new VerifierServer(RpcServer.start(tls, address, rpcLimits, factory, log), slots);
    }

    /// A connection's processor: the generated one over a new handler, giving the handler's
    /// request slot back once the response is written.
    private static TProcessor processor(PeerIdentity peer, VerifyHandler.Shared shared) {
        VerifyHandler handler = new VerifyHandler(peer, shared);
        VerifierService.Processor<VerifyHandler> generated = new VerifierService.Processor<>(handler);
        return new TProcessor() {
            @Override
            public void process(TProtocol in, TProtocol out) throws TException {
                try {
                    generated.process(in, out);
                } finally {
                    handler.responseSent();
                }
            }
        };
    }

    /// The address it listens on.
    public InetSocketAddress address() {
        return rpc.address();
    }

    /// The requests in progress now.
    public int requestsInProgress() {
        return slots.inProgress();
    }

    /// Stops listening; requests in progress get two seconds to finish.
    @Override
    public void close() {
        rpc.close();
    }
}
