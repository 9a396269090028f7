package io.splitbpf.cli.artifact;

import io.splitbpf.core.thrift.AdmissionVerdict;
import io.splitbpf.core.thrift.Refusal;
import io.splitbpf.exec.admission.AdmissionException;
import io.splitbpf.exec.admission.Admitted;
import io.splitbpf.exec.admission.AnchorFolder;
import io.splitbpf.exec.admission.ArtifactAdmission;
import io.splitbpf.exec.admission.HostPlatform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/// Whether a host with the trust anchors in `host/anchors` would admit an artifact for a
/// caller, decided in this process when no host runs to ask: the host's own
/// [ArtifactAdmission], with this build's platform, so the answer is the one the host daemon
/// of this build would give.
public final class LocalAdmissionCheck {
    private LocalAdmissionCheck() {}

    /// The verdict on `artifact` for `caller`, trusting what `anchors` holds, at `clock`'s instant.
    ///
    /// @throws IOException when the anchors cannot be read
    public static AdmissionVerdict check(Path anchors, byte[] artifact, String caller, Clock clock) throws IOException {
        ArtifactAdmission admission = new ArtifactAdmission(AnchorFolder.load(anchors), clock, HostPlatform.current());
        try {
            Admitted a = admission.admit(artifact, caller);
            return new AdmissionVerdict(true, "program '" + a.name() + "' signed by "
                    + a.signer() + " (serial " + a.signerSerial() + ")");
        } catch (AdmissionException e) {
            AdmissionVerdict v = new AdmissionVerdict(false, e.detail());
            v.setReason(Refusal.valueOf(e.reason().name()));
            return v;
        }
    }
}
