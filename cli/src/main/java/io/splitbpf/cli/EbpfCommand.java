package io.splitbpf.cli;

import io.splitbpf.cli.artifact.ArtifactCommand;
import io.splitbpf.cli.bench.BenchCommand;
import io.splitbpf.cli.cert.CertCommand;
import io.splitbpf.cli.pcap.PcapCommand;
import io.splitbpf.cli.prog.ProgCommand;
import io.splitbpf.cli.conformance.ConformanceCommand;
import io.splitbpf.cli.daemon.DaemonCommand;
import io.splitbpf.cli.fuzz.FuzzCommand;
import io.splitbpf.cli.map.MapCommand;
import io.splitbpf.cli.object.ObjectCommand;
import io.splitbpf.cli.verify.VerifyCommand;
import io.splitbpf.core.json.Json;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/// The root of `ebpf`.
@Command(name = "ebpf",
        mixinStandardHelpOptions = true,
        versionProvider = EbpfCommand.Version.class,
        description = "splitbpf: load, inspect and run eBPF programs on the JVM.",
        subcommands = {DaemonCommand.class, ProgCommand.class, MapCommand.class, ArtifactCommand.class, ObjectCommand.class,
                VerifyCommand.class, CertCommand.class, PcapCommand.class,
                ConformanceCommand.class, DemoCommand.class, FuzzCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class EbpfCommand {
    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean stacktrace;

    /// Builds the command line with its output streams, so each command is testable.
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new EbpfCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean trace = matched(parsed, "--stacktrace");
            String message = ex instanceof CommandException ? ex.getMessage() : Errors.oneLine(ex);
            if (matched(parsed, "--json") || matched(parsed, "--pretty")) {
                // bpftool's convention: in JSON mode the error is JSON on stdout.
                line.getOut().println(Json.write(Map.of("error", message), false));
                line.getOut().flush();
            } else {
                line.getErr().println("error: " + message);
            }
            PrintWriter e = line.getErr();
            if (trace) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ex instanceof CommandException c ? c.exitCode() : ExitCode.BAD_INPUT;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("error: " + ex.getMessage());
            e.println("try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            e.flush();
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    /// Whether `option` was given to the command or any of its subcommands.
    private static boolean matched(CommandLine.ParseResult parsed, String option) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /// Runs `ebpf` with `args` and returns the exit code.
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /// The version from the jar's manifest (or "development" when run from classes).
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = EbpfCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ebpf (splitbpf) " + (v == null ? "development" : v)};
        }
    }
}
