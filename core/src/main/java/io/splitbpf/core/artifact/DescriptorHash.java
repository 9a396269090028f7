package io.splitbpf.core.artifact;

import io.splitbpf.core.platform.HelperPrototype;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;

/// The hash that binds an artifact to the platform it was verified against, as eBPF for
/// Windows' program-info hash does: SHA-256 over the program type's descriptor (context
/// layout, allowed helpers, return range) and the prototypes of the helpers the program calls.
/// A host whose descriptors or prototypes differ computes another hash and refuses the
/// artifact.
///
/// The text hashed is the descriptor's and prototypes' record form, one per line, helpers by
/// ascending id; a helper without a prototype hashes as `helper N: none`.
public final class DescriptorHash {
    private DescriptorHash() {}

    /// The hash for a program of `descriptor`'s type calling `helperIds`.
    public static byte[] of(ProgramTypeDescriptor descriptor, Collection<Integer> helperIds) {
        return ArtifactCodec.sha256(text(descriptor, helperIds).getBytes(StandardCharsets.UTF_8));
    }

    /// The text [#of] hashes, for diagnostics.
    public static String text(ProgramTypeDescriptor descriptor, Collection<Integer> helperIds) {
        StringBuilder sb = new StringBuilder("splitbpf descriptor v1\n").append(descriptor).append('\n');
        for (int id : new TreeSet<>(helperIds)) {
            sb.append("helper ").append(id).append(": ")
                    .append(HelperPrototype.of(id).map(Object::toString).orElse("none")).append('\n');
        }
        return sb.toString();
    }
}
