package io.splitbpf.cli.options;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/// `--state DIR` and `--tenant NAME`: which state directory to use and whose client
/// certificate to present to the daemons. Every command that talks to a daemon or to the PKI
/// mixes these in.
public final class ConnectionOptionsMixin {
    @Mixin
    StateOptionMixin state = new StateOptionMixin();

    @Option(names = "--tenant", paramLabel = "NAME",
            description = "Act as tenant NAME, with its client certificate (default: the admin certificate).")
    String tenant;

    /// The options as given: `state` or null for the default, `tenant` or null for the admin.
    public static ConnectionOptionsMixin of(Path state, String tenant) {
        ConnectionOptionsMixin o = new ConnectionOptionsMixin();
        o.state = StateOptionMixin.of(state);
        o.tenant = tenant;
        return o;
    }

    /// The state directory these options name.
    public StateLayout layout() {
        return state.layout();
    }

    /// The tenant asked for with `--tenant`, if any.
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /// Who the caller is: the tenant's name, or `admin`.
    public String identity() {
        return tenant == null ? Pki.ADMIN : tenant;
    }

    /// The caller's client key and certificate chain (which ends with the CA).
    ///
    /// @throws CommandException naming the missing file and the command that makes it
    public Credential credential() {
        StateLayout layout = layout();
        if (!Pki.at(layout, java.time.Clock.systemUTC()).exists()) {
            throw CommandException.failed("no PKI in " + layout.root() + " (run `ebpf daemon start` or `ebpf cert init`"
                    + (state.given() ? "" : ", or pass --state DIR") + ")");
        }
        Path dir = tenant == null ? layout.clients() : layout.tenants();
        String name = tenant == null ? Pki.ADMIN : tenant;
        if (tenant != null) {
            try {
                Pki.requireTenantName(tenant);
            } catch (IllegalArgumentException e) {
                throw CommandException.badInput(e.getMessage());
            }
        }
        if (!Files.exists(dir.resolve(name + ".crt"))) {
            throw CommandException.failed("no client certificate for " + (tenant == null ? "the admin" : "tenant '" + tenant
                    + "'") + " in " + dir + (tenant == null ? "" : " (issue one with `ebpf cert issue --tenant " + tenant + "`)"));
        }
        try {
            return Credential.load(dir, name);
        } catch (NoSuchFileException e) {
            throw new CommandException(io.splitbpf.cli.ExitCode.FAILED, e.getFile() + ": no such file", e);
        } catch (IOException | RuntimeException e) {
            throw new CommandException(io.splitbpf.cli.ExitCode.FAILED, "cannot read the client certificate of "
                    + identity() + ": " + Errors.oneLine(e), e);
        }
    }
}
