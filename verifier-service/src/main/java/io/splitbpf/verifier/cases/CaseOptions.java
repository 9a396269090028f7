package io.splitbpf.verifier.cases;

import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.verifier.semantics.MapShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// The `options` of a case, read.
///
/// PREVAIL's options: `termination` (loops must be proven bounded), `!allow_division_by_zero`
/// (a possibly zero divisor is a finding), `big_endian` and `!big_endian` (the byte order of
/// the stack, little-endian unless the case says otherwise).
///
/// Ours, so that a case can state what PREVAIL's test platform fixes (every other case runs on
/// [ProgramTypeDescriptor#PREVAIL_TEST], where every map fd names a 4-byte-key, 4-byte-value
/// map):
/// - `program_type=NAME`: the program type's descriptor (`xdp`, `sched_cls`, ...): its
///   context, helpers and return range;
/// - `map N: TYPE key_size=K value_size=V max_entries=E [inner=M] [rdonly_prog]`: map fd `N`
///   (an index), as bpftool names the type (`array`, `hash`, `prog_array`, `array_of_maps` with
///   the index of its inner map; `rdonly_prog` for `BPF_F_RDONLY_PROG`, as `.rodata` is); once
///   one map is declared, only declared maps exist;
/// - `entry`: start where a program starts ([io.splitbpf.verifier.semantics.EntryState]: r1
///   the context, r10 the stack top, the rest uninitialised; `pre` must then be empty), and
///   require a well-formed program (no fall-through off the end) whose exit value lies in
///   the program type's return range, as [io.splitbpf.verifier.Verifier] does.
///
/// @param descriptor the program type
/// @param maps the maps by fd, or empty for PREVAIL's test platform
/// @param checkTermination whether loops must be proven bounded
/// @param allowDivisionByZero whether a possibly zero divisor is accepted
/// @param entry whether the analysis starts from the program entry state
/// @param bigEndian whether the stack's words are big-endian
record CaseOptions(ProgramTypeDescriptor descriptor, List<MapShape> maps, boolean checkTermination,
                   boolean allowDivisionByZero, boolean entry, boolean bigEndian) {
    /// PREVAIL's test platform answers every map fd with the same descriptor; fds up to 27 occur.
    static final int PREVAIL_MAP_COUNT = 28;
    private static final MapShape PREVAIL_MAP = new MapShape(MapType.UNSPEC, 4, 4, -1, false);
    private static final Pattern MAP = Pattern.compile(
            "map\\s+(\\d+)\\s*:\\s*(\\w+)\\s+key_size=(\\d+)\\s+value_size=(\\d+)\\s+max_entries=(\\d+)(?:\\s+inner=(\\d+))?(\\s+rdonly_prog)?");

    CaseOptions {
        maps = List.copyOf(maps);
    }

    /// The options of `c`.
    ///
    /// @throws CaseConstraints.Unsupported naming an option that is not one of the above
    static CaseOptions of(VerifierCase c) {
        ProgramTypeDescriptor descriptor = ProgramTypeDescriptor.PREVAIL_TEST;
        Map<Integer, MapShape> declared = new TreeMap<>();
        boolean termination = false;
        boolean division = true;
        boolean entry = false;
        boolean bigEndian = false;
        for (String raw : c.options()) {
            String o = raw.strip();
            Matcher m = MAP.matcher(o);
            switch (o) {
                case "termination" -> termination = true;
                case "!termination" -> termination = false;
                case "allow_division_by_zero" -> division = true;
                case "!allow_division_by_zero" -> division = false;
                case "big_endian" -> bigEndian = true;
                case "!big_endian" -> bigEndian = false;
                case "entry" -> entry = true;
                default -> {
                    if (o.startsWith("program_type=")) {
                        descriptor = descriptor(o.substring("program_type=".length()));
                    } else if (m.matches()) {
                        declared.put(Integer.parseInt(m.group(1)), map(m));
                    } else {
                        throw new CaseConstraints.Unsupported("option '" + o + "'");
                    }
                }
            }
        }
        if (entry && !c.pre().isEmpty()) {
            throw new CaseConstraints.Unsupported("option entry with a non-empty pre");
        }
        return new CaseOptions(descriptor, maps(declared), termination, division, entry, bigEndian);
    }

    /// The map with fd `fd`, if it exists.
    Optional<MapShape> map(int fd) {
        return fd >= 0 && fd < maps.size() ? Optional.of(maps.get(fd)) : Optional.empty();
    }

    private static ProgramTypeDescriptor descriptor(String name) {
        return ProgramTypeDescriptor.ALL.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new CaseConstraints.Unsupported("program type '" + name + "' (known: "
                        + String.join(", ", ProgramTypeDescriptor.ALL.stream().map(ProgramTypeDescriptor::name)
                        .toList()) + ")"));
    }

    private static MapShape map(Matcher m) {
        MapType type = MapType.ofBpftoolName(m.group(2)).orElseThrow(
                () -> new CaseConstraints.Unsupported("map type '" + m.group(2) + "'"));
        if (Integer.parseInt(m.group(5)) < 1) {
            throw new CaseConstraints.Unsupported("map " + m.group(1) + " with no entries");
        }
        return new MapShape(type, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                m.group(6) == null ? -1 : Integer.parseInt(m.group(6)), m.group(7) != null);
    }

    /// The declared maps in fd order, which must be 0, 1, ...; PREVAIL's platform when none is.
    private static List<MapShape> maps(Map<Integer, MapShape> declared) {
        if (declared.isEmpty()) {
            return Collections.nCopies(PREVAIL_MAP_COUNT, PREVAIL_MAP);
        }
        List<MapShape> out = new ArrayList<>();
        for (Map.Entry<Integer, MapShape> e : declared.entrySet()) {
            if (e.getKey() != out.size()) {
                throw new CaseConstraints.Unsupported("map fds must be 0, 1, ... without gaps (map " + e.getKey() + ")");
            }
            out.add(e.getValue());
        }
        for (MapShape s : out) {
            if (s.innerIndex() >= out.size()) {
                throw new CaseConstraints.Unsupported("inner map " + s.innerIndex() + " is not declared");
            }
        }
        return out;
    }
}
