package io.splitbpf.cli.cert;

import picocli.CommandLine.Command;

/// `ebpf cert`: the PKI of a state directory.
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Create the PKI, issue tenant certificates, revoke, list, rotate the verifier's signing key.",
        subcommands = {CertInitCommand.class, CertIssueCommand.class, CertRevokeCommand.class, CertListCommand.class,
                CertRotateSignerCommand.class})
public final class CertCommand {
}
