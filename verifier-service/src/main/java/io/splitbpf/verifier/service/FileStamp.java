package io.splitbpf.verifier.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/// What the files of a folder looked like: each one's name, size, modification time and
/// identity (inode), so that a file replaced by a rename, as the PKI publishes revocation lists
/// and signers, reads as changed even within one clock tick.
///
/// @param entries one line per file, by name
record FileStamp(List<String> entries) {
    FileStamp {
        entries = List.copyOf(entries);
    }

    /// The stamp of the regular files of `dir` whose names match `glob`.
    static FileStamp of(Path dir, String glob) throws IOException {
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path file : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        entries.add(file.getFileName() + " " + a.size() + " " + a.lastModifiedTime().toInstant() + " "
                                + a.fileKey());
                    }
                } catch (NoSuchFileException e) {
                    // replaced between listing and reading: the next stamp sees the new file
                }
            }
        }
        entries.sort(null);
        return new FileStamp(entries);
    }
}
