package io.splitbpf.exec.runtime;

import io.splitbpf.core.NotSupportedException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/// Finds the execution engines this build has.
public final class Engines {
    private Engines() {}

    /// The engines on the class or module path, by name.
    public static List<ExecutionEngine> available() {
        TreeMap<String, ExecutionEngine> byName = new TreeMap<>();
        for (ExecutionEngine e : ServiceLoader.load(ExecutionEngine.class, Engines.class.getClassLoader())) {
            byName.putIfAbsent(e.name(), e);
        }
        return List.copyOf(byName.values());
    }

    /// The engine called `name`.
    ///
    /// @throws NotSupportedException when this build has no such engine; for the interpreter
    ///     in a release build the message says so
    public static ExecutionEngine byName(String name) {
        for (ExecutionEngine e : available()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        if (name.equals("interpreter")) {
            throw new NotSupportedException("interpreter",
                    "the interpreter is not part of release builds (build with ./mvnw -Pdebug package)");
        }
        throw new NotSupportedException(name, "no execution engine '" + name + "' in this build (available: "
                + String.join(", ", available().stream().map(ExecutionEngine::name).toList()) + ")");
    }
}
