package io.splitbpf.cli.cert;

import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.StateOptionMixin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `ebpf cert init [--state DIR] [--algorithm ec-p256|ed25519] [--validity DAYS]`: creates the
/// CA, the verifier's signing certificate, both daemons' server certificates and the admin's
/// client certificate, and prints what it wrote (paths and serials; never a key).
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the CA, the verifier's signing certificate, the daemons' server certificates and the "
                + "admin certificate in the state directory.")
public final class CertInitCommand implements Callable<Integer> {
    @Mixin
    StateOptionMixin state;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ec-p256",
            description = "ec-p256 (ECDSA P-256 with SHA-256) or ed25519; default ${DEFAULT-VALUE}.")
    String algorithm;

    @Option(names = "--validity", paramLabel = "DAYS",
            description = "Validity of the issued certificates in days (default: 365; the CA: 10 years).")
    Integer validityDays;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        KeyAlgorithm alg = algorithm(algorithm);
        StateLayout layout = state.layout();
        Pki pki = CertOptions.pki(layout);
        List<Path> written;
        try {
            written = pki.init(alg, CertOptions.validity(validityDays));
        } catch (FileAlreadyExistsException e) {
            throw CommandException.failed(layout.root() + " already has a CA; nothing was changed");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("created the PKI in " + layout.root() + " (" + (alg == KeyAlgorithm.EC_P256
                ? "ECDSA P-256 with SHA-256" : "Ed25519") + ")");
        for (Path p : written) {
            out.println("  " + CertOptions.relative(layout, p) + (p.toString().endsWith(".key") ? "  (private, owner-only)" : ""));
        }
        CertListCommand.table(pki.list(), out);
        return ExitCode.OK;
    }

    /// `ec-p256` or `ed25519`.
    static KeyAlgorithm algorithm(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ec-p256", "p256", "p-256", "ecdsa" -> KeyAlgorithm.EC_P256;
            case "ed25519" -> KeyAlgorithm.ED25519;
            default -> throw CommandException.badInput("--algorithm '" + name + "': expected ec-p256 or ed25519");
        };
    }
}
