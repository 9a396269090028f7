package io.splitbpf.cli.verify;

import io.splitbpf.cli.Errors;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.VerifierOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/// A corpus manifest (`file,section,function,prevail_verdict,…`, one row per program, `file`
/// relative to the manifest's folder) and the comparison of our verdicts with PREVAIL's.
final class Manifest {
    /// What a verifier said about one program.
    enum Outcome {
        ACCEPTED, REJECTED, LOAD_ERROR;

        static Outcome ofPrevail(String verdict, int line) {
            return switch (verdict) {
                case "PASS" -> ACCEPTED;
                case "FAIL" -> REJECTED;
                case "LOAD_ERROR" -> LOAD_ERROR;
                default -> throw new IllegalArgumentException("line " + line + ": unknown prevail_verdict '" + verdict
                        + "' (expected PASS, FAIL or LOAD_ERROR)");
            };
        }

        String prevailName() {
            return switch (this) {
                case ACCEPTED -> "PASS";
                case REJECTED -> "FAIL";
                case LOAD_ERROR -> "LOAD_ERROR";
            };
        }

        String ourName() {
            return switch (this) {
                case ACCEPTED -> "accepted";
                case REJECTED -> "rejected";
                case LOAD_ERROR -> "load error";
            };
        }
    }

    /// One row: where the program is, what PREVAIL said, what PREVAIL's own inventory expects
    /// (`pass`, `reject`, `reject_load`, `expected_failure`; empty when the manifest has no such
    /// column) and, when the manifest has the column, how long PREVAIL took.
    ///
    /// @param prevailMillis PREVAIL's time for the program (column `prevail_time_ms`), when given
    record Row(int line, String file, String section, String function, Outcome prevail, String prevailFirstError,
               String upstreamStatus, OptionalDouble prevailMillis) {
        String where() {
            return file + " " + section + "/" + function;
        }
    }

    /// Our result for one row: the outcome, and the first error or the load error's message.
    record Result(Row row, Outcome ours, String detail) {
        boolean same() {
            return ours == row.prevail() || ours == Outcome.REJECTED && row.prevail() == Outcome.LOAD_ERROR;
        }

        /// The line printed for a row whose verdict differs.
        String differenceLine() {
            String prevail = row.prevail().prevailName()
                    + (row.prevailFirstError().isEmpty() ? "" : " (" + row.prevailFirstError() + ")");
            return row.where() + ": " + ours.ourName() + (detail.isEmpty() ? "" : " (" + detail + ")") + ", PREVAIL "
                    + prevail;
        }
    }

    /// The counts of the closing line, and the table ours × PREVAIL.
    ///
    /// @param table counts by our outcome, then PREVAIL's (both in [Outcome] order)
    record Agreement(int same, int acceptedWherePrevailRejected, int rejectedWherePrevailAccepted, int loadErrors,
                     long[][] table) {
        static Agreement of(List<Result> results) {
            int same = 0;
            int a = 0;
            int r = 0;
            int e = 0;
            long[][] table = new long[3][3];
            for (Result x : results) {
                table[x.ours().ordinal()][x.row().prevail().ordinal()]++;
                if (x.same()) {
                    same++;
                } else if (x.ours() == Outcome.ACCEPTED) {
                    a++;
                } else if (x.ours() == Outcome.REJECTED) {
                    r++;
                } else {
                    e++;
                }
            }
            return new Agreement(same, a, r, e, table);
        }

        /// The table ours × PREVAIL, a header line and one line per outcome of ours.
        List<String> tableLines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%-12s %10s %10s %10s", "ours\\PREVAIL", "PASS", "FAIL", "LOAD_ERROR"));
            for (Outcome o : Outcome.values()) {
                long[] row = table[o.ordinal()];
                lines.add(String.format("%-12s %10d %10d %10d", o.ourName(), row[0], row[1], row[2]));
            }
            return lines;
        }

        /// `agreement: N same, A accepted where PREVAIL rejected, R rejected where PREVAIL
        /// accepted, E load errors`.
        String closingLine() {
            return "agreement: " + same + " same, " + acceptedWherePrevailRejected + " accepted where PREVAIL rejected, "
                    + rejectedWherePrevailAccepted + " rejected where PREVAIL accepted, " + loadErrors + " load errors";
        }
    }

    private Manifest() {}

    /// The rows of the manifest at `path`.
    ///
    /// @throws IllegalArgumentException naming the manifest and the line when a row is malformed
    static List<Row> read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(path + ": empty manifest");
        }
        List<String> header = Csv.fields(lines.getFirst());
        int file = column(path, header, "file");
        int section = column(path, header, "section");
        int function = column(path, header, "function");
        int verdict = column(path, header, "prevail_verdict");
        int firstError = header.indexOf("prevail_first_error");
        int upstream = header.indexOf("upstream_inventory_status");
        int time = header.indexOf("prevail_time_ms");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = Csv.fields(lines.get(i));
            if (f.size() < header.size() - 1 || f.size() <= verdict) {
                throw new IllegalArgumentException(path + ": line " + (i + 1) + ": " + f.size() + " fields, expected "
                        + header.size());
            }
            try {
                rows.add(new Row(i + 1, f.get(file), f.get(section), f.get(function), Outcome.ofPrevail(f.get(verdict),
                        i + 1), optional(f, firstError), optional(f, upstream),
                        optional(f, time).isBlank() ? OptionalDouble.empty() : OptionalDouble.of(millis(f.get(time), i + 1))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static String optional(List<String> fields, int column) {
        return column >= 0 && column < fields.size() ? fields.get(column) : "";
    }

    private static double millis(String text, int line) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": prevail_time_ms '" + text + "' is not a number", e);
        }
    }

    private static int column(Path path, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(path + ": no column '" + name + "' in the header");
        }
        return i;
    }

    /// Verifies every row's program (objects relative to `folder`, each read once) and
    /// compares the outcome with PREVAIL's.
    static List<Result> run(Path folder, List<Row> rows, VerifierOptions options) {
        Runner runner = new Runner(folder, options);
        return rows.stream().map(runner::verify).toList();
    }

    /// Verifies rows one at a time, reading each object once.
    static final class Runner {
        private final Path folder;
        private final VerifierOptions options;
        private final Map<String, Object> objects = new ConcurrentHashMap<>();

        Runner(Path folder, VerifierOptions options) {
            this.folder = folder;
            this.options = options;
        }

        /// Our outcome for `row`: a load error carries the loader's or the selection's message,
        /// a rejection the report's summary.
        Result verify(Row row) {
            Object loaded = objects.computeIfAbsent(row.file(), f -> {
                try {
                    return ElfObjectReader.read(folder.resolve(f));
                } catch (IOException | RuntimeException e) {
                    return Errors.oneLine(e);
                }
            });
            if (loaded instanceof String error) {
                return new Result(row, Outcome.LOAD_ERROR, error);
            }
            CollectionSpec object = (CollectionSpec) loaded;
            try {
                Target t = Target.of(row.file(), object, program(object, row.section(), row.function()));
                VerificationReport r = t.verify(options);
                return r.verdict() == Verdict.ACCEPTED ? new Result(row, Outcome.ACCEPTED, "")
                        : new Result(row, Outcome.REJECTED, r.summary());
            } catch (RuntimeException e) {
                return new Result(row, Outcome.LOAD_ERROR, Errors.oneLine(e));
            }
        }
    }

    /// The program a row names: by section and function name; or, where the function is the
    /// section's name (a section without a function symbol), the section's only program.
    static ProgramSpec program(CollectionSpec object, String section, String function) {
        List<ProgramSpec> inSection = object.programs().stream().filter(p -> p.sectionName().equals(section)).toList();
        for (ProgramSpec p : inSection) {
            if (p.name().equals(function)) {
                return p;
            }
        }
        if (inSection.size() == 1 && (function.equals(section) || function.isEmpty())) {
            return inSection.getFirst();
        }
        List<String> callers = object.programs().stream()
                .filter(p -> p.functions().stream().anyMatch(f -> f.pc() > 0 && f.name().equals(function)))
                .map(ProgramSpec::name).toList();
        if (inSection.isEmpty() && section.equals(".text")) {
            // libbpf's convention: when other sections hold programs, .text holds subprograms.
            throw new IllegalArgumentException(object.name() + ": " + (function.equals(section) || function.isEmpty()
                    ? "section .text holds subprograms, no program"
                    : "'" + function + "' in section .text is no program but a subprogram" + (callers.isEmpty()
                            ? " that no program calls" : ", verified as part of " + String.join(", ", callers))));
        }
        throw new IllegalArgumentException(object.name() + ": no program '" + function + "' in section '" + section
                + "' (programs there: " + String.join(", ", inSection.stream().map(ProgramSpec::name).toList()) + ")");
    }
}
