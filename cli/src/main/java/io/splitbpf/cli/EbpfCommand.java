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
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/// The root of `ebpf`.
@Command(name = "ebpf",
        mixinStandardHelpOptions = true,
        versionProvider = EbpfCommand.Version.class,
        description = "splitbpf: load, inspect and run eBPF programs on the JVM.")
public final class EbpfCommand {
    /// The subcommands, in the order `ebpf --help` lists them.
    private static final List<Class<?>> SUBCOMMANDS = List.of(DaemonCommand.class, ProgCommand.class, MapCommand.class,
            ArtifactCommand.class, ObjectCommand.class, VerifyCommand.class, CertCommand.class, PcapCommand.class,
            ConformanceCommand.class, DemoCommand.class, FuzzCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class);


    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean stacktrace;

    /// Builds the command line, with every subcommand, with its output streams, so each command
    /// is testable.
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, SUBCOMMANDS);
    }

    /// The command line with only `subcommands`.
    private static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new EbpfCommand());
        subcommands.forEach(cl::addSubcommand);
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
    ///
    /// Picocli reflects over every command it is given, their options and their subcommands,
    /// before parsing: most of a short run's start-up. So only the subcommand `args` name is
    /// built; all are when they name none (`--help`, `help`, a misspelt name: picocli then lists
    /// them or suggests the nearest).
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err, subcommandsFor(args)).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /// The subcommand the first argument that is not an option names (the root's options take no
    /// value), or all of them.
    static List<Class<?>> subcommandsFor(String... args) {
        for (String a : args) {
            if (a.startsWith("-") && !a.equals("--")) {
                continue;
            }
            for (Class<?> c : SUBCOMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (c != CommandLine.HelpCommand.class
                        && (command.name().equals(a) || List.of(command.aliases()).contains(a))) {
                    return List.of(c);
                }
            }
            break;
        }
        return SUBCOMMANDS;
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
