package io.splitbpf.cli.artifact;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.core.thrift.ProgramVerdict;
import io.splitbpf.core.thrift.VerifierService;
import io.splitbpf.core.thrift.VerifyOptions;
import io.splitbpf.core.thrift.VerifyRequest;
import io.splitbpf.core.thrift.VerifyResponse;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/// Has the verifier service verify and sign the programs of an object: the first half of
/// `prog load OBJ`, and all of `artifact sign`.
public final class ObjectSigning {
    /// The report levels the service takes.
    public static final Set<String> LEVELS = Set.of("normal", "informational", "verbose");

    private ObjectSigning() {}

    /// The verifier's verdict on each program of `object` that `program` and `section` select
    /// (either may be null), each accepted one with its signed artifact.
    public static List<ProgramVerdict> verify(ConnectionOptionsMixin connection, String objectName, byte[] object,
                                              String program, String section, String level) {
        if (!LEVELS.contains(level)) {
            throw CommandException.badInput("--level '" + level + "': expected normal, informational or verbose");
        }
        VerifyRequest request = new VerifyRequest(ByteBuffer.wrap(object), objectName,
                new VerifyOptions(level, false, true, 0));
        if (program != null) {
            request.setProgram(program);
        }
        if (section != null) {
            request.setSection(section);
        }
        VerifyResponse response;
        try (DaemonClient<VerifierService.Client> verifier = DaemonClient.verifier(connection)) {
            response = verifier.call(c -> c.verify(request));
        }
        if (response.getProgramsSize() == 0) {
            throw CommandException.badInput(objectName + ": the verifier found no program to verify");
        }
        return response.getPrograms();
    }

    /// Prints the report of each rejected program to `err` and fails when there is one: nothing
    /// of the object is used then (`done` says what: `loaded`, `signed`).
    public static void requireAccepted(List<ProgramVerdict> verdicts, String objectName, PrintWriter err, String done) {
        List<ProgramVerdict> rejected = verdicts.stream().filter(v -> !v.isAccepted()).toList();
        if (rejected.isEmpty()) {
            return;
        }
        // The service renders each report as `ebpf verify` does: a line naming the program, then the report.
        rejected.forEach(v -> v.getReportText().lines().forEach(err::println));
        err.flush();
        String names = String.join(", ", rejected.stream().map(ProgramVerdict::getProgram).toList());
        throw new CommandException(ExitCode.FAILED, "the verifier rejected " + (rejected.size() == 1 ? "program " : "programs ")
                + names + " of " + objectName + "; nothing was " + done);
    }
}
