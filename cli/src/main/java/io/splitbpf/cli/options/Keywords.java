package io.splitbpf.cli.options;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/// bpftool's positional syntax, `prog run id 3 data_in FILE repeat 100`: keywords each
/// followed by their value, read left to right. Errors are [ParameterException]s, which the
/// command line prints with a pointer to `--help` and exit code 2.
public final class Keywords {
    private final CommandLine line;
    private final List<String> words;
    private int next;

    /// The `words` given to the command of `line`.
    public Keywords(CommandLine line, List<String> words) {
        this.line = line;
        this.words = List.copyOf(words);
    }

    /// Whether every word was read.
    public boolean atEnd() {
        return next >= words.size();
    }

    /// The next word, not consumed.
    public String peek() {
        return atEnd() ? "" : words.get(next);
    }

    /// Consumes the next word when it is `keyword`.
    public boolean accept(String keyword) {
        if (!atEnd() && words.get(next).equals(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    /// The next word, which must exist: `what` names it in the error (`FILE after data_in`).
    public String take(String what) {
        if (atEnd()) {
            throw error("missing " + what);
        }
        return words.get(next++);
    }

    /// A non-negative integer that follows `keyword`.
    public long number(String keyword, long max) {
        String word = take("a number after '" + keyword + "'");
        try {
            long n = Long.decode(word);
            if (n < 0 || n > max) {
                throw error("'" + keyword + " " + word + "': expected 0 to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error("'" + keyword + " " + word + "': not a number");
        }
    }

    /// `id N`: the id of the object `noun` names (`program`, `map`).
    public int id(String noun) {
        if (!accept("id")) {
            throw error(atEnd() ? "missing 'id N' (the " + noun + "'s id)" : "expected 'id N' (the " + noun + "'s id), found '"
                    + peek() + "'");
        }
        return (int) number("id", Integer.MAX_VALUE);
    }

    /// Fails unless every word was read.
    public void end() {
        if (!atEnd()) {
            throw error("unexpected '" + peek() + "'");
        }
    }

    /// An error about the words, for the command line to print.
    public ParameterException error(String message) {
        return new ParameterException(line, message);
    }
}
