package io.splitbpf.exec.admission;

import io.splitbpf.core.artifact.VerifiedProgram;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.thrift.ArtifactContent;
import java.util.Objects;

/// An artifact the host admitted: the program it carries, ready to bind, and who signed it.
///
/// @param program the program with its maps (map references still symbolic: indices)
/// @param content the signed content (a deep copy: the caller may keep it)
/// @param descriptor this host's descriptor of the program's type
/// @param signer the signing certificate's subject, as RFC 2253 prints it
/// @param signerSerial the signing certificate's serial number in hex
/// @param artifact the artifact's bytes (for `getArtifact` and durable state)
public record Admitted(VerifiedProgram program, ArtifactContent content, ProgramTypeDescriptor descriptor,
                       String signer, String signerSerial, byte[] artifact) {
    public Admitted {
        Objects.requireNonNull(program, "program");
        content = content.deepCopy();
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(signerSerial, "signerSerial");
        artifact = artifact.clone();
    }

    /// A copy of the signed content.
    @Override
    public ArtifactContent content() {
        return content.deepCopy();
    }

    /// A copy of the artifact's bytes.
    @Override
    public byte[] artifact() {
        return artifact.clone();
    }

    /// SHA-256 of the artifact's bytes, in hex: how the audit log names an artifact.
    public String digest() {
        return ArtifactAdmission.digestOf(artifact);
    }

    /// The program's name.
    public String name() {
        return program.program().name();
    }

    @Override
    public String toString() {
        return "Admitted[" + name() + " for " + content.getTenant() + ", signed by " + signer + " (serial "
                + signerSerial + "), artifact sha256 " + digest() + "]";
    }
}
