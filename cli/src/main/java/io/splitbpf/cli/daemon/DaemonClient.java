package io.splitbpf.cli.daemon;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.core.rpc.RpcConnection;
import io.splitbpf.core.rpc.RpcLimits;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.core.thrift.AdmissionRefused;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.Refusal;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.VerifierService;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;

/// A client's connection to one daemon, with the caller's certificate, and the one place where
/// what goes wrong on the wire becomes a one-line [CommandException]: the daemon not running,
/// the connection lost, a [ServiceError] (exit 2 for a bad request, else 1), the host's
/// [AdmissionRefused] (its reason and detail).
///
/// @param <C> the generated Thrift client
public final class DaemonClient<C> implements AutoCloseable {
    /// How long a host call may take.
    public static final Duration HOST_TIMEOUT = Duration.ofSeconds(60);
    /// How long a verify call may take; the service's own per-request limits end it earlier.
    public static final Duration VERIFIER_TIMEOUT = Duration.ofMinutes(5);

    /// A call on a generated client.
    @FunctionalInterface
    public interface Call<C, T> {
        T on(C client) throws TException;
    }

    private final Daemon daemon;
    private final InetSocketAddress address;
    private final RpcConnection connection;
    private final C client;

    private DaemonClient(Daemon daemon, InetSocketAddress address, RpcConnection connection, C client) {
        this.daemon = daemon;
        this.address = address;
        this.connection = connection;
        this.client = client;
    }

    /// Connects to the host daemon of `options`' state directory as its caller.
    public static DaemonClient<HostService.Client> host(ConnectionOptionsMixin options) {
        return open(Daemon.HOST, options.layout(), options.credential(), HOST_TIMEOUT, HostService.Client::new);
    }

    /// Connects to the verifier daemon of `options`' state directory as its caller.
    public static DaemonClient<VerifierService.Client> verifier(ConnectionOptionsMixin options) {
        return open(Daemon.VERIFIER, options.layout(), options.credential(), VERIFIER_TIMEOUT,
                VerifierService.Client::new);
    }

    /// Connects to `daemon` as `who`, trusting the CA that ends `who`'s chain.
    ///
    /// @throws CommandException when it is not running or does not answer
    public static <C> DaemonClient<C> open(Daemon daemon, StateLayout state, Credential who, Duration timeout,
                                           Function<TProtocol, C> client) {
        InetSocketAddress address = endpoint(daemon, state);
        SSLContext tls = TlsContexts.of(who.key(), who.chain(), List.of(who.chain().getLast()));
        try {
            RpcConnection c = RpcConnection.open(tls, address, daemon.serverName(), RpcLimits.defaults(), timeout);
            return new DaemonClient<>(daemon, address, c, client.apply(c.protocol()));
        } catch (ConnectException e) {
            throw CommandException.failed(daemon.title() + " at " + text(address) + " does not answer (" + e.getMessage()
                    + "); is it running? see " + state.log(daemon.folder()));
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, "cannot connect to " + daemon.title() + " at " + text(address)
                    + ": " + e.getMessage(), e);
        }
    }

    /// The address in `daemon`'s endpoint file.
    ///
    /// @throws CommandException when there is none: the daemon is not running
    public static InetSocketAddress endpoint(Daemon daemon, StateLayout state) {
        try {
            return daemon.endpoint(state).orElseThrow(() -> CommandException.failed(daemon.title()
                    + " is not running (no " + state.endpoint(daemon.folder()) + "); start it with `ebpf daemon start"
                    + stateOption(state) + "`"));
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, e.getMessage(), e);
        }
    }

    private static String stateOption(StateLayout state) {
        return state.equals(StateLayout.resolve(null)) ? "" : " --state " + state.root();
    }

    /// Runs `call`, turning every failure into one clear line.
    public <T> T call(Call<C, T> call) {
        try {
            return call.on(client);
        } catch (ServiceError e) {
            throw new CommandException(e.getCode() == ErrorCode.BAD_REQUEST ? ExitCode.BAD_INPUT : ExitCode.FAILED,
                    e.getMessage(), e);
        } catch (AdmissionRefused e) {
            throw new CommandException(ExitCode.FAILED, "the host refused the artifact: " + refusalName(e.getReason())
                    + ": " + e.getDetail(), e);
        } catch (TApplicationException e) {
            throw new CommandException(ExitCode.FAILED, daemon.title() + " failed: " + e.getMessage(), e);
        } catch (TTransportException e) {
            throw new CommandException(ExitCode.FAILED, lost(e), e);
        } catch (TException e) {
            throw new CommandException(ExitCode.FAILED, daemon.title() + ": " + e.getMessage(), e);
        }
    }

    /// A [#call] with no result.
    public void run(Call<C, ?> call) {
        call(call);
    }

    private String lost(TTransportException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "no reply from " + daemon.title() + " at " + text(address) + " within "
                        + (daemon == Daemon.HOST ? HOST_TIMEOUT : VERIFIER_TIMEOUT).toSeconds() + " s";
            }
        }
        String why = e.getType() == TTransportException.END_OF_FILE ? "it closed the connection"
                : e.getMessage() == null ? "transport error " + e.getType() : e.getMessage();
        return "lost the connection to " + daemon.title() + " at " + text(address) + " (" + why
                + "); it may have stopped";
    }

    /// The bytes of a `binary` result.
    public static byte[] bytes(java.nio.ByteBuffer buffer) {
        java.nio.ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /// `revoked`, `wrong tenant`: how a refusal reason reads.
    public static String refusalName(Refusal reason) {
        return reason == null ? "unknown reason" : reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /// `127.0.0.1:40123`.
    public static String text(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /// The daemon's address.
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        connection.close();
    }
}
