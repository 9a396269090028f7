package io.splitbpf.exec.helpers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/// One tenant's `bpf_trace_printk` output (Linux's `trace_pipe`): the last `capacity` lines,
/// each numbered from 0 in the order they were written, with the execution slot that wrote
/// it. Readers follow it with [#since] (polling from the number after the last line they saw)
/// or [#follow] (a callback per line). Thread-safe.
public final class TraceLog {
    /// One line of output.
    public record Line(long seq, int slot, String text) {
        public Line {
            Objects.requireNonNull(text, "text");
        }
    }

    /// The default number of lines kept.
    public static final int DEFAULT_CAPACITY = 4096;

    private final int capacity;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final List<Consumer<Line>> followers = new CopyOnWriteArrayList<>();
    private long next;

    /// A log keeping the last `capacity` lines.
    public TraceLog(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("trace log capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /// A log keeping the last [#DEFAULT_CAPACITY] lines.
    public TraceLog() {
        this(DEFAULT_CAPACITY);
    }

    /// Appends `text` written by slot `slot`; returns its line.
    public synchronized Line append(int slot, String text) {
        Line line = new Line(next++, slot, text);
        lines.addLast(line);
        if (lines.size() > capacity) {
            lines.removeFirst();
        }
        for (Consumer<Line> f : followers) {
            f.accept(line);
        }
        return line;
    }

    /// The lines kept, oldest first.
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /// The kept lines numbered `seq` or later, oldest first.
    public synchronized List<Line> since(long seq) {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.seq() >= seq) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    /// The number the next line will get.
    public synchronized long nextSeq() {
        return next;
    }

    /// Calls `follower` with every line appended from now on (in order, on the writing thread)
    /// until the returned handle is closed.
    public AutoCloseable follow(Consumer<Line> follower) {
        Objects.requireNonNull(follower, "follower");
        followers.add(follower);
        return () -> followers.remove(follower);
    }
}
