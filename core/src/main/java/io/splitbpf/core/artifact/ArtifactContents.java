package io.splitbpf.core.artifact;

import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.SourceLoc;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.FunctionInfo;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSlot;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.ArtifactInnerMap;
import io.splitbpf.core.thrift.ArtifactLine;
import io.splitbpf.core.thrift.ArtifactMap;
import io.splitbpf.core.thrift.ArtifactOption;
import io.splitbpf.core.thrift.ArtifactSlot;
import io.splitbpf.core.thrift.ProvenFact;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/// Converts between a [VerifiedProgram] with its provenance and the [ArtifactContent] that is
/// signed, in both directions.
public final class ArtifactContents {
    private ArtifactContents() {}

    /// Who verified a program, for whom, when, and what it proved.
    ///
    /// @param tenant the tenant the artifact is for (the caller's certificate identity)
    /// @param verifierVersion the verifier's version
    /// @param options the verifier's options in effect, by name
    /// @param facts what the verifier proved that the JIT may rely on
    /// @param issued when the artifact was issued
    /// @param expires when it stops being valid
    /// @param objectName the object file's name
    /// @param objectDigest SHA-256 of the object file
    public record Provenance(String tenant, String verifierVersion, SortedMap<String, String> options,
                            List<ProvenFact> facts, Instant issued, Instant expires, String objectName,
                            byte[] objectDigest) {
        public Provenance {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(verifierVersion, "verifierVersion");
            options = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(options));
            facts = List.copyOf(facts);
            Objects.requireNonNull(issued, "issued");
            Objects.requireNonNull(expires, "expires");
            Objects.requireNonNull(objectName, "objectName");
            objectDigest = objectDigest.clone();
            if (!expires.isAfter(issued)) {
                throw new IllegalArgumentException("artifact expires (" + expires + ") before it is issued (" + issued + ")");
            }
        }

        @Override
        public byte[] objectDigest() {
            return objectDigest.clone();
        }
    }

    /// The content to sign for `verified`, verified against `descriptor`.
    public static ArtifactContent of(VerifiedProgram verified, ProgramTypeDescriptor descriptor, Provenance provenance) {
        ProgramSpec p = verified.program();
        byte[] code = p.insns().toBytes();
        List<ArtifactLine> lines = new ArrayList<>();
        for (LabeledInsn li : p.insns().insns()) {
            li.loc().ifPresent(loc -> lines.add(new ArtifactLine(li.pc(), loc.file(), loc.line(), loc.text())));
        }
        List<Integer> helpers = new ArrayList<>(verified.helperIds());
        ArtifactContent c = new ArtifactContent();
        c.setFormatVersion(ArtifactCodec.FORMAT_VERSION);
        c.setTenant(provenance.tenant());
        c.setProgramName(p.name());
        c.setSectionName(p.sectionName());
        c.setProgramType(p.type().id());
        c.setAttachType(p.attachType().map(AttachType::id).orElse(-1));
        c.setAttachTarget(p.attachTarget());
        c.setLicense(p.license());
        c.setInstructions(code);
        c.setInstructionsDigest(ArtifactCodec.sha256(code));
        c.setMaps(verified.maps().stream().map(ArtifactContents::map).toList());
        c.setHelperIds(helpers);
        c.setDescriptorHash(DescriptorHash.of(descriptor, helpers));
        c.setVerifierVersion(provenance.verifierVersion());
        c.setVerifierOptions(provenance.options().entrySet().stream()
                .map(e -> new ArtifactOption(e.getKey(), e.getValue())).toList());
        c.setFacts(provenance.facts().stream()
                .sorted(Comparator.comparingInt(ProvenFact::getPc).thenComparing(ProvenFact::getKind)).toList());
        c.setIssuedAtMillis(provenance.issued().toEpochMilli());
        c.setExpiresAtMillis(provenance.expires().toEpochMilli());
        c.setObjectName(provenance.objectName());
        c.setObjectDigest(provenance.objectDigest());
        c.setLines(lines);
        c.setFunctionStarts(p.functions().stream().map(FunctionInfo::pc).sorted().toList());
        return c;
    }

    /// The program an artifact carries, with its maps, as the host binds it.
    ///
    /// @throws ArtifactFormatException when the instructions do not decode, a type id is
    ///         unknown, or a field is inconsistent; the message names the field
    public static VerifiedProgram program(ArtifactContent c) throws ArtifactFormatException {
        byte[] code = c.getInstructions();
        if (!Arrays.equals(ArtifactCodec.sha256(code), c.getInstructionsDigest())) {
            throw new ArtifactFormatException("instructionsDigest does not match the instructions");
        }
        InsnSeq decoded;
        try {
            decoded = InsnCodec.decode(code);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFormatException("instructions: " + e.getMessage(), e);
        }
        Map<Integer, ArtifactLine> byPc = new HashMap<>();
        for (ArtifactLine l : c.getLines()) {
            byPc.put(l.getPc(), l);
        }
        List<LabeledInsn> insns = new ArrayList<>(decoded.size());
        for (LabeledInsn li : decoded.insns()) {
            ArtifactLine l = byPc.get(li.pc());
            insns.add(l == null ? li
                    : new LabeledInsn(li.pc(), li.insn(), Optional.of(new SourceLoc(l.getFile(), l.getLine(), 0, l.getText()))));
        }
        ProgramType type = ProgramType.ofId(c.getProgramType()).orElseThrow(
                () -> new ArtifactFormatException("programType " + c.getProgramType() + " is not a known program type"));
        Optional<AttachType> attach = Optional.empty();
        if (c.getAttachType() != -1) {
            attach = Optional.of(AttachType.ofId(c.getAttachType()).orElseThrow(
                    () -> new ArtifactFormatException("attachType " + c.getAttachType() + " is not a known attach type")));
        }
        List<MapSpec> maps = new ArrayList<>();
        for (int i = 0; i < c.getMapsSize(); i++) {
            maps.add(map(i, c.getMaps().get(i)));
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            indices.add(i);
        }
        List<FunctionInfo> functions = new ArrayList<>();
        for (int pc : c.getFunctionStarts()) {
            functions.add(new FunctionInfo(pc == 0 ? c.getProgramName() : "func_" + pc, pc));
        }
        ProgramSpec spec = new ProgramSpec(c.getProgramName(), c.getSectionName(), type, attach, c.getAttachTarget(),
                InsnSeq.of(insns), c.getLicense(), indices, functions);
        return new VerifiedProgram(spec, maps);
    }

    private static ArtifactMap map(MapSpec m) {
        ArtifactMap a = new ArtifactMap(m.name(), m.type().id(), m.keySize(), m.valueSize(), m.maxEntries(), m.flags(),
                ByteBuffer.wrap(m.initialData()), m.frozen(),
                m.initialSlots().stream().map(s -> new ArtifactSlot(s.slot(), s.target())).toList());
        m.innerMap().ifPresent(in -> a.setInnerMap(
                new ArtifactInnerMap(in.type().id(), in.keySize(), in.valueSize(), in.maxEntries(), in.flags())));
        return a;
    }

    private static MapSpec map(int index, ArtifactMap a) throws ArtifactFormatException {
        MapType type = mapType("maps[" + index + "].type", a.getType());
        Optional<MapSpec> inner = Optional.empty();
        if (a.isSetInnerMap()) {
            ArtifactInnerMap in = a.getInnerMap();
            inner = Optional.of(spec(a.getName() + ".inner", mapType("maps[" + index + "].innerMap.type", in.getType()),
                    in.getKeySize(), in.getValueSize(), in.getMaxEntries(), in.getFlags(), Optional.empty(),
                    new byte[0], List.of(), false, MapOrigin.INNER, "maps[" + index + "].innerMap"));
        }
        List<MapSlot> slots = a.getInitialSlots().stream().map(s -> new MapSlot(s.getSlot(), s.getTarget())).toList();
        MapOrigin origin = a.getInitialData().length > 0 || a.isFrozen() ? MapOrigin.GLOBAL_DATA : MapOrigin.BTF;
        return spec(a.getName(), type, a.getKeySize(), a.getValueSize(), a.getMaxEntries(), a.getFlags(), inner,
                a.getInitialData(), slots, a.isFrozen(), origin, "maps[" + index + "]");
    }

    private static MapSpec spec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                                Optional<MapSpec> inner, byte[] data, List<MapSlot> slots, boolean frozen,
                                MapOrigin origin, String where) throws ArtifactFormatException {
        try {
            return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, 0, 0, 0, inner, data, slots, frozen,
                    Optional.empty(), Optional.empty(), origin);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static MapType mapType(String where, int id) throws ArtifactFormatException {
        return MapType.ofId(id).orElseThrow(() -> new ArtifactFormatException(where + " " + id + " is not a known map type"));
    }
}
