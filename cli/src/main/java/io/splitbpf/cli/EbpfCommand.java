package io.splitbpf.cli;

import io.splitbpf.cli.bench.BenchCommand;
import io.splitbpf.cli.conformance.ConformanceCommand;
import io.splitbpf.cli.fuzz.FuzzCommand;
import io.splitbpf.cli.object.ObjectCommand;
import io.splitbpf.cli.verify.VerifyCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/// The root of `ebpf`.
@Command(name = "ebpf",
        mixinStandardHelpOptions = true,
        versionProvider = EbpfCommand.Version.class,
        description = "splitbpf: load, inspect and run eBPF programs on the JVM.",
        subcommands = {ObjectCommand.class, VerifyCommand.class, ConformanceCommand.class, DemoCommand.class,
                FuzzCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
            boolean trace = parsed.matchedOption("--stacktrace") != null
                    || parsed.subcommands().stream().anyMatch(p -> p.matchedOption("--stacktrace") != null);
            PrintWriter e = line.getErr();
            e.println("error: " + Errors.oneLine(ex));
            if (trace) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ExitCode.BAD_INPUT;
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
