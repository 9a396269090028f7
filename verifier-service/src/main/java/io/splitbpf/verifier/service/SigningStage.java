package io.splitbpf.verifier.service;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.sign.ArtifactSigner;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.artifact.ArtifactContents;
import io.splitbpf.core.artifact.VerifiedProgram;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.verifier.ProvenFact;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.Verification;
import io.splitbpf.verifier.Verifier;
import io.splitbpf.verifier.VerifierOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/// Turns a program the service has just proved into a signed artifact: its content (what was
/// verified, for whom, when, with what options and facts), encoded canonically and signed as
/// CMS SignedData with the current signer of `verifier/signer/`.
///
/// The signer is read again when its files change (after `ebpf cert rotate-signer`). An
/// artifact never outlives the signer's certificate: it expires at the earliest of the lifetime
/// asked for, the service's cap, and the certificate's notAfter.
final class SigningStage {
    private final SignerStore store;
    private final Clock clock;
    private final Duration maxValidity;
    private FileStamp stamp;
    private ArtifactSigner signer;

    private SigningStage(SignerStore store, Clock clock, Duration maxValidity, FileStamp stamp, ArtifactSigner signer) {
        this.store = store;
        this.clock = clock;
        this.maxValidity = maxValidity;
        this.stamp = stamp;
        this.signer = signer;
    }

    /// The stage signing with the current signer in `dir`.
    ///
    /// @throws IOException when there is no signer there or its key does not read
    static SigningStage load(java.nio.file.Path dir, Clock clock, Duration maxValidity) throws IOException {
        SignerStore store = SignerStore.at(dir);
        FileStamp stamp = FileStamp.of(dir, SignerStore.FILE_NAME + ".*");
        return new SigningStage(store, clock, maxValidity, stamp, new ArtifactSigner(store.current(), clock));
    }

    /// What the service needs to know about the request besides the program.
    ///
    /// @param tenant the caller's identity, which the artifact binds
    /// @param options the options the program was verified with
    /// @param objectName the object file's name
    /// @param objectDigest SHA-256 of the object file
    /// @param validity the lifetime asked for, if any
    record Request(String tenant, VerifierOptions options, String objectName, byte[] objectDigest,
                   Optional<Duration> validity) {
        Request {
            Objects.requireNonNull(tenant, "tenant");
            objectDigest = objectDigest.clone();
        }
    }

    /// The signed artifact of `program`, which `verification` accepted against `descriptor`.
    ///
    /// @throws ServiceError INTERNAL when the signer cannot sign (expired, unreadable), or when the
    ///         verification is not an acceptance of exactly these instructions
    byte[] sign(VerifiedProgram program, ProgramTypeDescriptor descriptor, Verification verification, Request request)
            throws ServiceError {
        requireAccepted(program, verification);
        ArtifactSigner current = current();
        Instant issued = clock.instant();
        Instant notAfter = current.credential().certificate().getNotAfter().toInstant();
        if (!notAfter.isAfter(issued)) {
            throw new ServiceError(ErrorCode.INTERNAL, "the signing certificate expired at " + notAfter
                    + "; run `ebpf cert rotate-signer`");
        }
        Duration lifetime = request.validity().map(v -> v.compareTo(maxValidity) < 0 ? v : maxValidity).orElse(maxValidity);
        Instant expires = issued.plus(lifetime).isBefore(notAfter) ? issued.plus(lifetime) : notAfter;
        ArtifactContents.Provenance provenance = new ArtifactContents.Provenance(request.tenant(), Verifier.VERSION,
                describe(request.options()), verification.facts().stream().map(SigningStage::fact).toList(), issued,
                expires, request.objectName(), request.objectDigest());
        ArtifactContent content = ArtifactContents.of(program, descriptor, provenance);
        return current.sign(ArtifactCodec.encode(content));
    }

    /// The options that decide a verdict, by name, as the artifact records them.
    static SortedMap<String, String> describe(VerifierOptions o) {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("allowDivisionByZero", Boolean.toString(o.allowDivisionByZero()));
        m.put("checkTermination", Boolean.toString(o.checkTermination()));
        m.put("frameSize", Integer.toString(o.frameSize()));
        m.put("loopLimit", Long.toString(o.loopLimit()));
        m.put("maxFrames", Integer.toString(o.maxFrames()));
        m.put("maxInstructions", Long.toString(o.maxInstructions()));
        m.put("maxPacketSize", Integer.toString(o.maxPacketSize()));
        return m;
    }

    /// The certificate artifacts are signed with now.
    synchronized Credential credential() throws ServiceError {
        return current().credential();
    }

    // Invariant: the handler passes the program it verified and that call's verification; this
    // re-checks both, so that a slip there cannot make the service sign something it did not prove.
    private static void requireAccepted(VerifiedProgram program, Verification verification) throws ServiceError {
        String digest = HexFormat.of().formatHex(ArtifactCodec.sha256(program.program().insns().toBytes()));
        if (verification.report().verdict() != Verdict.ACCEPTED || !verification.report().programDigest().equals(digest)) {
            throw new ServiceError(ErrorCode.INTERNAL, "refusing to sign " + program.program().name()
                    + ": it is not the program this request's verification accepted");
        }
    }

    private synchronized ArtifactSigner current() throws ServiceError {
        try {
            FileStamp now = FileStamp.of(store.directory(), SignerStore.FILE_NAME + ".*");
            if (!now.equals(stamp)) {
                signer = new ArtifactSigner(store.current(), clock);
                stamp = now;
            }
            return signer;
        } catch (IOException | RuntimeException e) {
            throw new ServiceError(ErrorCode.INTERNAL, "cannot load the signing key from " + store.directory() + ": "
                    + e.getMessage() + " (a key replaced while the service runs must be readable by its user; "
                    + "restarting bin/ebpf-verifierd hands it over)");
        }
    }

    private static io.splitbpf.core.thrift.ProvenFact fact(ProvenFact f) {
        return new io.splitbpf.core.thrift.ProvenFact(f.kind(), f.pc(), f.lo(), f.hi(), f.region());
    }
}
