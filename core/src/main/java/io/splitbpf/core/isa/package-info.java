/// The eBPF instruction set of RFC 9669 at the wire level: the 8-byte [RawInsn] record and
/// the small enums that name the fields of its opcode byte.
///
/// An opcode byte is read in one of three layouts, chosen by its low three bits (the class):
/// ```
///   arithmetic and jumps    load and store
///   +------+-----+-------+  +------+------+-------+
///   | op 4 | s 1 | cls 3 |  | md 3 | sz 2 | cls 3 |
///   +------+-----+-------+  +------+------+-------+
/// ```
/// `s` is [Source] (K: the immediate, X: the source register), `md` is [MemMode] and `sz`
/// is [MemSize].
package io.splitbpf.core.isa;
