package io.splitbpf.verifier.report;

import io.splitbpf.core.insn.SourceLoc;
import java.util.Objects;
import java.util.Optional;

/// One verification finding, rendered PREVAIL's way as `<pc>: <sentence> (<assertion>)`.
///
/// @param pc the instruction index (slot) the finding is at, or -1 for the program as a whole
/// @param sentence a fixed sentence from the catalogue of its kind
/// @param assertion the text of the assertion or structural fact that failed
/// @param error whether the finding rejects the program (unreachable code is only reported)
/// @param source where the instruction came from, when the object carries BTF line info
public record Finding(int pc, String sentence, String assertion, boolean error, Optional<SourceLoc> source)
        implements Comparable<Finding> {
    public Finding {
        Objects.requireNonNull(sentence, "sentence");
        Objects.requireNonNull(assertion, "assertion");
        Objects.requireNonNull(source, "source");
    }

    /// A finding without a source location (the checkers' form; the verifier adds the location).
    public Finding(int pc, String sentence, String assertion, boolean error) {
        this(pc, sentence, assertion, error, Optional.empty());
    }

    /// This finding at source location `loc`.
    public Finding withSource(SourceLoc loc) {
        return new Finding(pc, sentence, assertion, error, Optional.of(loc));
    }

    /// A short hint for the common failures: the null check after a map lookup, the
    /// `data_end` comparison before a packet access, and a few more; empty otherwise.
    public Optional<String> suggestion() {
        return Suggestions.of(this);
    }

    /// [#toString()] and, when known, ` at file:line: source text`.
    public String describe() {
        return toString() + source.map(l -> " at " + l.shortForm() + (l.text().isBlank() ? "" : ": " + l.text().strip()))
                .orElse("");
    }

    @Override
    public int compareTo(Finding o) {
        int c = Integer.compare(pc, o.pc);
        return c != 0 ? c : toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return pc + ": " + sentence + (assertion.isEmpty() ? "" : " (" + assertion + ")");
    }
}
