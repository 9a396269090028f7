package io.splitbpf.cli.cert;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.StateOptionMixin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `ebpf cert issue --tenant NAME [--validity DAYS]`: a client certificate for a tenant, in
/// `clients/tenants/NAME.key|.crt`.
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Issue a client certificate for a tenant.")
public final class CertIssueCommand implements Callable<Integer> {
    @Mixin
    StateOptionMixin state;

    @Option(names = "--tenant", paramLabel = "NAME", required = true,
            description = "The tenant: 1 to 63 lower-case letters, digits, '.', '_' or '-'.")
    String tenant;

    @Option(names = "--validity", paramLabel = "DAYS", description = "Validity in days (default: 365).")
    Integer validityDays;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        StateLayout layout = state.layout();
        try {
            Pki.requireTenantName(tenant);
        } catch (IllegalArgumentException e) {
            throw CommandException.badInput(e.getMessage());
        }
        Credential c;
        try {
            c = CertOptions.pki(layout).issueTenant(tenant, CertOptions.validity(validityDays));
        } catch (FileAlreadyExistsException e) {
            throw CommandException.failed("tenant '" + tenant + "' already has a certificate ("
                    + CertOptions.relative(layout, java.nio.file.Path.of(e.getFile())) + "); revoke it and remove its "
                    + "files to issue a new one");
        } catch (NoSuchFileException e) {
            throw CommandException.failed("no CA in " + layout.root() + "; run `ebpf cert init` first");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("issued a client certificate for tenant '%s': serial %s, valid until %s%n", tenant,
                c.certificate().getSerialNumber().toString(16), c.certificate().getNotAfter().toInstant());
        out.println("  " + CertOptions.relative(layout, layout.tenants().resolve(tenant + ".key")) + "  (private, owner-only)");
        out.println("  " + CertOptions.relative(layout, layout.tenants().resolve(tenant + ".crt")));
        return ExitCode.OK;
    }
}
