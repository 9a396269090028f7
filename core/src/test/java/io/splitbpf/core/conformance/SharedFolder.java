package io.splitbpf.core.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/// The shared test data folder (`../shared` beside the checkout), from the system property
/// `splitbpf.shared` that surefire sets. Missing: a failure under `CI=true`, else a skip.
public final class SharedFolder {
    private SharedFolder() {}

    /// The folder `relative` inside the shared folder; aborts or fails the test when absent.
    public static Path require(String relative) {
        return io.splitbpf.testsupport.TestPaths.requireShared(relative);
    }
}
