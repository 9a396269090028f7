package io.splitbpf.cli;

import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.conformance.ConformanceHelpers;
import io.splitbpf.exec.conformance.ConformanceRunner;
import io.splitbpf.exec.runtime.Engines;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/// `bin/ebpf-conformance-plugin`: the bpf_conformance runner's plugin protocol. The program
/// arrives as hex text on standard input (bytes separated by whitespace), the memory as hex in
/// the first argument when it does not start with `--`; r0 is printed in hex and the exit code
/// is 0, or one error line is printed and the exit code is 1. The runner has no time-out, so a
/// watchdog ends a run that takes longer than `--timeout` seconds (default 60).
public final class ConformancePlugin {
    private ConformancePlugin() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, readAll(), out));
    }

    static int run(String[] args, byte[] stdin, PrintStream out) {
        try {
            byte[] mem = null;
            String engine = "interpreter";
            long timeoutSeconds = 60;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i == 0 && !a.startsWith("--")) {
                    mem = hex(a, "memory");
                } else if (a.equals("--engine") && i + 1 < args.length) {
                    engine = args[++i];
                } else if (a.equals("--jit")) {
                    engine = "jit";
                } else if (a.equals("--interpret")) {
                    engine = "interpreter";
                } else if (a.equals("--timeout") && i + 1 < args.length) {
                    timeoutSeconds = Long.parseLong(args[++i]);
                } else if (a.equals("--elf")) {
                    throw new IllegalArgumentException("--elf is not supported: give the program as instructions");
                } else {
                    throw new IllegalArgumentException("unknown option " + a);
                }
            }
            byte[] code = hex(new String(stdin, StandardCharsets.US_ASCII), "program");
            ExecutionEngine e = Engines.byName(engine);
            InsnSeq program = InsnCodec.decode(code);
            Thread watchdog = Thread.ofPlatform().daemon().start(watchdog(timeoutSeconds, out));
            ExecutionEngine.LoadedCode loaded = e.load(program, ConformanceHelpers.table());
            ConformanceRunner.Outcome outcome = ConformanceRunner.run(loaded, mem, 0);
            watchdog.interrupt();
            return switch (outcome) {
                case ConformanceRunner.Outcome.Value(long r0) -> {
                    out.println("0x" + Long.toHexString(r0));
                    yield 0;
                }
                case ConformanceRunner.Outcome.Refused(String m) -> fail(out, m);
                case ConformanceRunner.Outcome.Failed(String m) -> fail(out, m);
            };
        } catch (RuntimeException e) {
            return fail(out, Errors.oneLine(e));
        }
    }

    private static Runnable watchdog(long seconds, PrintStream out) {
        return () -> {
            try {
                Thread.sleep(seconds * 1000);
                out.println("the program ran longer than " + seconds + " s");
                out.flush();
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException done) {
                // the run finished in time
            }
        };
    }

    private static int fail(PrintStream out, String message) {
        out.println(message.replace('\n', ' '));
        return 1;
    }

    /// Bytes from hex text: tokens of two hex digits, separated by any whitespace.
    static byte[] hex(String text, String what) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String tok : text.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (tok.length() != 2 || Character.digit(tok.charAt(0), 16) < 0 || Character.digit(tok.charAt(1), 16) < 0) {
                throw new IllegalArgumentException(what + ": '" + tok + "' is not a hex byte");
            }
            b.write(Integer.parseInt(tok, 16));
        }
        return b.toByteArray();
    }

    private static byte[] readAll() {
        try {
            return System.in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
