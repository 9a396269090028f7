package io.splitbpf.cli.cert;

import io.splitbpf.certs.ca.RevocationList;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.StateOptionMixin;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf cert revoke SERIAL`: puts a certificate on the revocation list and publishes the list
/// to the CA's, the verifier's and the host's folders. Both daemons refuse a revoked client;
/// the host refuses artifacts signed by a revoked signer.
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a certificate by its serial number (hex, as `cert list` prints it).")
public final class CertRevokeCommand implements Callable<Integer> {
    @Mixin
    StateOptionMixin state;

    @Parameters(paramLabel = "SERIAL", description = "The serial number in hex.")
    String serial;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BigInteger number = parseSerial(serial);
        StateLayout layout = state.layout();
        Pki pki = CertOptions.pki(layout);
        List<Pki.Issued> issued;
        try {
            issued = pki.list();
        } catch (NoSuchFileException e) {
            throw CommandException.failed("no CA in " + layout.root() + "; run `ebpf cert init` first");
        }
        Pki.Issued target = issued.stream().filter(i -> i.serial().equals(number)).findFirst().orElseThrow(() ->
                CommandException.failed("no certificate with serial " + number.toString(16) + " was issued by the CA in "
                        + layout.root() + " (see `ebpf cert list`)"));
        if (target.revoked()) {
            throw CommandException.failed("certificate " + number.toString(16) + " (" + target.profile() + " "
                    + target.name() + ") is already revoked");
        }
        RevocationList list;
        try {
            list = pki.revoke(number);
        } catch (IllegalArgumentException e) {
            throw CommandException.failed(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("revoked serial %s (%s %s)%n", number.toString(16), target.profile(), target.name());
        out.printf("published revocation list number %s with %d entr%s to %s, %s and %s%n", list.number(),
                list.entries().size(), list.entries().size() == 1 ? "y" : "ies",
                CertOptions.relative(layout, layout.caCrl()),
                CertOptions.relative(layout, layout.verifierTrust().resolve("ca.crl")),
                CertOptions.relative(layout, layout.hostAnchors().resolve("ca.crl")));
        return ExitCode.OK;
    }

    /// A serial in hex, with or without `0x` and `:` separators.
    static BigInteger parseSerial(String text) {
        String hex = text.strip().replace(":", "");
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || hex.length() > 64 || !hex.matches("[0-9a-fA-F]+")) {
            throw CommandException.badInput("serial '" + text + "' is not a hex number (see `ebpf cert list`)");
        }
        return new BigInteger(hex, 16);
    }
}
