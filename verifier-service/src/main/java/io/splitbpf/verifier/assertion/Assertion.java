package io.splitbpf.verifier.assertion;

import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.TypeSet;

/// A safety property one instruction needs in its pre-state. The list is closed (PREVAIL's
/// `Assertion` variant): checkers switch over it without `default`. `toString()` is the
/// assertion text of a finding, generated from the record so that it cannot drift.
public sealed interface Assertion permits Assertion.TypeConstraint, Assertion.ValidAccess, Assertion.ValidDivisor,
        Assertion.ValidStore, Assertion.ValidSize, Assertion.Comparable, Assertion.Addable, Assertion.BoundedLoop,
        Assertion.ValidMapKeyValue, Assertion.ValidCall, Assertion.ZeroCtxOffset, Assertion.ValidReturn,
        Assertion.ValidMapIndex, Assertion.ValidRelease, Assertion.NoRecordHeld {

    /// Why memory is accessed. An atomic operation reads and writes (aligned to its size on
    /// shared memory; on the slot-private stack it need not be).
    enum AccessKind {
        READ, WRITE, COMPARE, ATOMIC;

        @Override
        public String toString() {
            return switch (this) {
                case READ -> "read";
                case WRITE -> "write";
                case COMPARE -> "comparison";
                case ATOMIC -> "atomic update";
            };
        }
    }

    /// `reg`'s type is within `group`.
    ///
    /// @param reg the register
    /// @param group the allowed types
    record TypeConstraint(Reg reg, TypeSet group) implements Assertion {
        @Override
        public String toString() {
            return group.single().isPresent() ? reg + ".type == " + group : reg + ".type in " + group;
        }
    }

    /// `[base + offset, base + offset + width)` is inside memory the program may access this way;
    /// the width is a constant, or the value of `widthReg` when present.
    ///
    /// @param base the pointer register
    /// @param offset the constant offset
    /// @param width the constant width in bytes (ignored when `widthReg` is present)
    /// @param widthReg the register holding the width, for helper memory arguments
    /// @param kind read, write or comparison
    record ValidAccess(Reg base, int offset, int width, java.util.Optional<Reg> widthReg, AccessKind kind)
            implements Assertion {
        public static ValidAccess of(Reg base, int offset, int width, AccessKind kind) {
            return new ValidAccess(base, offset, width, java.util.Optional.empty(), kind);
        }

        @Override
        public String toString() {
            String off = offset == 0 ? "" : (offset > 0 ? "+" + offset : Integer.toString(offset));
            String w = widthReg.map(Reg::toString).orElse(Integer.toString(width));
            return "valid_access(" + base + ".offset" + off + ", width=" + w + ") for " + kind;
        }
    }

    /// The divisor (its low 32 bits when `!is64`) is not zero.
    ///
    /// @param divisor the divisor register, or the immediate
    /// @param is64 whether the division is 64-bit
    record ValidDivisor(Operand divisor, boolean is64) implements Assertion {
        @Override
        public String toString() {
            return switch (divisor) {
                case Reg r -> (is64 ? r.toString() : "w" + r.number()) + " != 0";
                case Imm(var v) -> v + " != 0";
            };
        }
    }

    /// A pointer is stored only where it is not externally visible: unless `base` points to
    /// the stack, `value` is a number.
    ///
    /// @param base the store's base register
    /// @param value the stored register
    record ValidStore(Reg base, Reg value) implements Assertion {
        @Override
        public String toString() {
            return base + ".type != stack -> " + value + ".type == number";
        }
    }

    /// A helper size argument is positive (or at least zero when `canBeZero`).
    ///
    /// @param reg the size register
    /// @param canBeZero whether zero is allowed
    record ValidSize(Reg reg, boolean canBeZero) implements Assertion {
        @Override
        public String toString() {
            return reg + ".value " + (canBeZero ? ">= 0" : "> 0");
        }
    }

    /// `a` and `b` may be compared or subtracted: same singleton region, or (when
    /// `orSecondIsNumber`) `a` a pointer or number and `b` a number, or (when `fdsToo`, for an
    /// equality test) two references to maps.
    ///
    /// @param a the first register
    /// @param b the second register
    /// @param orSecondIsNumber whether a number `b` is also fine
    /// @param fdsToo whether two map references of the same kind are also fine
    record Comparable(Reg a, Reg b, boolean orSecondIsNumber, boolean fdsToo) implements Assertion {
        @Override
        public String toString() {
            return a + ".type == " + b + ".type in " + (fdsToo ? TypeSet.SINGLETON_PTR.join(TypeSet.FD) : TypeSet.SINGLETON_PTR)
                    + (orSecondIsNumber ? " or " + b + ".type == number" : "");
        }
    }

    /// Only numbers are added to pointers: if `pointer` is a pointer, `number` is a number.
    ///
    /// @param pointer the register that may be a pointer
    /// @param number the register that must then be a number
    record Addable(Reg pointer, Reg number) implements Assertion {
        @Override
        public String toString() {
            return pointer + ".type in pointer -> " + number + ".type == number";
        }
    }

    /// The loop whose head is at `headPc` runs fewer than `limit` times.
    ///
    /// @param headPc the loop head
    /// @param limit the bound on its counter
    record BoundedLoop(int headPc, long limit) implements Assertion {
        @Override
        public String toString() {
            return "pc[" + headPc + "] < " + limit;
        }
    }

    /// `access` points to `key_size` (or `value_size`) readable bytes of the map in `map`.
    ///
    /// @param access the key or value pointer register
    /// @param map the map register
    /// @param key whether it is the key (else the value)
    record ValidMapKeyValue(Reg access, Reg map, boolean key) implements Assertion {
        @Override
        public String toString() {
            return "within(" + access + ":" + (key ? "key_size" : "value_size") + "(" + map + "))";
        }
    }

    /// The call target is available to this program type.
    ///
    /// @param kind `helper`, `kfunc` or `callx`
    /// @param id the helper or BTF id (the register number for `callx`)
    record ValidCall(String kind, int id) implements Assertion {
        @Override
        public String toString() {
            return kind + " " + id + " is available";
        }
    }

    /// The context pointer in `reg` is unmodified.
    ///
    /// @param reg the register
    record ZeroCtxOffset(Reg reg) implements Assertion {
        @Override
        public String toString() {
            return reg + ".ctx_offset == 0";
        }
    }

    /// At the program's exit, r0 lies in the program type's return range. The fixpoint adds
    /// it at exits of the outermost frame only (a callee's `exit` returns to its caller).
    ///
    /// @param low the least allowed value
    /// @param high the greatest allowed value
    record ValidReturn(long low, long high) implements Assertion {
        @Override
        public String toString() {
            return "r0.svalue in [" + low + ", " + high + "]";
        }
    }

    /// A map reference names one of the program's maps.
    ///
    /// @param index the map's index
    record ValidMapIndex(long index) implements Assertion {
        @Override
        public String toString() {
            return "map " + index + " exists";
        }
    }

    /// `reg` is the ring buffer record the program holds, as reserved: not null and at
    /// offset 0 (its type, `alloc_mem`, is a [TypeConstraint] of its own).
    ///
    /// @param reg the register passed for release
    record ValidRelease(Reg reg) implements Assertion {
        @Override
        public String toString() {
            return reg + ".svalue != 0 and " + reg + ".alloc_mem_offset == 0";
        }
    }

    /// The program holds no ring buffer record: at its exit (every record is submitted or
    /// discarded), before a tail call (which never returns to release it), and before
    /// reserving another (a program holds at most one at a time here).
    record NoRecordHeld() implements Assertion {
        @Override
        public String toString() {
            return "alloc_mem_held == 0";
        }
    }
}
