package io.splitbpf.verifier.service;

import io.splitbpf.core.json.Json;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ProgramVerdict;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.ServiceStatus;
import io.splitbpf.core.thrift.VerifierService;
import io.splitbpf.core.thrift.VerifyRequest;
import io.splitbpf.core.thrift.VerifyResponse;
import io.splitbpf.verifier.AnalysisBudget;
import io.splitbpf.verifier.AnalysisLimitException;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.Verification;
import io.splitbpf.verifier.Verifier;
import io.splitbpf.verifier.report.ProgramReportRenderer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/// The verifier service for one connection, bound to the caller's certificate identity: the
/// tenant of every artifact it signs is the caller's name (the admin's is `admin`).
///
/// `verify` takes a [RequestSlots] slot (else BUSY), reads the request ([VerifyJob]), verifies
/// each selected program within one [AnalysisBudget] for the request, renders each report as
/// `ebpf verify` does, and signs each accepted program ([SigningStage]). Nothing the request
/// holds can crash the service: bad input is BAD_REQUEST, a budget or size limit is
/// LIMIT_EXCEEDED, anything else INTERNAL, and the next request is served as usual.
///
/// The slot is kept until the response has been written ([#responseSent()]), so the responses
/// in memory are bounded by the slots too. A handler serves one call at a time, as Thrift
/// calls it for one connection.
public final class VerifyHandler implements VerifierService.Iface {
    /// What all connections share.
    ///
    /// @param limits the per-request limits
    /// @param slots the bound on concurrent requests
    /// @param signing the signing stage
    /// @param info what status() reports
    /// @param log told one line per request
    record Shared(RequestLimits limits, RequestSlots slots, SigningStage signing, ServiceInfo info,
                         Consumer<String> log) {
        Shared {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(slots, "slots");
            Objects.requireNonNull(signing, "signing");
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(log, "log");
        }
    }

    private final PeerIdentity caller;
    private final Shared shared;
    private RequestSlots.Slot held;

    /// The handler of one connection from `caller`.
    VerifyHandler(PeerIdentity caller, Shared shared) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public ServiceStatus status() {
        ServiceInfo info = shared.info();
        return new ServiceStatus("verifier", info.version(), info.pid(), info.started().toEpochMilli(),
                caller.unit() + " " + caller.name(), info.confinement(), shared.slots().inProgress(), shared.slots().max());
    }

    @Override
    public VerifyResponse verify(VerifyRequest request) throws ServiceError {
        responseSent();
        long start = System.nanoTime();
        String outcome = "INTERNAL";
        try {
            VerifyResponse response = handle(request);
            outcome = response.getPrograms().stream()
                    .map(v -> v.getProgram() + " " + (v.isAccepted() ? "accepted, signed" : "rejected"))
                    .reduce((a, b) -> a + "; " + b).orElse("no programs");
            return response;
        } catch (ServiceError e) {
            outcome = e.getCode() + ": " + e.getMessage();
            throw e;
        } finally {
            shared.log().accept(String.format(Locale.ROOT, "verify %s from %s: %s (%d ms)",
                    request == null ? "?" : request.getObjectName(), caller, outcome, (System.nanoTime() - start) / 1_000_000));
        }
    }

    /// Gives back the slot of the last `verify`: called once its response has been written.
    public void responseSent() {
        RequestSlots.Slot slot = held;
        held = null;
        if (slot != null) slot.close();
    }

    private VerifyResponse handle(VerifyRequest request) throws ServiceError {
        held = shared.slots().tryEnter().orElseThrow(() -> new ServiceError(ErrorCode.BUSY, "the verifier is busy: "
                + shared.slots().max() + " requests are in progress, its limit; try again shortly"));
        RequestLimits limits = shared.limits();
        try {
            VerifyJob job = VerifyJob.of(request, limits);
            AnalysisBudget budget = AnalysisBudget.of(limits.timeout(), limits.maxSteps());
            List<ProgramVerdict> verdicts = new ArrayList<>();
            long reportChars = 0;
            for (VerifyJob.Target t : job.targets()) {
                ProgramVerdict v = verifyOne(job, t, budget);
                reportChars += v.getReportText().length() + v.getReportJson().length();
                if (reportChars > limits.maxReportBytes()) {
                    throw new ServiceError(ErrorCode.LIMIT_EXCEEDED, String.format(Locale.ROOT, "the reports at level "
                            + "%s come to more than the %,d bytes a response may carry; ask for a lower level or "
                            + "select one program", job.level().displayName(), limits.maxReportBytes()));
                }
                verdicts.add(v);
            }
            return new VerifyResponse(verdicts);
        } catch (AnalysisLimitException e) {
            throw new ServiceError(ErrorCode.LIMIT_EXCEEDED, "request stopped at its "
                    + (e.limit() == AnalysisLimitException.Limit.TIME ? "time" : "state") + " limit: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new ServiceError(ErrorCode.LIMIT_EXCEEDED, "request stopped: it needed more memory than the service's "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap had free");
        } catch (RuntimeException e) {
            throw new ServiceError(ErrorCode.INTERNAL, "verifier fault: " + e + " (the service keeps serving)");
        }
    }

    private ProgramVerdict verifyOne(VerifyJob job, VerifyJob.Target t, AnalysisBudget budget) throws ServiceError {
        var program = t.program().program();
        Verification v = Verifier.prove(program, t.program().maps(), t.descriptor(), job.options(), budget);
        String text = ProgramReportRenderer.text(job.objectName(), program, t.descriptor(), v.report(), job.level());
        String json = Json.write(ProgramReportRenderer.json(job.objectName(), program, t.descriptor(), v.report(),
                job.level()), false);
        boolean accepted = v.report().verdict() == Verdict.ACCEPTED;
        ProgramVerdict verdict = new ProgramVerdict(program.name(), program.sectionName(), accepted, text, json);
        if (accepted) {
            byte[] artifact = shared.signing().sign(t.program(), t.descriptor(), v, new SigningStage.Request(
                    caller.name(), job.options(), job.objectName(), job.objectDigest(), job.validity()));
            verdict.setArtifact(ByteBuffer.wrap(artifact));
        }
        return verdict;
    }
}
