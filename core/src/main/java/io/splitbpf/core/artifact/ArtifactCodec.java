package io.splitbpf.core.artifact;

import io.splitbpf.core.thrift.ArtifactContent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;

/// The canonical encoding of an artifact's content: Thrift's binary protocol of
/// [ArtifactContent], which has no maps or sets, so equal contents give equal bytes.
///
/// Decoding is strict: the bytes must be exactly what encoding the decoded value gives back (no
/// trailing bytes, no unknown fields, no other field order), every required field present, the
/// format version known, and the instruction digest consistent.
public final class ArtifactCodec {
    /// The format this code writes and the only one it reads.
    public static final int FORMAT_VERSION = 1;
    /// The largest content accepted, in bytes.
    public static final int MAX_CONTENT_BYTES = 32 << 20;

    private ArtifactCodec() {}

    /// The canonical bytes of `content`.
    ///
    /// @throws IllegalArgumentException when a required field is missing
    public static byte[] encode(ArtifactContent content) {
        try {
            content.validate();
            return new TSerializer(new TBinaryProtocol.Factory(true, true)).serialize(content);
        } catch (TException e) {
            throw new IllegalArgumentException("artifact content: " + e.getMessage(), e);
        }
    }

    /// Decodes canonical bytes back to the content, refusing anything else.
    public static ArtifactContent decode(byte[] bytes) throws ArtifactFormatException {
        if (bytes.length > MAX_CONTENT_BYTES) {
            throw new ArtifactFormatException("artifact content is " + bytes.length + " bytes; at most "
                    + MAX_CONTENT_BYTES + " are accepted");
        }
        ArtifactContent content = new ArtifactContent();
        try {
            TConfiguration config = TConfiguration.custom()
                    .setMaxMessageSize(MAX_CONTENT_BYTES)
                    .setMaxFrameSize(MAX_CONTENT_BYTES)
                    .setRecursionLimit(16)
                    .build();
            // strict read: the binary protocol's version header is required; lengths are bounded
            content.read(new TBinaryProtocol(new TMemoryInputTransport(config, bytes), MAX_CONTENT_BYTES,
                    MAX_CONTENT_BYTES, true, true));
            content.validate();
        } catch (TException | RuntimeException e) {
            throw new ArtifactFormatException("artifact content does not decode: " + e.getMessage(), e);
        }
        if (content.getFormatVersion() != FORMAT_VERSION) {
            throw new ArtifactFormatException("artifact format version " + content.getFormatVersion()
                    + " is not supported (this build reads version " + FORMAT_VERSION + ")");
        }
        if (!Arrays.equals(encode(content), bytes)) {
            throw new ArtifactFormatException("artifact content is not in canonical form (trailing bytes, unknown "
                    + "fields or fields out of order)");
        }
        return content;
    }

    /// SHA-256 of `bytes`.
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
