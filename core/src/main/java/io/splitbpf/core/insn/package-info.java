/// The decoded instruction model: one record per RFC 9669 family, consumed by exhaustive
/// pattern `switch`es (no `default`), so adding a family breaks every consumer until it
/// handles it.
///
/// ```
/// Insn     = Alu(AluOp op, Width width, Reg dst, Operand src)
///          | Endian(EndianOp op, int bits, Reg dst)
///          | LoadImm64(Reg dst, PseudoSource source, int imm, int nextImm)      -- two slots
///          | Load(MemSize size, boolean signExtend, Reg dst, Reg base, short offset)
///          | Store(MemSize size, Reg base, short offset, Operand src)
///          | Atomic(AtomicOp op, boolean fetch, MemSize size, Reg base, short offset, Reg src)
///          | PacketLoad(MemSize size, boolean indirect, Reg index, int imm)     -- ld_abs/ld_ind
///          | Jump(JmpOp op, Width width, Reg dst, Operand src, int offset)
///          | Call(int helperId) | CallLocal(int offset) | CallKfunc(int btfId, short module)
///          | CallReg(Reg target) | Exit()
/// Operand  = Reg | Imm
/// ```
/// Jump and call offsets count slots from the next slot, as on the wire; `lddw` takes two
/// slots. [InsnCodec] converts between [io.splitbpf.core.isa.RawInsn] slots and these records
/// and is strict: every reserved field must be zero. Metadata (source lines) stays outside the
/// instructions, in [LabeledInsn], so records compare by value.
package io.splitbpf.core.insn;
