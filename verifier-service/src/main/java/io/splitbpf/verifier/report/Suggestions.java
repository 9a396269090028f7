package io.splitbpf.verifier.report;

import java.util.Optional;

/// The short hints for the common failures, keyed by the finding's fixed sentence (and for
/// a few, by the region its assertion names).
final class Suggestions {
    private Suggestions() {}

    static Optional<String> of(Finding f) {
        if (!f.error()) {
            return Optional.empty();
        }
        String s = f.sentence();
        String hint = switch (s) {
            case "Possible null access", "Non-zero access size with null pointer" ->
                    "check the result of bpf_map_lookup_elem against NULL first";
            case "Upper bound must be at most packet_size" -> "compare against data_end first";
            case "Lower bound must be at least meta_offset" -> "compare against data_meta and data_end first";
            case "Possible division by zero" -> "compare the divisor against 0 first";
            case "Loop counter is too large" -> "bound the loop: compare its counter against a constant limit";
            case "Only numbers can be stored to externally-visible regions",
                 "Illegal map update with a non-numerical value" ->
                    "store numbers only: a pointer must not reach a map, the context or the return value";
            case "Stack content is not numeric" -> "write the stack bytes before reading them";
            case "Return value is out of range" -> "return a value the program type allows";
            case "Map is read-only to programs" ->
                    "programs may not change a BPF_F_RDONLY_PROG map (const globals in .rodata): use a writable map";
            default -> s.startsWith("Upper bound must be at most ") && s.endsWith("shared_region_size")
                    ? "compare the offset against the map's value size first" : null;
        };
        return Optional.ofNullable(hint);
    }
}
