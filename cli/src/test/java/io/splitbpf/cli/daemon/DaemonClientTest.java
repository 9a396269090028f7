package io.splitbpf.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.EbpfCommand;
import io.splitbpf.core.rpc.RpcLimits;
import io.splitbpf.core.rpc.RpcServer;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.core.thrift.AdmissionRefused;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.ProgramInfo;
import io.splitbpf.core.thrift.Refusal;
import io.splitbpf.core.thrift.ServiceError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The client side of the host service against an in-test server: what the daemon answers
/// becomes bpftool-like output, and each kind of failure one `error:` line with its exit code.
class DaemonClientTest {
    @TempDir
    Path dir;

    private StateLayout state;
    private RpcServer server;
    private final List<String> calls = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        state = new StateLayout(dir.resolve("state"));
        Pki.at(state, Clock.systemUTC()).init(KeyAlgorithm.EC_P256, null);
        Credential host = Credential.load(state.host(), "server");
        server = RpcServer.start(TlsContexts.of(host.key(), host.chain(), List.of(host.chain().getLast())),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), RpcLimits.defaults(),
                peer -> new RpcServer.ProcessorFactory.Serve(new HostService.Processor<>(handler())), why -> { });
        Files.writeString(state.endpoint("host"), "127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /// A host that has one program, knows no other id, refuses every artifact as revoked and
    /// rejects every test run as malformed.
    private HostService.Iface handler() {
        return (HostService.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HostService.Iface.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "listPrograms" -> List.of(program());
                        case "getProgram" -> {
                            if ((int) args[0] == 7) {
                                yield program();
                            }
                            throw new ServiceError(ErrorCode.NOT_FOUND, "no program with id " + args[0]);
                        }
                        case "load" -> throw new AdmissionRefused(Refusal.REVOKED,
                                "certificate 'CN=ebpf-verifier-signing' (serial 1f) was revoked");
                        case "testRun" -> throw new ServiceError(ErrorCode.BAD_REQUEST, "data_in of 3 bytes is shorter "
                                + "than an Ethernet header (14 bytes)");
                        default -> throw new InvocationTargetException(new UnsupportedOperationException(method.getName()));
                    };
                });
    }

    private static ProgramInfo program() {
        ProgramInfo p = new ProgramInfo(7, "xdp", "xdp_proto_count", "4f1d0a3b2c1e0f9a", "admin", "jit", 1_767_225_600_000L,
                480, 2311, List.of(3), 10, 81632, true, "CN=ebpf-verifier-signing,OU=verifier-signing,O=splitbpf", "xdp");
        return p;
    }

    private record Run(int code, String out, String err) {}

    private Run ebpf(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state", state.root().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EbpfCommand.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void progShowPrintsBpftoolsLayout() {
        Run r = ebpf("prog", "show");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                7: xdp  name xdp_proto_count  tag 4f1d0a3b2c1e0f9a  gpl run_time_ns 81632 run_cnt 10
                \tloaded_at 2026-01-01T00:00:00+0000  tenant admin  mode jit
                \txlated 480B  jited 2311B  map_ids 3
                \tsection xdp  signer CN=ebpf-verifier-signing,OU=verifier-signing,O=splitbpf
                """, r.out());
        Run json = ebpf("prog", "show", "id", "7", "-j");
        assertEquals("{\"id\":7,\"type\":\"xdp\",\"name\":\"xdp_proto_count\",\"tag\":\"4f1d0a3b2c1e0f9a\","
                + "\"gpl_compatible\":true,\"run_time_ns\":81632,\"run_cnt\":10,\"loaded_at\":1767225600,\"tenant\":\"admin\","
                + "\"mode\":\"jit\",\"bytes_xlated\":480,\"jited\":true,\"bytes_jited\":2311,\"map_ids\":[3],\"section\":\"xdp\","
                + "\"signer\":\"CN=ebpf-verifier-signing,OU=verifier-signing,O=splitbpf\"}\n", json.out());
    }

    @Test
    void serviceErrorsAreOneLineWithTheirExitCode() {
        assertEquals(new Run(1, "", "error: no program with id 5\n"), ebpf("prog", "show", "id", "5"));
        assertEquals(new Run(1, "{\"error\":\"no program with id 5\"}\n", ""), ebpf("prog", "show", "id", "5", "-j"));
        Path data = dir.resolve("short.bin");
        assertEquals(new Run(2, "", "error: data_in of 3 bytes is shorter than an Ethernet header (14 bytes)\n"),
                runWith(data, new byte[3]));
    }

    private Run runWith(Path data, byte[] bytes) {
        try {
            Files.write(data, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ebpf("prog", "run", "id", "7", "data_in", data.toString());
    }

    @Test
    void admissionRefusalsNameTheReasonAndDetail() throws Exception {
        Path artifact = dir.resolve("x.artifact");
        Files.write(artifact, new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
        assertEquals(new Run(1, "", "error: the host refused the artifact: revoked: certificate "
                + "'CN=ebpf-verifier-signing' (serial 1f) was revoked\n"), ebpf("prog", "load", artifact.toString()));
    }

    @Test
    void aDaemonThatDoesNotAnswerIsSaidToBeSo() {
        server.close();
        Run r = ebpf("prog", "show");
        assertEquals(1, r.code());
        assertEquals("error: the host daemon at 127.0.0.1:" + server.port() + " does not answer (Connection refused); "
                + "is it running? see " + state.log("host") + "\n", r.err());
    }
}
