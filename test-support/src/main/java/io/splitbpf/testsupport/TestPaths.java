package io.splitbpf.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/// Where tests find their data: the checkout (`-Dsplitbpf.root`, which surefire sets) and the
/// shared test data beside it (`-Dsplitbpf.shared`, default `../shared`). A missing folder
/// skips the test with the reason, except under `CI=true`, where it fails.
public final class TestPaths {
    private TestPaths() {}

    /// The root of the checkout.
    public static Path root() {
        String root = System.getProperty("splitbpf.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("mvnw")) ? here : here.getParent();
    }

    /// The shared test data folder, whether or not it exists.
    public static Path shared() {
        String shared = System.getProperty("splitbpf.shared");
        return (shared != null ? Path.of(shared) : root().resolve("../shared")).toAbsolutePath().normalize();
    }

    /// The folder `relative` inside the shared folder; skips (or under CI fails) when absent.
    public static Path requireShared(String relative) {
        return require(shared().resolve(relative).normalize(), "shared test data");
    }

    /// The folder `relative` inside the checkout; skips (or under CI fails) when absent.
    public static Path requireInRoot(String relative) {
        return require(root().resolve(relative).normalize(), "project folder");
    }

    /// `dir` when it is a folder; skips (or under CI fails) otherwise.
    public static Path require(Path dir, String what) {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        String reason = what + " missing: " + dir;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason + " (CI=true)");
        }
        Assumptions.abort(reason);
        throw new IllegalStateException("unreachable");
    }
}
