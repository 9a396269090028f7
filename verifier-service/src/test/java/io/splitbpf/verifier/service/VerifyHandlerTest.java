package io.splitbpf.verifier.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.sign.ArtifactVerifier;
import io.splitbpf.certs.sign.SignatureCheck;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.artifact.ArtifactContents;
import io.splitbpf.core.artifact.VerifiedProgram;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ProgramVerdict;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.VerifyRequest;
import io.splitbpf.core.thrift.VerifyResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// [VerifyHandler] in process: what it signs, what it rejects, and how it refuses bad requests.
class VerifyHandlerTest {
    @TempDir
    Path dir;

    ServiceFixture f;

    @BeforeEach
    void pki() throws Exception {
        f = new ServiceFixture(dir, null);
    }

    static VerifyResponse call(VerifyHandler h, VerifyRequest r) throws ServiceError {
        try {
            return h.verify(r);
        } finally {
            h.responseSent();
        }
    }

    private SignatureCheck.Valid check(ProgramVerdict v) throws Exception {
        return check(f, v);
    }

    /// The signature check of `v`'s artifact by a host trusting `fixture`'s CA: it must be valid.
    static SignatureCheck.Valid check(ServiceFixture fixture, ProgramVerdict v) throws Exception {
        ArtifactVerifier verifier = new ArtifactVerifier(TrustAnchors.load(fixture.state.hostAnchors()), Clock.systemUTC());
        SignatureCheck c = verifier.verify(v.getArtifact());
        assertTrue(c instanceof SignatureCheck.Valid, c.toString());
        return (SignatureCheck.Valid) c;
    }

    @Test
    void anAcceptedProgramComesBackSignedWithExactlyTheVerifiedInstructions() throws Exception {
        Path object = ServiceFixture.sample("xdp_proto_count.o");
        VerifyRequest request = ServiceFixture.request(object, "normal");
        request.setValiditySeconds(3600);
        VerifyResponse response = call(f.handler(f.alice, ServiceFixture.limits()), request);
        assertEquals(1, response.getProgramsSize());
        ProgramVerdict v = response.getPrograms().getFirst();
        assertTrue(v.isAccepted(), v.getReportText());
        assertTrue(v.getReportText().startsWith("xdp_proto_count.o: xdp_proto_count  section xdp  type xdp\n"
                + "  verdict: accepted\n"), v.getReportText());
        assertTrue(v.getReportJson().contains("\"verdict\":\"accepted\""), v.getReportJson());

        byte[] signed = check(v).content();
        ArtifactContent content = ArtifactCodec.decode(signed);
        assertArrayEquals(signed, ArtifactCodec.encode(content), "canonical");
        assertEquals("alice", content.getTenant());
        CollectionSpec spec = ElfObjectReader.read(object);
        VerifiedProgram expected = VerifiedProgram.extract(spec, spec.programs().getFirst());
        assertArrayEquals(expected.program().insns().toBytes(), content.getInstructions());
        VerifiedProgram bound = ArtifactContents.program(content);
        assertArrayEquals(expected.program().insns().toBytes(), bound.program().insns().toBytes());
        assertEquals(expected.maps().stream().map(m -> m.name()).toList(), bound.maps().stream().map(m -> m.name()).toList());
        assertArrayEquals(ArtifactCodec.sha256(Files.readAllBytes(object)), content.getObjectDigest());
        assertEquals("xdp_proto_count.o", content.getObjectName());
        assertEquals(3_600_000, content.getExpiresAtMillis() - content.getIssuedAtMillis());
        assertTrue(content.getFacts().stream().anyMatch(x -> x.getKind().equals("r0-range") && x.getPc() == -1),
                content.getFacts().toString());
        assertTrue(content.getFacts().stream().anyMatch(x -> x.getKind().equals("mem-access")
                && x.getRegion().equals("packet")), content.getFacts().toString());
        assertTrue(content.getVerifierOptions().stream().anyMatch(o -> o.getName().equals("checkTermination")
                && o.getValue().equals("true")));
    }

    @Test
    void theAdminSignsForTenantAdminAndTheLifetimeIsCapped() throws Exception {
        Credential admin = Credential.load(f.state.clients(), "admin");
        RequestLimits limits = RequestLimits.withConcurrency(1L << 30, 1, RequestLimits.DEFAULT_TIMEOUT, Duration.ofDays(2));
        VerifyRequest request = ServiceFixture.request(ServiceFixture.sample("tail_call.o"), "normal");
        request.setValiditySeconds(Duration.ofDays(9).toSeconds());
        VerifyResponse response = call(f.handler(admin, limits), request);
        assertEquals(List.of("prog_a", "prog_b", "xdp_entry"), response.getPrograms().stream().map(ProgramVerdict::getProgram).toList());
        for (ProgramVerdict v : response.getPrograms()) {
            ArtifactContent content = ArtifactCodec.decode(check(v).content());
            assertEquals("admin", content.getTenant());
            assertEquals(Duration.ofDays(2).toMillis(), content.getExpiresAtMillis() - content.getIssuedAtMillis());
        }
    }

    @Test
    void anArtifactNeverOutlivesTheSigningCertificate(@TempDir Path other) throws Exception {
        ServiceFixture shortLived = new ServiceFixture(other, Duration.ofDays(1));
        VerifyResponse response = call(shortLived.handler(shortLived.alice, ServiceFixture.limits()),
                ServiceFixture.request(ServiceFixture.sample("xdp_proto_count.o"), "normal"));
        ArtifactContent content = ArtifactCodec.decode(check(shortLived, response.getPrograms().getFirst()).content());
        long notAfter = shortLived.pki.list().stream().filter(i -> i.profile().equals("verifier-signing")).findFirst()
                .orElseThrow().notAfter().toEpochMilli();
        assertEquals(notAfter, content.getExpiresAtMillis());
    }

    @Test
    void aRejectedProgramGetsItsReportAndNoArtifact() throws Exception {
        VerifyResponse response = call(f.handler(f.alice, ServiceFixture.limits()),
                ServiceFixture.request(ServiceFixture.sample("unsafe_null_deref.o"), "informational"));
        ProgramVerdict v = response.getPrograms().getFirst();
        assertFalse(v.isAccepted());
        assertFalse(v.isSetArtifact());
        assertTrue(v.getReportText().contains("verdict: rejected"), v.getReportText());
        assertTrue(v.getReportText().contains("Possible null access"), v.getReportText());
        assertTrue(v.getReportJson().contains("\"level\":\"informational\""), v.getReportJson());
    }

    @Test
    void aRotatedSignerSignsTheNextArtifact() throws Exception {
        VerifyHandler h = f.handler(f.alice, ServiceFixture.limits());
        VerifyRequest request = ServiceFixture.request(ServiceFixture.sample("xdp_proto_count.o"), "normal");
        SignatureCheck.Valid before = check(call(h, request).getPrograms().getFirst());
        f.pki.rotateSigner(null);
        SignatureCheck.Valid after = check(call(h, request).getPrograms().getFirst());
        assertNotEquals(before.serial(), after.serial());
    }

    private ServiceError refused(VerifyRequest request) throws Exception {
        return refused(f.handler(f.alice, ServiceFixture.limits()), request);
    }

    private static ServiceError refused(VerifyHandler h, VerifyRequest request) {
        return assertThrows(ServiceError.class, () -> call(h, request));
    }

    private static void says(ServiceError e, ErrorCode code, String... parts) {
        assertEquals(code, e.getCode(), e.getMessage());
        for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage());
    }

    @Test
    void badObjectsAreBadRequestsNamingWhatAndWhere() throws Exception {
        says(refused(ServiceFixture.request("not an object at all".getBytes(), "junk.o", "normal")),
                ErrorCode.BAD_REQUEST, "junk.o");
        byte[] whole = Files.readAllBytes(ServiceFixture.sample("xdp_proto_count.o"));
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        says(refused(ServiceFixture.request(half, "half.o", "normal")), ErrorCode.BAD_REQUEST, "half.o");
        says(refused(ServiceFixture.request(new byte[0], "empty.o", "normal")), ErrorCode.BAD_REQUEST, "empty.o");
        RequestLimits small = new RequestLimits(1, RequestLimits.DEFAULT_TIMEOUT, 1000, 1000, 1 << 20, Duration.ofDays(1));
        says(refused(f.handler(f.alice, small), ServiceFixture.request(whole, "big.o", "normal")), ErrorCode.BAD_REQUEST,
                "object big.o: 11,216 bytes, more than the 1,000");
    }

    @Test
    void badSelectionsAndOptionsAreBadRequests() throws Exception {
        Path object = ServiceFixture.sample("tail_call.o");
        VerifyRequest r = ServiceFixture.request(object, "normal");
        r.setProgram("nope");
        says(refused(r), ErrorCode.BAD_REQUEST, "no program 'nope'", "prog_a, prog_b, xdp_entry");
        r = ServiceFixture.request(object, "normal");
        r.setSection("tc");
        says(refused(r), ErrorCode.BAD_REQUEST, "no section 'tc'", "sections: xdp");
        says(refused(ServiceFixture.request(object, "loud")), ErrorCode.BAD_REQUEST, "options.level", "'loud'");
        r = ServiceFixture.request(object, "normal");
        r.getOptions().setCheckTermination(false);
        says(refused(r), ErrorCode.BAD_REQUEST, "options.checkTermination");
        r = ServiceFixture.request(object, "normal");
        r.getOptions().setMaxInstructions(2_000_000);
        says(refused(r), ErrorCode.BAD_REQUEST, "options.maxInstructions", "2,000,000");
        r = ServiceFixture.request(object, "normal");
        r.setValiditySeconds(0);
        says(refused(r), ErrorCode.BAD_REQUEST, "validitySeconds");
        says(refused(ServiceFixture.request(Files.readAllBytes(object), " ", "normal")), ErrorCode.BAD_REQUEST, "objectName");
        r = ServiceFixture.request(object, "normal");
        r.setProgram("prog_b");
        assertEquals(List.of("prog_b"), call(f.handler(f.alice, ServiceFixture.limits()), r).getPrograms().stream()
                .map(ProgramVerdict::getProgram).toList());
    }

    /// `object` with every NUL-terminated occurrence of `from` replaced by the shorter `to`
    /// (padded with NULs, so that no offset moves).
    private static byte[] renamed(byte[] object, String from, String to) {
        byte[] f = (from + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] t = java.util.Arrays.copyOf(to.getBytes(java.nio.charset.StandardCharsets.US_ASCII), f.length);
        byte[] out = object.clone();
        int found = 0;
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
                found++;
            }
        }
        assertTrue(found > 0, from + " not found");
        return out;
    }

    @Test
    void programTypesWithoutADescriptorAreBadRequests() throws Exception {
        // Every program type of the corpus and the samples has a descriptor: lwt_xmit has none,
        // so a sample's section is renamed to it, in place in the string tables.
        byte[] lwt = renamed(Files.readAllBytes(ServiceFixture.sample("sockaddr_connect4.o")), "cgroup/connect4",
                "lwt_xmit");
        says(refused(ServiceFixture.request(lwt, "lwt.o", "normal")), ErrorCode.BAD_REQUEST,
                "lwt.o: program 'connect4_policy'", "no verifier descriptor for program type lwt_xmit",
                "the service verifies xdp, socket_filter");
        Path corpus = io.splitbpf.testsupport.TestPaths.requireShared("corpus");
        VerifyRequest r = ServiceFixture.request(corpus.resolve("bpf_cilium_test/bpf_lxc_jit.o"), "normal");
        r.setProgram("handle_policy");
        says(refused(r), ErrorCode.BAD_REQUEST, "the section names no program type");
    }

    @Test
    void beyondTheConcurrencyLimitTheCallerIsToldBusy() throws Exception {
        RequestSlots slots = new RequestSlots(1);
        VerifyHandler h = f.handler(f.alice, ServiceFixture.limits(), slots);
        VerifyRequest request = ServiceFixture.request(ServiceFixture.sample("xdp_proto_count.o"), "normal");
        try (RequestSlots.Slot taken = slots.tryEnter().orElseThrow()) {
            says(refused(h, request), ErrorCode.BUSY, "busy", "1 requests are in progress");
            assertEquals(1, slots.inProgress());
        }
        assertTrue(call(h, request).getPrograms().getFirst().isAccepted());
        assertEquals(0, slots.inProgress(), "the slot is given back once the response is sent");
    }

    @Test
    void theTimeAndStateLimitsStopARequestAndTheNextOneIsServed() throws Exception {
        VerifyRequest request = ServiceFixture.request(ServiceFixture.sample("bpf_to_bpf_call.o"), "normal");
        RequestLimits oneNano = new RequestLimits(1, Duration.ofNanos(1), 1_000_000, 1 << 20, 1 << 20, Duration.ofDays(1));
        says(refused(f.handler(f.alice, oneNano), request), ErrorCode.LIMIT_EXCEEDED, "request stopped at its time limit: the analysis ran longer than 1 ns");
        RequestLimits tenSteps = new RequestLimits(1, Duration.ofMinutes(1), 10, 1 << 20, 1 << 20, Duration.ofDays(1));
        says(refused(f.handler(f.alice, tenSteps), request), ErrorCode.LIMIT_EXCEEDED,
                "request stopped at its state limit: the analysis needed more than 10 steps");
        RequestLimits tinyReports = new RequestLimits(1, Duration.ofMinutes(1), 1_000_000, 1 << 20, 100, Duration.ofDays(1));
        says(refused(f.handler(f.alice, tinyReports), request), ErrorCode.LIMIT_EXCEEDED, "100 bytes a response may carry");
        assertTrue(call(f.handler(f.alice, ServiceFixture.limits()), request).getPrograms().getFirst().isAccepted());
        assertTrue(f.log.stream().anyMatch(l -> l.contains("LIMIT_EXCEEDED")), f.log.toString());
    }

    @Test
    void theSigningStageSignsOnlyTheProgramTheVerificationAccepted() throws Exception {
        CollectionSpec spec = ElfObjectReader.read(ServiceFixture.sample("tail_call.o"));
        VerifiedProgram a = VerifiedProgram.extract(spec, spec.programs().get(0));
        VerifiedProgram b = VerifiedProgram.extract(spec, spec.programs().get(1));
        var d = io.splitbpf.core.platform.ProgramTypeDescriptor.XDP;
        var options = io.splitbpf.verifier.VerifierOptions.defaults();
        var verification = io.splitbpf.verifier.Verifier.prove(a.program(), a.maps(), d, options,
                io.splitbpf.verifier.AnalysisBudget.unlimited());
        assertEquals(io.splitbpf.verifier.Verdict.ACCEPTED, verification.report().verdict());
        SigningStage signing = SigningStage.load(f.state.signer(), Clock.systemUTC(), Duration.ofDays(1));
        SigningStage.Request r = new SigningStage.Request("alice", options, "tail_call.o", new byte[32], java.util.Optional.empty());
        assertTrue(signing.sign(a, d, verification, r).length > 0);
        ServiceError e = assertThrows(ServiceError.class, () -> signing.sign(b, d, verification, r));
        says(e, ErrorCode.INTERNAL, "refusing to sign prog_b");
    }
}
