package io.splitbpf.verifier.service;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.artifact.VerifiedProgram;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.VerifyOptions;
import io.splitbpf.core.thrift.VerifyRequest;
import io.splitbpf.verifier.ProgramSelection;
import io.splitbpf.verifier.ReportLevel;
import io.splitbpf.verifier.VerifierOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/// The work a [VerifyRequest] asks for, checked: the object parsed, its programs selected and
/// each cut out with its maps and matched to its program type's descriptor, the options
/// turned into [VerifierOptions]. Every problem with the request is a BAD_REQUEST naming the
/// field, the object or the program, found before anything is verified.
///
/// @param objectName the object's name, for reports and the artifact
/// @param objectDigest SHA-256 of the object's bytes
/// @param options the verifier options
/// @param validity the artifact lifetime asked for, if any
/// @param targets the selected programs, in the object's order
record VerifyJob(String objectName, byte[] objectDigest, VerifierOptions options, Optional<Duration> validity,
                 List<Target> targets) {
    /// The longest object name accepted.
    static final int MAX_NAME_LENGTH = 255;

    /// One program to verify.
    ///
    /// @param program the program cut out of its object with only its maps: what is verified and signed
    /// @param descriptor its program type's descriptor
    record Target(VerifiedProgram program, ProgramTypeDescriptor descriptor) {}

    VerifyJob {
        objectDigest = objectDigest.clone();
        targets = List.copyOf(targets);
    }

    /// The level the reports are rendered at.
    ReportLevel level() {
        return options.level();
    }

    /// Checks `request` against `limits` and reads it.
    ///
    /// @throws ServiceError BAD_REQUEST naming what is wrong
    static VerifyJob of(VerifyRequest request, RequestLimits limits) throws ServiceError {
        byte[] bytes = request.getObject();
        String name = name(request.getObjectName());
        if (bytes.length > limits.maxObjectBytes()) {
            throw bad(String.format(Locale.ROOT, "object %s: %,d bytes, more than the %,d this service accepts", name,
                    bytes.length, limits.maxObjectBytes()));
        }
        VerifierOptions options = options(request.getOptions());
        Optional<Duration> validity = Optional.empty();
        if (request.isSetValiditySeconds()) {
            if (request.getValiditySeconds() <= 0) {
                throw bad("validitySeconds: " + request.getValiditySeconds() + " is not a positive number of seconds");
            }
            validity = Optional.of(Duration.ofSeconds(request.getValiditySeconds()));
        }
        CollectionSpec object = parse(name, bytes);
        List<ProgramSpec> selected;
        try {
            selected = ProgramSelection.select(object, Optional.ofNullable(request.getProgram()),
                    Optional.ofNullable(request.getSection()));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        List<Target> targets = new ArrayList<>();
        for (ProgramSpec p : selected) {
            targets.add(target(object, p));
        }
        return new VerifyJob(name, ArtifactCodec.sha256(bytes), options, validity, targets);
    }

    private static String name(String name) throws ServiceError {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw bad("objectName: give the object's file name: 1 to " + MAX_NAME_LENGTH
                    + " characters, no control characters");
        }
        return name;
    }

    private static VerifierOptions options(VerifyOptions o) throws ServiceError {
        VerifierOptions defaults = VerifierOptions.defaults();
        ReportLevel level = ReportLevel.ofDisplayName(o.getLevel()).orElseThrow(() -> bad("options.level: '"
                + o.getLevel() + "' is not a level (normal, informational or verbose)"));
        if (!o.isCheckTermination()) {
            throw bad("options.checkTermination: the service signs only programs proven to terminate; "
                    + "use `ebpf verify` to analyse without termination checks");
        }
        long max = o.getMaxInstructions() == 0 ? defaults.maxInstructions() : o.getMaxInstructions();
        if (max < 1 || max > defaults.maxInstructions()) {
            throw bad(String.format(Locale.ROOT, "options.maxInstructions: %,d is outside 1 to %,d (0 for the default)",
                    o.getMaxInstructions(), defaults.maxInstructions()));
        }
        return defaults.withLevel(level).withAllowDivisionByZero(!o.isDivisionByZeroIsError()).withMaxInstructions(max);
    }

    private static CollectionSpec parse(String name, byte[] bytes) throws ServiceError {
        try {
            return ElfObjectReader.read(name, bytes);
        } catch (BpfFormatException | NotSupportedException e) {
            throw bad(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // The reader names its own errors; anything else is still this object's fault.
            throw bad(name + ": cannot be read as an eBPF object (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static Target target(CollectionSpec object, ProgramSpec p) throws ServiceError {
        String where = object.name() + ": program '" + p.name() + "' (section " + p.sectionName() + ")";
        ProgramTypeDescriptor d = ProgramTypeDescriptor.of(p.type(), p.attachType()).orElseThrow(() -> bad(where + ": "
                + (p.type() == ProgramType.UNSPEC ? "the section names no program type"
                : "no verifier descriptor for program type " + p.type().bpftoolName())
                + "; the service verifies " + supported()));
        try {
            return new Target(VerifiedProgram.extract(object, p), d);
        } catch (IllegalArgumentException e) {
            throw bad(where + ": " + e.getMessage());
        }
    }

    private static String supported() {
        return String.join(", ", ProgramTypeDescriptor.ALL.stream()
                .filter(d -> ProgramTypeDescriptor.of(d.type()).orElse(null) == d).map(ProgramTypeDescriptor::name).toList());
    }

    static ServiceError bad(String message) {
        return new ServiceError(ErrorCode.BAD_REQUEST, message);
    }
}
