package io.splitbpf.exec.runtime;

import io.splitbpf.core.NotSupportedException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/// Finds the execution engines this build has.
public final class Engines {
    private Engines() {}

    /// The class of the reference interpreter, present only in debug builds (and tests).
    private static final String INTERPRETER = "io.splitbpf.exec.interp.Interpreter";

    /// The engines this build has, by name: those registered as services, and the
    /// interpreter when the build includes it.
    public static List<ExecutionEngine> available() {
        TreeMap<String, ExecutionEngine> byName = new TreeMap<>();
        for (ExecutionEngine e : ServiceLoader.load(ExecutionEngine.class, Engines.class.getClassLoader())) {
            byName.putIfAbsent(e.name(), e);
        }
        try {
            Class<?> c = Class.forName(INTERPRETER, true, Engines.class.getClassLoader());
            ExecutionEngine e = (ExecutionEngine) c.getConstructor().newInstance();
            byName.putIfAbsent(e.name(), e);
        } catch (ClassNotFoundException releaseBuild) {
            // A release build: no interpreter.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + INTERPRETER, e);
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
