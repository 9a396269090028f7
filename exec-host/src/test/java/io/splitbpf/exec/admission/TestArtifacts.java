package io.splitbpf.exec.admission;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.sign.ArtifactSigner;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.artifact.ArtifactContents;
import io.splitbpf.core.artifact.DescriptorHash;
import io.splitbpf.core.artifact.VerifiedProgram;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/// Signed artifacts for tests, made without the verifier (the host never reads it): a sample
/// object read by [ElfObjectReader], one program cut out with [VerifiedProgram#extract], its
/// content made by [ArtifactContents#of], encoded by [ArtifactCodec] and signed by an
/// [ArtifactSigner] of a test PKI. Helpers change content the way a forger or a buggy
/// verifier would, and re-sign it validly.
public final class TestArtifacts {
    private TestArtifacts() {}

    /// The content for program `program` of `samples/OBJECT`, for `tenant`, issued at
    /// `issued` and valid for `validity`.
    public static ArtifactContent content(String object, String program, String tenant, Instant issued,
                                          Duration validity) {
        Path file = TestPaths.requireInRoot("samples").resolve(object);
        try {
            CollectionSpec spec = ElfObjectReader.read(file);
            ProgramSpec p = spec.program(program).orElseThrow(() -> new IllegalArgumentException(object + " has no "
                    + program));
            VerifiedProgram verified = VerifiedProgram.extract(spec, p);
            ProgramTypeDescriptor descriptor = ProgramTypeDescriptor.of(p.type())
                    .orElseThrow(() -> new IllegalArgumentException("no descriptor for " + p.type()));
            ArtifactContents.Provenance provenance = new ArtifactContents.Provenance(tenant, "test-verifier",
                    new TreeMap<>(), List.of(), issued, issued.plus(validity), object,
                    ArtifactCodec.sha256(Files.readAllBytes(file)));
            return ArtifactContents.of(verified, descriptor, provenance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /// `content` encoded and signed by `signer`.
    public static byte[] sign(ArtifactContent content, Credential signer, Clock clock) {
        return new ArtifactSigner(signer, clock).sign(ArtifactCodec.encode(content));
    }

    /// `content` with `instructions` in place of its own: digest, helper ids and descriptor
    /// hash made consistent again, as a verifier would sign them.
    public static ArtifactContent withInstructions(ArtifactContent content, InsnSeq instructions) {
        ArtifactContent c = content.deepCopy();
        byte[] code = instructions.toBytes();
        c.setInstructions(code);
        c.setInstructionsDigest(ArtifactCodec.sha256(code));
        c.setLines(new ArrayList<>());
        c.setFunctionStarts(List.of(0));
        TreeSet<Integer> called = new TreeSet<>();
        for (LabeledInsn li : instructions.insns()) {
            if (li.insn() instanceof Call(int id)) {
                called.add(id);
            }
        }
        List<Integer> helpers = List.copyOf(called);
        c.setHelperIds(helpers);
        c.setDescriptorHash(DescriptorHash.of(ProgramTypeDescriptor.of(ProgramType.ofId(c.getProgramType())
                .orElseThrow()).orElseThrow(), helpers));
        return c;
    }

    /// The index of `needle` in `haystack`, or -1.
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
