package io.splitbpf.verifier.cases;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/// What running one [VerifierCase] gave.
///
/// @param matched whether our verdict is the case's and our post-state entails its `post`
/// @param reason why not, when not (empty when matched)
/// @param notes differences in where messages are reported, whether matched or not
/// @param messages our findings, errors and notes, with the case's labels in place of pcs and
///        in PREVAIL's form (`3: Possible null access (valid_access(r0.offset, width=4) for read)`)
public record CaseOutcome(boolean matched, String reason, List<String> notes, List<String> messages) {
    public CaseOutcome {
        Objects.requireNonNull(reason, "reason");
        notes = List.copyOf(notes);
        messages = List.copyOf(messages);
    }

    /// Whether our messages are exactly the case's, in any order.
    public boolean messagesEqual(VerifierCase c) {
        return new TreeSet<>(messages).equals(new TreeSet<>(c.messages()));
    }
}
