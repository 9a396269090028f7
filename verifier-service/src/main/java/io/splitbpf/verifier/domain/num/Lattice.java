package io.splitbpf.verifier.domain.num;

/// The one lattice contract every abstract domain follows (PREVAIL's uniform operators).
/// Values are immutable: every operator returns a new value. Bottom and top come from
/// factories on the implementing type, never from `null`.
///
/// @param <D> the implementing domain
public interface Lattice<D extends Lattice<D>> {
    /// Whether this value describes no concrete state at all.
    boolean isBottom();

    /// Whether this value describes every concrete state.
    boolean isTop();

    /// Whether every concrete state described by this value is described by `other`.
    boolean leq(D other);

    /// The least upper bound (or a sound over-approximation of it).
    D join(D other);

    /// The greatest lower bound (or a sound over-approximation of it).
    D meet(D other);

    /// Widening: an upper bound of both that guarantees ascending chains stabilise.
    D widen(D other);

    /// Narrowing: refines a widened value by `other` without losing soundness.
    D narrow(D other);
}
