package io.splitbpf.certs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/// Writes and reads the files of a PKI state directory with the permissions each kind
/// needs: private keys owner-only (`rw-------`) from the moment they exist, certificates
/// and revocation lists world-readable (`rw-r--r--`), directories owner-only.
///
/// Permissions are given to [Files#createFile] as an attribute, so a key file is never
/// visible with wider permissions, not even between creating it and a later `chmod` (there
/// is none). A umask can only narrow them; [#writeKey] checks that it did not leave the
/// owner unable to read.
public final class StateFiles {
    /// Owner read and write only: the permissions of every private key file.
    public static final Set<PosixFilePermission> KEY_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    /// Owner read and write, everyone read: certificates and revocation lists.
    public static final Set<PosixFilePermission> PUBLIC_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");
    /// Owner only: directories created for PKI state.
    public static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");

    private StateFiles() {}

    /// Creates `dir` and its missing parents with owner-only permissions; an existing
    /// directory is left as it is.
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) createDirectories(parent);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) throw e;
        } catch (UnsupportedOperationException e) {
            throw new IOException("create " + dir + ": the file system has no POSIX permissions", e);
        }
    }

    /// Creates `file`, which must not exist yet, as an owner-only key file holding `pem`.
    public static void writeKey(Path file, String pem) throws IOException {
        create(file, pem, KEY_PERMISSIONS);
        Set<PosixFilePermission> actual = Files.getPosixFilePermissions(file);
        if (!actual.equals(KEY_PERMISSIONS)) {
            Files.delete(file);
            throw new IOException("key file " + file + " came out " + PosixFilePermissions.toString(actual)
                    + " instead of rw------- (check the umask)");
        }
    }

    /// Creates `file`, which must not exist yet, as a world-readable file holding `pem`.
    public static void writePublic(Path file, String pem) throws IOException {
        create(file, pem, PUBLIC_PERMISSIONS);
    }

    /// Replaces `file` atomically: writes a sibling temporary file with `permissions` and
    /// renames it over `file`, so readers see either the old or the new content.
    public static void replace(Path file, String pem, Set<PosixFilePermission> permissions) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temp); // left over by an interrupted replace; never trusted
        if (permissions.equals(KEY_PERMISSIONS)) writeKey(temp, pem);
        else create(temp, pem, permissions);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /// Reads a key file, refusing one that group or others may read or write, as ssh does.
    public static String readKey(Path file) throws IOException {
        Set<PosixFilePermission> actual = Files.getPosixFilePermissions(file);
        if (!KEY_PERMISSIONS.containsAll(actual)) {
            throw new IOException("key file " + file + " is " + PosixFilePermissions.toString(actual)
                    + ": a private key must be rw------- (owner only)");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static void create(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
        } catch (UnsupportedOperationException e) {
            throw new IOException("create " + file + ": the file system has no POSIX permissions", e);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
