package io.splitbpf.cli.cert;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.StateOptionMixin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `ebpf cert rotate-signer [--validity DAYS]`: a new signing key for the verifier. Artifacts
/// signed by the previous key stay valid until its certificate expires or is revoked.
@Command(name = "rotate-signer", mixinStandardHelpOptions = true,
        description = "Give the verifier a new signing key; artifacts signed by the old one stay valid until it "
                + "expires or is revoked.")
public final class CertRotateSignerCommand implements Callable<Integer> {
    @Mixin
    StateOptionMixin state;

    @Option(names = "--validity", paramLabel = "DAYS", description = "Validity in days (default: 365).")
    Integer validityDays;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        StateLayout layout = state.layout();
        Optional<X509Certificate> previous = current(layout);
        Credential next;
        try {
            next = CertOptions.pki(layout).rotateSigner(CertOptions.validity(validityDays));
        } catch (NoSuchFileException e) {
            throw CommandException.failed("no CA in " + layout.root() + "; run `ebpf cert init` first");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("new signing certificate: serial %s, valid until %s (%s)%n",
                next.certificate().getSerialNumber().toString(16), next.certificate().getNotAfter().toInstant(),
                CertOptions.relative(layout, layout.signer().resolve(SignerStore.FILE_NAME + ".crt")));
        previous.ifPresent(p -> out.printf("retired serial %s: artifacts it signed stay valid until %s, or until "
                        + "`ebpf cert revoke %s`%n", p.getSerialNumber().toString(16), p.getNotAfter().toInstant(),
                p.getSerialNumber().toString(16)));
        return ExitCode.OK;
    }

    /// The current signer's certificate, read without its key.
    private static Optional<X509Certificate> current(StateLayout layout) throws IOException {
        var file = layout.signer().resolve(SignerStore.FILE_NAME + ".crt");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (var in = Files.newInputStream(file)) {
            var certs = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            return certs.stream().findFirst().map(X509Certificate.class::cast);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
