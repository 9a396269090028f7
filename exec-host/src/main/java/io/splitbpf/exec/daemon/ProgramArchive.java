package io.splitbpf.exec.daemon;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/// The loaded programs' durable state (`host/programs/`), so that they survive a restart of the
/// daemon: for each, its artifact exactly as the tenant sent it and what the load asked for.
///
/// ```
/// programs/ID.artifact     the signed artifact's bytes
/// programs/ID.properties   tenant, mode, pin, mapIds (comma-separated), loadedAt
/// programs/refused/        entries that were not admitted again at a restart, with a .reason file
/// ```
///
/// Each file is written to a temporary name and moved into place; the properties file is
/// written last, so an entry without one is incomplete and ignored. At a restart the daemon
/// re-admits every entry: a stored artifact is checked again like any other (its signer may
/// have been revoked, it may have expired meanwhile). Map contents are not kept: the maps start
/// again from the artifact's initial data.
final class ProgramArchive {
    private final Path dir;

    ProgramArchive(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /// One stored program.
    ///
    /// @param id its program id
    /// @param tenant its tenant
    /// @param mode `jit` or `interpreter`
    /// @param pin its pin path, if any
    /// @param mapIds its maps' ids
    /// @param loadedAt when it was first loaded
    /// @param artifact the artifact's bytes
    record Stored(int id, String tenant, String mode, Optional<String> pin, List<Integer> mapIds, Instant loadedAt,
                  byte[] artifact) {
        Stored {
            mapIds = List.copyOf(mapIds);
            artifact = artifact.clone();
        }

        @Override
        public byte[] artifact() {
            return artifact.clone();
        }
    }

    /// Stores `program`.
    void save(LoadedProgram program) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(program.id() + ".artifact"), program.admitted().artifact());
        Properties p = new Properties();
        p.setProperty("tenant", program.tenant());
        p.setProperty("mode", program.mode());
        program.pin().ifPresent(pin -> p.setProperty("pin", pin));
        p.setProperty("mapIds", String.join(",", program.maps().stream().map(m -> Integer.toString(m.id())).toList()));
        p.setProperty("loadedAt", program.loadedAt().toString());
        StringWriter text = new StringWriter();
        p.store(text, "program " + program.id() + " '" + program.name() + "'");
        writeAtomically(dir.resolve(program.id() + ".properties"), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /// Forgets program `id`.
    void delete(int id) throws IOException {
        Files.deleteIfExists(dir.resolve(id + ".properties"));
        Files.deleteIfExists(dir.resolve(id + ".artifact"));
    }

    /// Moves program `id`'s entry to `refused/`, with `reason` beside it.
    void refuse(int id, String reason) throws IOException {
        Path refused = dir.resolve("refused");
        Files.createDirectories(refused);
        for (String ext : List.of(".artifact", ".properties")) {
            Path file = dir.resolve(id + ext);
            if (Files.exists(file)) {
                Files.move(file, refused.resolve(id + ext), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(refused.resolve(id + ".reason"), reason + "\n", StandardCharsets.UTF_8);
    }

    /// Every complete entry, by ascending id; `problems` gets a sentence for each entry that
    /// does not read (it is left in place).
    List<Stored> list(List<String> problems) throws IOException {
        List<Stored> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path file : files) {
                try {
                    out.add(read(file));
                } catch (IOException | RuntimeException e) {
                    problems.add(file + ": " + e.getMessage());
                }
            }
        }
        out.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return out;
    }

    private Stored read(Path file) throws IOException {
        String name = file.getFileName().toString();
        int id = Integer.parseInt(name.substring(0, name.length() - ".properties".length()));
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String ids = required(p, "mapIds", file);
        List<Integer> mapIds = ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Integer::parseInt).toList();
        return new Stored(id, required(p, "tenant", file), required(p, "mode", file),
                Optional.ofNullable(p.getProperty("pin")), mapIds, Instant.parse(required(p, "loadedAt", file)),
                Files.readAllBytes(dir.resolve(id + ".artifact")));
    }

    private static String required(Properties p, String key, Path file) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException(file + ": no '" + key + "'");
        }
        return value;
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
