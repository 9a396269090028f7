package io.splitbpf.verifier.domain.num;

import java.util.Arrays;

/// The storage of a [ZoneDomain]: a difference-bound matrix over named variables, persistent,
/// so that a step which rebinds one variable allocates one row and column and shares the rest.
///
/// Each variable lives in a *slot* (slot 0 is the constant zero). Slot `s` owns one block of
/// `2s` bounds: its entries against every older slot `t < s`, `block[2t]` bounding
/// `v_s - v_t` and `block[2t + 1]` bounding `v_t - v_s` (the diagonal is 0, never stored).
/// Rebinding a variable gives it a new, youngest slot whose block holds its whole row and
/// column, so nothing else is copied; the old slot is dead and its entries, kept in younger
/// blocks, are never read again. Forgetting a variable only kills its slot. When dead slots
/// outnumber live ones, the matrix is rebuilt compactly, so the work per step stays amortised
/// O(n). Rejected alternative: the dense `(n+1)²` array copied on every step, which made
/// each rebinding allocate the whole matrix (most of the verifier's allocation on large
/// programs).
///
/// Names are kept sorted, with the slot of each, so lookups and every iteration the domain
/// exposes stay in name order (deterministic), whatever the slots.
final class ZoneMatrix {
    /// No bound.
    static final long INF = Long.MAX_VALUE;

    private static final long[] NO_BOUNDS = new long[0];
    static final ZoneMatrix EMPTY = new ZoneMatrix(new String[0], new int[0], new long[][] {NO_BOUNDS});

    /// The live variables, sorted.
    private final String[] names;
    /// `slots[i]` is the slot of `names[i]`.
    private final int[] slots;
    /// `blocks[s]` is slot `s`'s block (`blocks[0]`, the zero's, is empty).
    private final long[][] blocks;

    private ZoneMatrix(String[] names, int[] slots, long[][] blocks) {
        this.names = names;
        this.slots = slots;
        this.blocks = blocks;
    }

    /// The matrix over `names` (sorted) whose dense form, vertex 0 the zero and vertex `i` the
    /// `i`th name, is `m` (row-major, `(n+1)²`).
    static ZoneMatrix ofDense(String[] names, long[] m) {
        return ofDense(names, m, null);
    }

    /// The matrix over the names `keep` marks (all when null) of the dense matrix `m` over
    /// `names`.
    static ZoneMatrix ofDense(String[] names, long[] m, boolean[] keep) {
        int d = names.length + 1;
        int[] from = new int[d];
        int n = 0;
        for (int i = 0; i < names.length; i++) {
            if (keep == null || keep[i]) {
                from[++n] = i + 1;
            }
        }
        String[] kept = n == names.length ? names : new String[n];
        long[][] blocks = new long[n + 1][];
        blocks[0] = NO_BOUNDS;
        int[] slots = new int[n];
        for (int s = 1; s <= n; s++) {
            int row = from[s];
            long[] b = new long[2 * s];
            for (int t = 0; t < s; t++) {
                b[2 * t] = m[row * d + from[t]];
                b[2 * t + 1] = m[from[t] * d + row];
            }
            blocks[s] = b;
            slots[s - 1] = s;
            if (kept != names) {
                kept[s - 1] = names[row - 1];
            }
        }
        return new ZoneMatrix(kept, slots, blocks);
    }

    /// The live variables, sorted (shared: callers must not write to it).
    String[] names() {
        return names;
    }

    int size() {
        return names.length;
    }

    /// How many slots there are, live or dead, with the zero's: the slot a new variable gets.
    int slotCount() {
        return blocks.length;
    }

    /// The slot of `name`, or -1 when it is not a variable here.
    int slot(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? slots[i] : -1;
    }

    /// The slot of the `i`th vertex in name order: 0 for the zero, then the names' slots.
    int vertex(int i) {
        return i == 0 ? 0 : slots[i - 1];
    }

    /// The bound of `v_a - v_b`, for live slots `a` and `b`.
    long get(int a, int b) {
        if (a == b) {
            return 0;
        }
        return a > b ? blocks[a][2 * b] : blocks[b][2 * a + 1];
    }

    /// The bound of `v_a - v_b` where either slot may be -1 (a variable not here: no bound,
    /// even between two such variables).
    long getOrInf(int a, int b) {
        return a < 0 || b < 0 ? INF : get(a, b);
    }

    /// The slots of `target`'s names in order, -1 for a name that is not here, with 0 (the
    /// zero) in front.
    int[] verticesOf(String[] target) {
        int[] v = new int[target.length + 1];
        if (target == names) {
            System.arraycopy(slots, 0, v, 1, slots.length);
            return v;
        }
        for (int i = 0; i < target.length; i++) {
            v[i + 1] = slot(target[i]);
        }
        return v;
    }

    /// The dense matrix over `target` (sorted): vertex 0 the zero, vertex `i` the `i`th name,
    /// unbounded where a name is not here.
    long[] dense(String[] target) {
        int[] v = verticesOf(target);
        int d = v.length;
        long[] r = new long[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i * d + j] = i == j ? 0 : getOrInf(v[i], v[j]);
            }
        }
        return r;
    }

    /// This matrix where `x` has the new slot [#slotCount()] and the bounds `block` (as slot
    /// blocks hold them, entries of dead slots ignored); `x`'s old slot, if any, dies.
    ZoneMatrix rebound(String x, long[] block) {
        int s = blocks.length;
        long[][] nb = Arrays.copyOf(blocks, s + 1);
        nb[s] = block;
        int at = Arrays.binarySearch(names, x);
        ZoneMatrix r;
        if (at >= 0) {
            int[] ns = slots.clone();
            ns[at] = s;
            r = new ZoneMatrix(names, ns, nb);
        } else {
            int k = -at - 1;
            String[] nn = new String[names.length + 1];
            int[] ns = new int[names.length + 1];
            System.arraycopy(names, 0, nn, 0, k);
            System.arraycopy(slots, 0, ns, 0, k);
            nn[k] = x;
            ns[k] = s;
            System.arraycopy(names, k, nn, k + 1, names.length - k);
            System.arraycopy(slots, k, ns, k + 1, slots.length - k);
            r = new ZoneMatrix(nn, ns, nb);
        }
        return r.compactedIfSparse();
    }

    /// A block for the new slot [#slotCount()], every bound infinite.
    long[] freshBlock() {
        long[] b = new long[2 * blocks.length];
        Arrays.fill(b, INF);
        return b;
    }

    /// This matrix without the `i`th names where `drop[i]` holds.
    ZoneMatrix without(boolean[] drop, int dropped) {
        String[] nn = new String[names.length - dropped];
        int[] ns = new int[nn.length];
        for (int i = 0, t = 0; i < names.length; i++) {
            if (!drop[i]) {
                nn[t] = names[i];
                ns[t++] = slots[i];
            }
        }
        return new ZoneMatrix(nn, ns, blocks).compactedIfSparse();
    }

    /// This matrix rebuilt over its live slots when dead ones outnumber them.
    private ZoneMatrix compactedIfSparse() {
        return blocks.length > 2 * names.length + 16 ? ofDense(names, dense(names)) : this;
    }

    /// A copy-on-write edit of this matrix: blocks are copied the first time one of their
    /// bounds changes.
    Edit edit() {
        return new Edit();
    }

    /// See [#edit()].
    final class Edit {
        private final long[][] nb = blocks.clone();
        private final boolean[] own = new boolean[blocks.length];

        /// Sets the bound of `v_a - v_b` (`a != b`, both live).
        void set(int a, int b, long v) {
            int owner = Math.max(a, b);
            if (!own[owner]) {
                nb[owner] = nb[owner].clone();
                own[owner] = true;
            }
            nb[owner][a > b ? 2 * b : 2 * a + 1] = v;
        }

        ZoneMatrix done() {
            return new ZoneMatrix(names, slots, nb);
        }
    }
}
