package io.splitbpf.verifier.cfg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/// Bourdoncle's weak topological order of a [Cfg]'s blocks: a sequence of vertices and
/// components, each component a head followed by its own (nested) order. Iterating in this
/// order and widening only at component heads gives a chaotic iteration that terminates.
///
/// @param elements the top-level order
public record Wto(List<Element> elements) {
    /// One element of a weak topological order.
    public sealed interface Element permits Vertex, Component {}

    /// A block outside any cycle at this nesting level.
    ///
    /// @param block the block id
    public record Vertex(int block) implements Element {}

    /// A strongly connected component: its head (where widening happens) and the order of the
    /// rest of it.
    ///
    /// @param head the head block id
    /// @param body the order of the component's other blocks
    public record Component(int head, List<Element> body) implements Element {
        public Component {
            body = List.copyOf(body);
        }
    }

    public Wto {
        elements = List.copyOf(elements);
    }

    /// The weak topological order of `cfg`'s blocks reachable from block 0.
    public static Wto of(Cfg cfg) {
        return new Builder(cfg.successorIds()).build();
    }

    /// Every component head, sorted.
    public SortedSet<Integer> heads() {
        SortedSet<Integer> out = new TreeSet<>();
        collectHeads(elements, out);
        return out;
    }

    private static void collectHeads(List<Element> es, SortedSet<Integer> out) {
        for (Element e : es) {
            if (e instanceof Component(int head, List<Element> body)) {
                out.add(head);
                collectHeads(body, out);
            }
        }
    }

    /// Bourdoncle's notation, e.g. `0 (1 2 (3 4)) 5`.
    @Override
    public String toString() {
        return render(elements);
    }

    private static String render(List<Element> es) {
        List<String> parts = new ArrayList<>();
        for (Element e : es) {
            parts.add(switch (e) {
                case Vertex(int b) -> Integer.toString(b);
                case Component(int head, List<Element> body) ->
                        "(" + head + (body.isEmpty() ? "" : " " + render(body)) + ")";
            });
        }
        return String.join(" ", parts);
    }

    /// The recursive algorithm of Bourdoncle (1993), "Efficient chaotic iteration strategies
    /// with widenings", with depth-first numbers and a stack.
    private static final class Builder {
        private static final int DONE = Integer.MAX_VALUE;
        private final Map<Integer, List<Integer>> succ;
        private final int[] dfn;
        private final Deque<Integer> stack = new ArrayDeque<>();
        private int num;

        Builder(Map<Integer, List<Integer>> succ) {
            this.succ = succ;
            this.dfn = new int[succ.size()];
        }

        Wto build() {
            List<Element> partition = new ArrayList<>();
            visit(0, partition);
            Collections.reverse(partition);
            return new Wto(partition);
        }

        /// Visits `v`, appending finished elements to `partition` in reverse order.
        private int visit(int v, List<Element> partition) {
            stack.push(v);
            dfn[v] = ++num;
            int head = dfn[v];
            boolean loop = false;
            for (int w : succ.get(v)) {
                int min = dfn[w] == 0 ? visit(w, partition) : dfn[w];
                if (min <= head) {
                    head = min;
                    loop = true;
                }
            }
            if (head == dfn[v]) {
                dfn[v] = DONE;
                int element = stack.pop();
                if (loop) {
                    while (element != v) {
                        dfn[element] = 0;
                        element = stack.pop();
                    }
                    partition.add(component(v));
                } else {
                    partition.add(new Vertex(v));
                }
            }
            return head;
        }

        private Component component(int v) {
            List<Element> body = new ArrayList<>();
            for (int w : succ.get(v)) {
                if (dfn[w] == 0) {
                    visit(w, body);
                }
            }
            Collections.reverse(body);
            return new Component(v, body);
        }
    }
}
