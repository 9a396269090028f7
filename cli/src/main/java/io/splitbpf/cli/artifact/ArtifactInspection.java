package io.splitbpf.cli.artifact;

import io.splitbpf.certs.sign.SignedArtifact;
import io.splitbpf.cli.CommandException;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.artifact.ArtifactFormatException;
import io.splitbpf.core.thrift.ArtifactContent;
import java.util.Optional;

/// A signed artifact taken apart for display, before (and whatever) anyone decides to trust
/// it: the signature's parts and the decoded content.
///
/// @param signed the CMS parts: content bytes, signer, carried certificates
/// @param content the decoded content
public record ArtifactInspection(SignedArtifact signed, ArtifactContent content) {
    /// Takes `bytes` apart.
    ///
    /// @throws CommandException (bad input) when they are not a signed artifact or its content
    ///         does not decode; `name` names them
    public static ArtifactInspection of(byte[] bytes, String name) {
        SignedArtifact signed;
        try {
            signed = SignedArtifact.read(bytes);
        } catch (IllegalArgumentException e) {
            throw CommandException.badInput(name + ": " + e.getMessage());
        }
        try {
            return new ArtifactInspection(signed, ArtifactCodec.decode(signed.content()));
        } catch (ArtifactFormatException e) {
            throw CommandException.badInput(name + ": " + e.getMessage());
        }
    }

    /// The same, or empty when `bytes` do not take apart.
    public static Optional<ArtifactInspection> tryOf(byte[] bytes) {
        try {
            return Optional.of(of(bytes, "artifact"));
        } catch (CommandException e) {
            return Optional.empty();
        }
    }
}
