package io.splitbpf.exec.daemon;

import io.splitbpf.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/// The host's audit log (`host/audit.log`): one JSON object a line for every admission,
/// refusal and unload, appended and written through before the caller hears the outcome.
///
/// ```
/// {"time":"2026-03-01T10:00:00Z","event":"admit","tenant":"alice","callerSerial":"1f…",
///  "program":"xdp_proto_count","artifactDigest":"<sha256 hex>","programId":7,"signer":"CN=…"}
/// {"time":…,"event":"refuse",…,"reason":"WRONG_TENANT","detail":"the artifact was signed for …"}
/// {"time":…,"event":"unload",…,"programId":7}
/// ```
///
/// `callerSerial` is the caller's certificate serial in hex; it is empty for programs the
/// daemon restores from its state at start-up (then `"restored":true`). A refusal's `reason` is
/// an admission refusal's name, or the error code (`LIMIT_EXCEEDED`, `INTERNAL`) of a load that
/// failed after admission.
public final class AuditLog {
    private final Path file;
    private final Clock clock;

    /// A log appending to `file` (created when missing), stamping lines with `clock`.
    public AuditLog(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /// The file.
    public Path file() {
        return file;
    }

    /// One event: who, what, and the event's own fields in order.
    ///
    /// @param event `admit`, `refuse` or `unload`
    /// @param tenant the tenant acting
    /// @param callerSerial the caller's certificate serial (hex), empty when the daemon itself acts
    /// @param program the program's name, empty when the artifact did not decode that far
    /// @param artifactDigest SHA-256 of the artifact's bytes, hex
    /// @param fields further fields (`programId`, `reason`, `detail`, …)
    public synchronized void append(String event, String tenant, String callerSerial, String program,
                                    String artifactDigest, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("event", event);
        line.put("tenant", tenant);
        line.put("callerSerial", callerSerial);
        line.put("program", program);
        line.put("artifactDigest", artifactDigest);
        line.putAll(fields);
        try {
            Files.writeString(file, Json.write(line, false) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
    }
}
