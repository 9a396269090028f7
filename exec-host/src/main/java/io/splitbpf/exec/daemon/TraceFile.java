package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/// One tenant's `bpf_trace_printk` output (`host/trace/TENANT.log`), in the shape of Linux's
/// `trace_pipe` lines, which `bpftool prog tracelog` prints:
///
/// ```
///       xdp_global-7       [001]    12.345678: bpf_trace_printk: long frame 1600 > 1514
/// ```
///
/// (the program's name and id where Linux has the task's, the execution slot, seconds since
/// the daemon started). Readers page through it by byte offset ([#read]); the file survives a
/// restart of the daemon. It stops growing at [#MAX_BYTES], saying so in a last line, rather
/// than fill the disk.
public final class TraceFile {
    /// The largest trace file written.
    public static final long MAX_BYTES = 64L << 20;
    /// The most lines one read returns.
    public static final int MAX_LINES = 10_000;

    private final Path file;
    private final long origin;
    private OutputStream out;
    private long size;
    private boolean full;

    /// The trace file `file` (created on the first line), timestamps counted from `originNanos`
    /// of [System#nanoTime].
    public TraceFile(Path file, long originNanos) {
        this.file = Objects.requireNonNull(file, "file");
        this.origin = originNanos;
    }

    /// The file.
    public Path file() {
        return file;
    }

    /// Appends a line written by program `id` (`name`) in execution slot `slot`.
    public synchronized void append(String name, int id, int slot, String text) {
        if (full) {
            return;
        }
        long micros = (System.nanoTime() - origin) / 1000;
        String line = String.format(Locale.ROOT, "%16s-%-7d [%03d] %5d.%06d: bpf_trace_printk: %s%n", name, id, slot,
                micros / 1_000_000, micros % 1_000_000, text.replace('\n', ' '));
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            open();
            if (size + bytes.length > MAX_BYTES) {
                full = true;
                bytes = ("-- the trace log reached " + (MAX_BYTES >> 20) + " MiB: later lines are dropped\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            out.write(bytes);
            size += bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace log " + file + ": " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            size = Files.size(file);
            full = size >= MAX_BYTES;
        }
    }

    /// The complete lines from byte `offset` on, at most `maxLines` (at most [#MAX_LINES]; 0 or
    /// less for that many), and the offset after the last one returned. A negative `offset`
    /// starts at the end: no lines, and the offset to follow from.
    ///
    /// @throws ServiceError `BAD_REQUEST` when `offset` lies past the end of the file
    public TraceChunk read(long offset, int maxLines) throws ServiceError {
        int limit = maxLines <= 0 ? MAX_LINES : Math.min(maxLines, MAX_LINES);
        if (!Files.exists(file)) {
            if (offset > 0) {
                throw new ServiceError(ErrorCode.BAD_REQUEST, "trace log offset " + offset + " is past its end (0 bytes)");
            }
            return new TraceChunk(0, List.of());
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (offset < 0) {
                return new TraceChunk(length, List.of());
            }
            if (offset > length) {
                throw new ServiceError(ErrorCode.BAD_REQUEST, "trace log offset " + offset + " is past its end ("
                        + length + " bytes)");
            }
            in.seek(offset);
            byte[] rest = new byte[(int) Math.min(length - offset, 16L << 20)];
            in.readFully(rest);
            return lines(rest, offset, limit);
        } catch (IOException e) {
            throw new ServiceError(ErrorCode.INTERNAL, "cannot read the trace log: " + e.getMessage());
        }
    }

    private static TraceChunk lines(byte[] bytes, long offset, int limit) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length && lines.size() < limit; i++) {
            if (bytes[i] == '\n') {
                lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return new TraceChunk(offset + start, lines);
    }

    /// Lines read and where the next read starts.
    public record TraceChunk(long nextOffset, List<String> lines) {
        public TraceChunk {
            lines = List.copyOf(lines);
        }
    }
}
