package io.splitbpf.verifier.domain.num;

import java.util.Objects;
import java.util.Optional;

/// A difference constraint `plus - minus <= bound`, where either variable may be absent
/// (standing for the constant 0): `x - y <= c`, `x <= c` (no `minus`) or `-y <= c`, that is
/// `y >= -c` (no `plus`).
///
/// @param plus the variable with coefficient +1, if any
/// @param minus the variable with coefficient -1, if any
/// @param bound the constant
public record LinearConstraint(Optional<String> plus, Optional<String> minus, long bound) {
    public LinearConstraint {
        Objects.requireNonNull(plus, "plus");
        Objects.requireNonNull(minus, "minus");
        if (plus.isEmpty() && minus.isEmpty()) {
            throw new IllegalArgumentException("a constraint needs at least one variable");
        }
        if (plus.isPresent() && plus.equals(minus)) {
            throw new IllegalArgumentException("x - x <= c is not a constraint over variables");
        }
    }

    /// `x - y <= c`.
    public static LinearConstraint difference(String x, String y, long c) {
        return new LinearConstraint(Optional.of(x), Optional.of(y), c);
    }

    /// `x <= c`.
    public static LinearConstraint atMost(String x, long c) {
        return new LinearConstraint(Optional.of(x), Optional.empty(), c);
    }

    /// `x >= c`, kept as `-x <= -c`; a `c` of [Long#MIN_VALUE] is no constraint at all and is
    /// rejected.
    public static LinearConstraint atLeast(String x, long c) {
        if (c == Long.MIN_VALUE) {
            throw new IllegalArgumentException("x >= " + c + " cannot be negated in 64 bits");
        }
        return new LinearConstraint(Optional.empty(), Optional.of(x), -c);
    }

    @Override
    public String toString() {
        if (minus.isEmpty()) {
            return plus.orElseThrow() + "<=" + bound;
        }
        if (plus.isEmpty()) {
            return minus.orElseThrow() + ">=" + (bound == Long.MIN_VALUE ? "+oo" : Long.toString(-bound));
        }
        return plus.orElseThrow() + "-" + minus.orElseThrow() + "<=" + bound;
    }
}
