package io.splitbpf.verifier.service;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.thrift.VerifyOptions;
import io.splitbpf.core.thrift.VerifyRequest;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/// A state directory with its PKI (tenants alice and bob), and the pieces of the service over
/// it, for tests that call a [VerifyHandler] in process.
final class ServiceFixture {
    final StateLayout state;
    final Pki pki;
    final Credential alice;
    final List<String> log = new CopyOnWriteArrayList<>();

    ServiceFixture(Path dir, Duration validity) throws IOException {
        state = new StateLayout(dir);
        pki = Pki.at(state, Clock.systemUTC());
        pki.init(KeyAlgorithm.EC_P256, validity);
        alice = pki.issueTenant("alice", null);
        pki.issueTenant("bob", null);
    }

    /// A handler for `caller` with `limits` and its own slots.
    VerifyHandler handler(Credential caller, RequestLimits limits) throws IOException {
        return handler(caller, limits, new RequestSlots(limits.maxConcurrent()));
    }

    VerifyHandler handler(Credential caller, RequestLimits limits, RequestSlots slots) throws IOException {
        SigningStage signing = SigningStage.load(state.signer(), Clock.systemUTC(), limits.maxValidity());
        ServiceInfo info = new ServiceInfo("test", ProcessHandle.current().pid(), Instant.now(), List.of("test: applied (x)"));
        return new VerifyHandler(PeerIdentity.of(caller.certificate()),
                new VerifyHandler.Shared(limits, slots, signing, info, log::add));
    }

    static RequestLimits limits() {
        return RequestLimits.withConcurrency(1L << 30, 2, RequestLimits.DEFAULT_TIMEOUT, RequestLimits.DEFAULT_MAX_VALIDITY);
    }

    static Path sample(String name) {
        return TestPaths.requireInRoot("samples").resolve(name);
    }

    static VerifyRequest request(Path object, String level) throws IOException {
        return request(Files.readAllBytes(object), object.getFileName().toString(), level);
    }

    static VerifyRequest request(byte[] object, String name, String level) {
        return new VerifyRequest(ByteBuffer.wrap(object), name, new VerifyOptions(level, false, true, 0));
    }
}
