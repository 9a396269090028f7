package io.splitbpf.exec.admission;

import io.splitbpf.certs.sign.TrustAnchors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/// The host's trust anchors, read from a folder (`host/anchors`: `*.crt`, `*.crl`) and read
/// again whenever one of those files changes (`ebpf cert revoke` publishes a new CRL there),
/// so a revocation takes effect on the next admission or connection without a restart.
///
/// A folder that stops loading (a truncated CRL, a certificate that is no CA) fails closed:
/// [#get] throws rather than keep trusting what may since have been revoked.
public final class AnchorFolder implements Supplier<TrustAnchors> {
    private final Path dir;
    private List<String> fingerprint;
    private TrustAnchors anchors;

    private AnchorFolder(Path dir, List<String> fingerprint, TrustAnchors anchors) {
        this.dir = dir;
        this.fingerprint = fingerprint;
        this.anchors = anchors;
    }

    /// Loads the anchors in `dir` now.
    ///
    /// @throws IOException when the folder does not hold loadable anchors; the message names the file
    public static AnchorFolder load(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        List<String> fingerprint = fingerprint(dir);
        return new AnchorFolder(dir, fingerprint, TrustAnchors.load(dir));
    }

    /// The folder.
    public Path directory() {
        return dir;
    }

    /// The current anchors, read again if a `*.crt` or `*.crl` file changed since last time.
    ///
    /// @throws UncheckedIOException when the changed folder does not load (fail closed)
    @Override
    public synchronized TrustAnchors get() {
        try {
            List<String> now = fingerprint(dir);
            if (!now.equals(fingerprint)) {
                anchors = TrustAnchors.load(dir);
                fingerprint = now;
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException("the host's trust anchors in " + dir + " do not load: " + e.getMessage(), e);
        }
    }

    /// Name, size, modification time and file key of every anchor file: a file replaced by a
    /// rename (a new inode) or rewritten in place changes it.
    private static List<String> fingerprint(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{crt,crl}")) {
            for (Path file : files) {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                out.add(file.getFileName() + "\t" + a.size() + "\t" + a.lastModifiedTime().toInstant() + "\t" + a.fileKey());
            }
        }
        out.sort(null);
        return List.copyOf(out);
    }
}
