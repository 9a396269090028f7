/// The reference interpreter: the semantics the JIT is tested against. Built into the
/// distribution only by the debug profile (`./mvnw -Pdebug package`); tests may always use it.
package io.splitbpf.exec.interp;
