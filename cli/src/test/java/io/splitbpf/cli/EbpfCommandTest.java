package io.splitbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.cli.verify.VerifyCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/// `ebpf` builds only the subcommand its arguments name, and behaves as with all of them.
class EbpfCommandTest {
    @Test
    void buildsOnlyTheNamedSubcommand() {
        assertEquals(List.of(VerifyCommand.class), EbpfCommand.subcommandsFor("verify", "x.o"));
        assertEquals(List.of(VerifyCommand.class), EbpfCommand.subcommandsFor("--stacktrace", "verify", "--stats"));
    }

    @Test
    void buildsAllWhenNoneIsNamed() {
        int all = EbpfCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getSubcommands().size();
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"help", "verify"},
                new String[] {"verfy"}, new String[] {"--", "verify"})) {
            assertEquals(all, EbpfCommand.subcommandsFor(args).size(), String.join(" ", args));
        }
    }

    @Test
    void helpAndErrorsAreTheSameAsWithAllSubcommands() {
        for (String[] args : List.of(new String[] {"verify", "--help"}, new String[] {"verify", "--no-such-option"},
                new String[] {"--help"}, new String[] {"verfy"}, new String[] {"prog", "show", "--help"})) {
            assertEquals(runWithAll(args), run(args), String.join(" ", args));
        }
    }

    @Test
    void rootOptionsReachTheSubcommand() {
        String out = run("--stacktrace", "verify", "no-such-file.o");
        assertTrue(out.contains("no-such-file.o") && out.contains("\tat "), out);
    }

    private static String run(String... args) {
        StringWriter w = new StringWriter();
        PrintWriter p = new PrintWriter(w);
        int code = EbpfCommand.run(p, p, args);
        return code + "\n" + w;
    }

    private static String runWithAll(String... args) {
        StringWriter w = new StringWriter();
        PrintWriter p = new PrintWriter(w);
        CommandLine cl = EbpfCommand.commandLine(p, p);
        int code = cl.execute(args);
        p.flush();
        return code + "\n" + w;
    }
}
