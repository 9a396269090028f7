package io.splitbpf.exec.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/// The helpers a program may call, by numeric id, with their names for messages.
public final class HelperTable {
    private record Entry(String name, HelperFunction fn) {}

    private final Map<Integer, Entry> entries;

    private HelperTable(Map<Integer, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /// A table with no helpers.
    public static HelperTable empty() {
        return new HelperTable(Map.of());
    }

    /// A new builder.
    public static Builder builder() {
        return new Builder();
    }

    /// The helper with id `id`, if the table has it.
    public Optional<HelperFunction> lookup(int id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.fn());
    }

    /// The helper's name, or `helper #id` when the table does not have it.
    public String name(int id) {
        Entry e = entries.get(id);
        return e == null ? "helper #" + id : e.name();
    }

    /// The ids in ascending order.
    public java.util.Set<Integer> ids() {
        return entries.keySet();
    }

    /// Collects helpers.
    public static final class Builder {
        private final Map<Integer, Entry> entries = new TreeMap<>();

        /// Adds (or replaces) helper `id`.
        public Builder add(int id, String name, HelperFunction fn) {
            entries.put(id, new Entry(Objects.requireNonNull(name), Objects.requireNonNull(fn)));
            return this;
        }

        public HelperTable build() {
            return new HelperTable(entries);
        }
    }
}
