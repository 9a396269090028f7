package io.splitbpf.cli.options;

import io.splitbpf.certs.state.StateLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/// `--state DIR`: the state directory, for the commands that need no client certificate
/// (`cert`, `daemon start|stop`).
public final class StateOptionMixin {
    @Option(names = "--state", paramLabel = "DIR",
            description = "The state directory (default: $SPLITBPF_STATE, else ~/.splitbpf).")
    Path state;

    /// The option as given: `state` or null for the default.
    public static StateOptionMixin of(Path state) {
        StateOptionMixin o = new StateOptionMixin();
        o.state = state;
        return o;
    }

    /// The state directory this option names.
    public StateLayout layout() {
        return StateLayout.resolve(state);
    }

    /// Whether `--state` was given.
    public boolean given() {
        return state != null;
    }
}
