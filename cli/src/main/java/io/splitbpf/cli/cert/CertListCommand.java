package io.splitbpf.cli.cert;

import io.splitbpf.certs.state.Pki;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.StateOptionMixin;
import io.splitbpf.cli.output.OutputOptionsMixin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/// `ebpf cert list [-j|-p]`: every certificate the CA issued, with its state.
@Command(name = "list", aliases = "show", mixinStandardHelpOptions = true,
        description = "List the certificates the CA issued: serial, profile, name, expiry, state.")
public final class CertListCommand implements Callable<Integer> {
    @Mixin
    StateOptionMixin state;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Pki pki = CertOptions.pki(state.layout());
        if (!pki.exists()) {
            throw CommandException.failed("no CA in " + state.layout().root() + "; run `ebpf cert init` first");
        }
        List<Pki.Issued> issued;
        try {
            issued = pki.list();
        } catch (NoSuchFileException e) {
            throw CommandException.failed(e.getFile() + ": no such file");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.format().isJson()) {
            List<Object> rows = new ArrayList<>();
            for (Pki.Issued i : issued) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("serial", i.serial().toString(16));
                j.put("profile", i.profile());
                j.put("name", i.name());
                j.put("not_after", i.notAfter().toString());
                j.put("revoked", i.revoked());
                j.put("expired", i.notAfter().isBefore(Instant.now()));
                rows.add(j);
            }
            output.printJson(out, rows);
        } else {
            table(issued, out);
        }
        return ExitCode.OK;
    }

    /// The text table: serial, profile, name, not-after, state.
    static void table(List<Pki.Issued> issued, PrintWriter out) {
        int width = Math.max(6, issued.stream().mapToInt(i -> i.serial().toString(16).length()).max().orElse(6));
        String format = "%-" + width + "s  %-16s  %-22s  %-20s  %s%n";
        out.printf(format, "serial", "profile", "name", "not after", "state");
        Instant now = Instant.now();
        for (Pki.Issued i : issued) {
            out.printf(format, i.serial().toString(16), i.profile(), i.name(), i.notAfter(),
                    i.revoked() ? "revoked" : i.notAfter().isBefore(now) ? "expired" : "valid");
        }
    }
}
