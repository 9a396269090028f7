package io.splitbpf.verifier.kernel;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/// Why the Linux kernel refused a program, from the message it gave (the verifier log's error
/// line, or libbpf's when the program never reached the verifier).
enum KernelMessages {
    /// An access outside the memory the program may touch, an uninitialised or wrongly typed
    /// value where memory or a helper argument is needed, a pointer leak or forbidden pointer
    /// arithmetic: what our verifier must refuse too.
    MEMORY_SAFETY,
    /// The kernel refused a global function, which it verifies alone for any arguments its BTF
    /// prototype allows (a pointer argument may be null): we verify a function at each call,
    /// with the arguments the program passes, so the program may still be safe.
    GLOBAL_FUNCTION,
    /// The program may not terminate, or is too complex for the kernel to prove it does.
    TERMINATION,
    /// Malformed control flow (jumps out of range, unreachable code, calls).
    STRUCTURE,
    /// The kernel or libbpf lacks something the program needs, or refuses it for policy: a
    /// helper the program type may not call, BTF, kfuncs, attach targets, the licence, map
    /// definitions libbpf no longer reads, a map type the kernel does not create.
    ENVIRONMENT,
    /// A message not in the table: classify it before trusting the comparison.
    UNCLASSIFIED;

    // Table: kernel verifier and libbpf messages, by class (first match wins: a global function's
    // refusal before any other, then ENVIRONMENT, so that "program of this type cannot use
    // helper" is not read as an argument error).
    private static final List<Map.Entry<KernelMessages, Pattern>> TABLE = List.of(
            rule(GLOBAL_FUNCTION, "^global function \\S+\\(\\): "),
            rule(ENVIRONMENT, "cannot use helper|unknown func|GPL|gpl_only|license|kfunc|attach_btf|attach to"
                    + "|(missing|no|invalid|requires?) BTF|BTF (is|info|not)|func_info|line_info|vmlinux"
                    + "|legacy map definitions|failed to guess program type|failed to create|sleepable|not supported"
                    + "|failed to find|extern|Invalid argument\\(-22\\)|unknown opcode|calling kernel function"
                    + "|helper call might sleep|cannot be called from|program of this type"),
            rule(TERMINATION, "too large|back-edge|infinite loop|loop is not bounded|too complex|too many states"
                    + "|complexity|jumps is too|did not finish"),
            rule(STRUCTURE, "jump out of range|unreachable insn|last insn is not an exit|call stack|combined stack size"
                    + "|recursive call|invalid func|the call stack|subprog|invalid insn|invalid BPF_LD_IMM|invalid opcode"
                    + "|reserved fields|unknown insn"),
            rule(MEMORY_SAFETY, "invalid mem access|outside of the packet|invalid access to|unbounded memory access"
                    + "|value is negative|outside of the allowed memory range|invalid (indirect )?(read|write) (from|to) stack"
                    + "|invalid stack off|invalid size of register|invalid bpf_context access|dereference of modified"
                    + "|pointer arithmetic|pointer [-+]= pointer|math between|!read_ok|leaks addr|corrupt spilled"
                    + "|partial copy of pointer|invalid zero-sized read|misaligned|frame pointer is read only"
                    + "|type=\\S+ expected=|expected prog array map|invalid indirect access|R\\d+ invalid|Possible null"
                    + "|cannot write into|write into map forbidden|only read from bpf_array is supported"
                    + "|invalid variable-offset|variable .* access|arg#\\d+ |R\\d+ is not a|pointer comparison prohibited"
                    + "|bitwise operator .* on pointer|(32|64)-bit pointer arithmetic|map_value pointer and|div by zero"));

    private static Map.Entry<KernelMessages, Pattern> rule(KernelMessages k, String regex) {
        return Map.entry(k, Pattern.compile(regex));
    }

    /// The class of `message`.
    static KernelMessages of(String message) {
        for (var e : TABLE) {
            if (e.getValue().matcher(message).find()) {
                return e.getKey();
            }
        }
        return UNCLASSIFIED;
    }
}
