package io.splitbpf.exec.jit;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.HelperTable;
import io.splitbpf.exec.runtime.LoadException;
import java.lang.classfile.ClassBuilder;
import java.lang.foreign.MemorySegment;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/// Emits the hidden class of one program: an instance method `run` (the [CompiledProgram]
/// entry) and one static method per eBPF function, `f<pc>`, with the signature described in
/// [LocalsLayout]. Class data is a list: the [HelperTable] first, then each called helper.
final class ProgramClassEmitter {
    static final ClassDesc CD_CTX = ClassDesc.of("io.splitbpf.exec.runtime.ExecContext");
    static final ClassDesc CD_SEG = ClassDesc.of("java.lang.foreign.MemorySegment");
    static final ClassDesc CD_HELPER = ClassDesc.of("io.splitbpf.exec.runtime.HelperFunction");
    static final ClassDesc CD_TABLE = ClassDesc.of("io.splitbpf.exec.runtime.HelperTable");
    static final ClassDesc CD_RT = ClassDesc.of("io.splitbpf.exec.jit.JitRuntime");
    static final ClassDesc CD_ABORT = ClassDesc.of("io.splitbpf.exec.jit.JitRuntime$PacketAbort");
    static final ClassDesc CD_ACCESS = ClassDesc.of("io.splitbpf.exec.jit.SegmentAccess");
    static final ClassDesc CD_ALU = ClassDesc.of("io.splitbpf.exec.runtime.AluOps");
    static final ClassDesc CD_EXEC_EX = ClassDesc.of("io.splitbpf.exec.runtime.ExecutionException");
    static final ClassDesc CD_RTE = ClassDesc.of("java.lang.RuntimeException");
    static final ClassDesc CD_FAULT = ClassDesc.of(MemoryFault.class.getName());
    static final ClassDesc CD_ISE = ClassDesc.of("java.lang.IllegalStateException");
    static final ClassDesc CD_IAE = ClassDesc.of("java.lang.IllegalArgumentException");
    static final ClassDesc CD_PROGRAM = ClassDesc.of("io.splitbpf.exec.jit.CompiledProgram");

    static final MethodTypeDesc MTD_FN = MethodTypeDesc.of(CD_long, CD_CTX, CD_SEG, CD_long, CD_long, CD_long,
            CD_long, CD_long, CD_long, CD_int);
    static final MethodTypeDesc MTD_RUN = MethodTypeDesc.of(CD_long, CD_CTX, CD_SEG, CD_long, CD_long, CD_long,
            CD_long, CD_long);
    static final MethodTypeDesc MTD_HELPER = MethodTypeDesc.of(CD_long, CD_CTX, CD_long, CD_long, CD_long, CD_long,
            CD_long);
    static final MethodTypeDesc MTD_JJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    static final MethodTypeDesc MTD_LOAD = MethodTypeDesc.of(CD_long, CD_SEG, CD_long, CD_int, CD_int);
    static final MethodTypeDesc MTD_STORE = MethodTypeDesc.of(CD_void, CD_SEG, CD_long, CD_int, CD_long, CD_int);

    private final InsnSeq program;
    private final HelperTable helpers;
    private final List<Object> classData = new ArrayList<>();
    private final Map<Integer, Integer> helperIndex = new LinkedHashMap<>();
    private final TreeSet<Integer> functions = new TreeSet<>();
    private boolean hasPacketLoads;
    /// The class data index of the segment the program is bound to, or -1 when unbound.
    private final int memoryIndex;

    /// An emitter for `program` with `helpers`; with `memory` present, the class is bound to
    /// that segment (see [JitCompiler#compile(InsnSeq, HelperTable, TenantMemory)]).
    ProgramClassEmitter(InsnSeq program, HelperTable helpers, Optional<MemorySegment> memory) {
        this.program = program;
        this.helpers = helpers;
        classData.add(helpers);
        memory.ifPresent(classData::add);
        this.memoryIndex = memory.isPresent() ? classData.size() - 1 : -1;
        functions.add(0);
        for (LabeledInsn li : program.insns()) {
            switch (li.insn()) {
                case CallLocal c -> functions.add(c.target(li.pc()));
                case Call(var id) -> helperIndex.computeIfAbsent(id, k -> {
                    classData.add(helpers.lookup(k).orElseThrow(
                            () -> new LoadException(li.pc(), "call of unknown helper " + k)));
                    return classData.size() - 1;
                });
                case PacketLoad p -> hasPacketLoads = true;
                default -> { }
            }
        }
    }

    /// The class data the hidden class expects.
    List<Object> classData() {
        return List.copyOf(classData);
    }

    /// The class file of the program, named `name`.
    byte[] emit(ClassDesc name) {
        return ClassFile.of().build(name, cb -> {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(CD_PROGRAM);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                    code -> code.aload(0).invokespecial(CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
            emitRun(cb, name);
            for (int start : functions) {
                int end = end(start);
                cb.withMethodBody("f" + start, MTD_FN, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC,
                        code -> new FunctionEmitter(code, name, start, end).emit());
            }
        });
    }

    /// The end (exclusive) of the function that starts at `start`.
    private int end(int start) {
        Integer next = functions.higher(start);
        return next != null ? next : program.slotCount();
    }

    private void emitRun(ClassBuilder cb, ClassDesc self) {
        cb.withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> {
            Label start = code.newLabel();
            Label end = code.newLabel();
            Label abort = code.newLabel();
            if (memoryIndex >= 0) {
                // Bound: the segment must be the bound one (then the functions use the constant).
                Label same = code.newLabel();
                code.aload(2).ldc(classDataAt(memoryIndex, CD_SEG)).if_acmpeq(same);
                code.invokestatic(CD_RT, "otherMemory", MethodTypeDesc.of(CD_ISE)).athrow();
                code.labelBinding(same);
            }
            code.aload(1).invokevirtual(CD_CTX, "clearExit", ConstantDescs.MTD_void);
            code.labelBinding(start);
            code.aload(1).aload(2).lload(3).lload(5).lload(7).lload(9).lload(11);
            if (FunctionScan.of(program, 0, end(0)).reads().contains(Reg.R10)) {
                code.aload(1).invokevirtual(CD_CTX, "frameTop", MethodTypeDesc.of(CD_long));
            } else {
                code.lconst_0(); // a program that never reads r10 needs no frame pointer
            }
            code.iconst_0();
            code.invokestatic(self, "f0", MTD_FN);
            code.labelBinding(end);
            code.lreturn();
            if (hasPacketLoads) {
                // Linux: a legacy packet load out of bounds ends the program with r0 = 0.
                code.labelBinding(abort);
                code.pop().lconst_0().lreturn();
                code.exceptionCatch(start, end, abort, CD_ABORT);
            }
        });
    }

    /// Emits one function's method body.
    private final class FunctionEmitter {
        private final CodeBuilder code;
        private final ClassDesc self;
        private final int start;
        private final int end;
        private final Label[] labels;
        private final List<Runnable> handlers = new ArrayList<>();
        private final FunctionScan scan;

        FunctionEmitter(CodeBuilder code, ClassDesc self, int start, int end) {
            this.code = code;
            this.self = self;
            this.start = start;
            this.end = end;
            this.scan = FunctionScan.of(program, start, end);
            this.labels = new Label[end - start];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = code.newLabel();
            }
        }

        void emit() {
            if (memoryIndex >= 0) {
                // A constant segment: C2 folds its address and size into the accesses.
                code.ldc(classDataAt(memoryIndex, CD_SEG)).astore(LocalsLayout.MEM);
            }
            for (Reg r : new Reg[] {Reg.R0, Reg.R6, Reg.R7, Reg.R8, Reg.R9}) {
                if (scan.reads().contains(r)) {
                    code.lconst_0().lstore(LocalsLayout.slot(r));
                }
            }
            for (int pc = start; pc < end; pc++) {
                LabeledInsn li = program.at(pc);
                if (li == null) {
                    continue;
                }
                code.labelBinding(labels[pc - start]);
                if (pc + 1 < end && !scan.isJumpTarget(pc + 1) && fusedExtension(li.insn(), program.at(pc + 1))) {
                    code.labelBinding(labels[pc + 1 - start]);
                    pc++;
                } else {
                    emit(li);
                }
            }
            handlers.forEach(Runnable::run);
        }

        /// `r <<= 32; r s>>= 32` (or `>>= 32`) is how compilers sign- (or zero-) extend the low
        /// half of a register: one `l2i; i2l` (or mask) instead of two shifts. Emits that and
        /// returns true when `first` and `next` are such a pair.
        private boolean fusedExtension(Insn first, LabeledInsn next) {
            if (next == null || !(first instanceof Alu(var op1, var w1, var dst1, Imm(var n1)))
                    || !(next.insn() instanceof Alu(var op2, var w2, var dst2, Imm(var n2)))
                    || op1 != AluOp.LSH || w1 != Width.W64 || w2 != Width.W64 || dst1 != dst2 || n1 != 32 || n2 != 32
                    || (op2 != AluOp.ARSH && op2 != AluOp.RSH)) {
                return false;
            }
            load(dst1);
            if (op2 == AluOp.ARSH) {
                code.l2i().i2l();
            } else {
                zeroExtend32();
            }
            store(dst1);
            return true;
        }

        private Label label(int pc, int target) {
            if (target < start || target >= end) {
                throw new LoadException(pc, "jump from the function at pc " + start + " to pc " + target
                        + ", outside it");
            }
            return labels[target - start];
        }

        private void load(Reg r) {
            code.lload(LocalsLayout.slot(r));
        }

        private void store(Reg r) {
            code.lstore(LocalsLayout.slot(r));
        }

        private void operand(Operand src) {
            switch (src) {
                case Reg r -> load(r);
                case Imm(var v) -> code.loadConstant((long) v);
            }
        }

        /// Pushes a shift amount as an `int` (the JVM masks it as eBPF does).
        private void shiftAmount(Operand src) {
            switch (src) {
                case Reg r -> {
                    load(r);
                    code.l2i();
                }
                case Imm(var v) -> code.loadConstant(v);
            }
        }

        private void zeroExtend32() {
            code.loadConstant(0xffff_ffffL).land();
        }

        private void emit(LabeledInsn li) {
            int pc = li.pc();
            switch (li.insn()) {
                case Alu a -> alu(a);
                case Endian(var op, var bits, var dst) -> {
                    load(dst);
                    switch (op) {
                        case LE -> {
                            if (bits < 64) {
                                code.loadConstant(bits == 16 ? 0xffffL : 0xffff_ffffL).land();
                            }
                        }
                        case BE, SWAP -> code.loadConstant(bits).invokestatic(CD_ALU, "swap",
                                MethodTypeDesc.of(CD_long, CD_long, CD_int));
                    }
                    store(dst);
                }
                case LoadImm64 l -> {
                    code.loadConstant(l.value());
                    store(l.dst());
                }
                case Load(var size, var sx, var dst, var base, var off) -> memLoad(pc, size, sx, dst, base, off);
                case Store(var size, var base, var off, var src) -> memStore(pc, size, base, off, src);
                case Atomic a -> atomic(pc, a);
                case PacketLoad p -> {
                    code.aload(LocalsLayout.CTX).aload(LocalsLayout.MEM);
                    if (p.indirect()) {
                        load(p.index());
                    } else {
                        code.lconst_0();
                    }
                    code.loadConstant((long) p.imm()).ladd();
                    code.loadConstant(p.size().bytes()).loadConstant(pc);
                    code.invokestatic(CD_RT, "packetLoad", MethodTypeDesc.of(CD_long, CD_CTX, CD_SEG, CD_long, CD_int, CD_int));
                    store(Reg.R0);
                    clobberArguments();
                }
                case Jump j -> jump(pc, j);
                case Call(var id) -> {
                    Label s = code.newLabel();
                    Label e = code.newLabel();
                    code.labelBinding(s);
                    code.ldc(classDataAt(helperIndex.get(id), CD_HELPER));
                    code.aload(LocalsLayout.CTX);
                    for (int r = 1; r <= 5; r++) {
                        load(Reg.of(r));
                    }
                    code.invokeinterface(CD_HELPER, "call", MTD_HELPER);
                    code.labelBinding(e);
                    store(Reg.R0);
                    clobberArguments();
                    exitIfRequested();
                    String name = helpers.name(id);
                    helperHandler(s, e, pc, name, CD_FAULT);
                    helperHandler(s, e, pc, name, CD_IAE);
                }
                case CallReg(var target) -> {
                    code.ldc(classDataAt(0, CD_TABLE));
                    code.aload(LocalsLayout.CTX);
                    load(target);
                    for (int r = 1; r <= 5; r++) {
                        load(Reg.of(r));
                    }
                    code.loadConstant(pc);
                    code.invokestatic(CD_RT, "callx", MethodTypeDesc.of(CD_long, CD_TABLE, CD_CTX, CD_long, CD_long,
                            CD_long, CD_long, CD_long, CD_long, CD_int));
                    store(Reg.R0);
                    clobberArguments();
                    exitIfRequested();
                }
                case CallLocal c -> {
                    Label ok = code.newLabel();
                    code.iload(LocalsLayout.DEPTH).loadConstant(ExecContext.MAX_FRAMES - 1).if_icmplt(ok);
                    code.loadConstant(pc).invokestatic(CD_RT, "tooDeep", MethodTypeDesc.of(CD_EXEC_EX, CD_int)).athrow();
                    code.labelBinding(ok);
                    code.aload(LocalsLayout.CTX).aload(LocalsLayout.MEM);
                    for (int r = 1; r <= 5; r++) {
                        load(Reg.of(r));
                    }
                    load(Reg.R10);
                    code.loadConstant((long) ExecContext.FRAME_SIZE).lsub();
                    code.iload(LocalsLayout.DEPTH).iconst_1().iadd();
                    code.invokestatic(self, "f" + c.target(pc), MTD_FN);
                    store(Reg.R0);
                    clobberArguments();
                    exitIfRequested();
                }
                case CallKfunc k -> throw new LoadException(pc, "calls of kernel functions are not supported");
                case Exit() -> {
                    load(Reg.R0);
                    code.lreturn();
                }
            }
        }

        /// Helpers and calls leave r1–r5 undefined; both engines zero them.
        private void clobberArguments() {
            for (int r = 1; r <= 5; r++) {
                code.lconst_0();
                store(Reg.of(r));
            }
        }

        /// After a call: when a helper asked to end the program, return its value at once.
        private void exitIfRequested() {
            Label cont = code.newLabel();
            code.aload(LocalsLayout.CTX).invokevirtual(CD_CTX, "exitRequested", MethodTypeDesc.of(CD_boolean));
            code.ifeq(cont);
            code.aload(LocalsLayout.CTX).invokevirtual(CD_CTX, "exitValue", MethodTypeDesc.of(CD_long)).lreturn();
            code.labelBinding(cont);
        }

        private void helperHandler(Label s, Label e, int pc, String name, ClassDesc type) {
            Label h = code.newLabel();
            code.exceptionCatch(s, e, h, type);
            handlers.add(() -> {
                code.labelBinding(h);
                code.loadConstant(pc).ldc(name);
                code.invokestatic(CD_RT, "helperFault", MethodTypeDesc.of(CD_EXEC_EX, CD_RTE, CD_int, CD_String));
                code.athrow();
            });
        }

        private void alu(Alu a) {
            AluOp op = a.op();
            Reg dst = a.dst();
            Operand src = a.src();
            if (a.width() == Width.W64) {
                switch (op) {
                    case MOV -> operand(src);
                    case MOVSX8 -> { operand(src); code.l2i().i2b().i2l(); }
                    case MOVSX16 -> { operand(src); code.l2i().i2s().i2l(); }
                    case MOVSX32 -> { operand(src); code.l2i().i2l(); }
                    case NEG -> { load(dst); code.lneg(); }
                    case ADD -> { load(dst); operand(src); code.ladd(); }
                    case SUB -> { load(dst); operand(src); code.lsub(); }
                    case MUL -> { load(dst); operand(src); code.lmul(); }
                    case OR -> { load(dst); operand(src); code.lor(); }
                    case AND -> { load(dst); operand(src); code.land(); }
                    case XOR -> { load(dst); operand(src); code.lxor(); }
                    case LSH -> { load(dst); shiftAmount(src); code.lshl(); }
                    case RSH -> { load(dst); shiftAmount(src); code.lushr(); }
                    case ARSH -> { load(dst); shiftAmount(src); code.lshr(); }
                    case DIV -> aluCall(dst, src, "div64");
                    case SDIV -> aluCall(dst, src, "sdiv64");
                    case MOD -> aluCall(dst, src, "mod64");
                    case SMOD -> aluCall(dst, src, "smod64");
                }
            } else {
                switch (op) {
                    case MOV -> {
                        if (src instanceof Imm(var v)) {
                            code.loadConstant(v & 0xffff_ffffL);
                        } else {
                            operand(src);
                            zeroExtend32();
                        }
                    }
                    case MOVSX8 -> { operand(src); code.l2i().i2b().i2l(); zeroExtend32(); }
                    case MOVSX16 -> { operand(src); code.l2i().i2s().i2l(); zeroExtend32(); }
                    case MOVSX32 -> { operand(src); zeroExtend32(); }
                    case NEG -> { load(dst); code.lneg(); zeroExtend32(); }
                    case ADD -> { load(dst); operand(src); code.ladd(); zeroExtend32(); }
                    case SUB -> { load(dst); operand(src); code.lsub(); zeroExtend32(); }
                    case MUL -> { load(dst); operand(src); code.lmul(); zeroExtend32(); }
                    case OR -> { load(dst); operand(src); code.lor(); zeroExtend32(); }
                    case AND -> { load(dst); operand(src); code.land(); zeroExtend32(); }
                    case XOR -> { load(dst); operand(src); code.lxor(); zeroExtend32(); }
                    case LSH -> { load(dst); code.l2i(); shiftAmount(src); code.ishl().i2l(); zeroExtend32(); }
                    case RSH -> { load(dst); code.l2i(); shiftAmount(src); code.iushr().i2l(); zeroExtend32(); }
                    case ARSH -> { load(dst); code.l2i(); shiftAmount(src); code.ishr().i2l(); zeroExtend32(); }
                    case DIV -> aluCall(dst, src, "div32");
                    case SDIV -> aluCall(dst, src, "sdiv32");
                    case MOD -> aluCall(dst, src, "mod32");
                    case SMOD -> aluCall(dst, src, "smod32");
                }
            }
            store(dst);
        }

        private void aluCall(Reg dst, Operand src, String method) {
            load(dst);
            operand(src);
            code.invokestatic(CD_ALU, method, MTD_JJ_J);
        }

        /// A load: one call of the [SegmentAccess] method for its size and extension.
        private void memLoad(int pc, MemSize size, boolean sx, Reg dst, Reg base, short off) {
            code.aload(LocalsLayout.MEM);
            load(base);
            code.loadConstant((int) off).loadConstant(pc);
            code.invokestatic(CD_ACCESS, (sx && size != MemSize.DW ? "ldxs" : "ldx") + size.suffix(), MTD_LOAD);
            store(dst);
        }

        /// A store: one call of the [SegmentAccess] method for its size.
        private void memStore(int pc, MemSize size, Reg base, short off, Operand src) {
            code.aload(LocalsLayout.MEM);
            load(base);
            code.loadConstant((int) off);
            operand(src);
            code.loadConstant(pc);
            code.invokestatic(CD_ACCESS, "stx" + size.suffix(), MTD_STORE);
        }

        private void atomic(int pc, Atomic a) {
            code.aload(LocalsLayout.MEM);
            load(a.base());
            code.loadConstant((long) a.offset()).ladd();
            code.loadConstant(a.op().code());
            load(a.src());
            load(Reg.R0);
            code.loadConstant(pc);
            code.invokestatic(CD_RT, a.size() == MemSize.DW ? "atomic64" : "atomic32",
                    MethodTypeDesc.of(CD_long, CD_SEG, CD_long, CD_int, CD_long, CD_long, CD_int));
            if (a.op() == AtomicOp.CMPXCHG) {
                store(Reg.R0);
            } else if (a.fetch()) {
                store(a.src());
            } else {
                code.pop2();
            }
        }

        private void jump(int pc, Jump j) {
            int target = j.target(pc);
            JumpEmitter.emit(code, j, label(pc, target), target <= pc);
        }
    }

    private static DynamicConstantDesc<Object> classDataAt(int index, ClassDesc type) {
        return DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, type, index);
    }
}
