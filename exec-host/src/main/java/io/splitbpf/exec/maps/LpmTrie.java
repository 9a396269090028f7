package io.splitbpf.exec.maps;

import java.util.ArrayList;
import java.util.List;

/// The structure of Linux's `lpm_trie` (`kernel/bpf/lpm_trie.c`), on the Java heap: a binary
/// Patricia trie whose nodes are either a stored prefix (holding a value element) or an
/// intermediate node that only branches (exactly two children). For a set of prefixes the
/// shape is unique, so [#next]'s order is Linux's: post-order, more specific prefixes before
/// less specific ones, the 0 branch before the 1 branch.
///
/// ```
///              192.168.0.0/16
///               /          \
///    (im) 192.168.0.0/23   192.168.128.0/24
///          /        \
/// 192.168.0.0/24  192.168.1.0/24
/// ```
///
/// Concurrency, as Linux's RCU trie: updates are serialised by the caller; lookups take no
/// lock. A node's prefix, bits and element never change after it is published (a new value or
/// a node turning intermediate is a new node put in its place, sharing its children); only
/// child links change, through volatile fields, and a new node is complete before a link to it
/// is written. A lookup therefore walks a consistent path, possibly one an update has just
/// replaced.
final class LpmTrie {
    /// A node: a stored prefix when `element >= 0`, else an intermediate node.
    static final class Node {
        final int prefixlen;
        final long[] bits;
        final int element;
        volatile Node child0;
        volatile Node child1;

        Node(int prefixlen, long[] bits, int element) {
            this.prefixlen = prefixlen;
            this.bits = bits;
            this.element = element;
        }

        boolean intermediate() {
            return element < 0;
        }

        Node child(int bit) {
            return bit == 0 ? child0 : child1;
        }

        void child(int bit, Node node) {
            if (bit == 0) {
                child0 = node;
            } else {
                child1 = node;
            }
        }
    }

    /// Where a node hangs: the root (`parent` null) or a child link of `parent`.
    private record Link(Node parent, int bit) {
        static final Link ROOT = new Link(null, 0);
    }

    private final int maxPrefixlen;
    private final int maxEntries;
    private volatile Node root;
    private int count;
    /// The element a successful [#insert] or [#remove] freed (-1: none).
    private int freed = -1;

    LpmTrie(int maxPrefixlen, int maxEntries) {
        this.maxPrefixlen = maxPrefixlen;
        this.maxEntries = maxEntries;
    }

    int maxPrefixlen() {
        return maxPrefixlen;
    }

    /// The number of stored prefixes.
    int size() {
        return count;
    }

    /// The element the last successful [#insert] replaced or [#remove] removed, or -1.
    int freed() {
        return freed;
    }

    /// Linux's `longest_prefix_match`: how many leading bits `node` and `key` share, at most
    /// the shorter of their prefix lengths.
    private static int match(Node node, long prefixlen, long[] bits) {
        int limit = (int) Math.min(node.prefixlen, prefixlen);
        for (int i = 0; i << 6 < limit; i++) {
            long x = node.bits[i] ^ bits[i];
            if (x != 0) {
                return Math.min((i << 6) + Long.numberOfLeadingZeros(x), limit);
            }
        }
        return limit;
    }

    /// The longest stored prefix matching `key` (the longest stored prefix no longer than the
    /// key's and equal to its leading bits), or null. Allocates nothing.
    Node lookup(LpmKey key) {
        if (key.prefixlen > maxPrefixlen) {
            return null;
        }
        Node found = null;
        for (Node node = root; node != null; ) {
            int matched = match(node, key.prefixlen, key.bits);
            if (matched == maxPrefixlen) {
                return node;
            }
            if (matched < node.prefixlen) {
                break;
            }
            if (!node.intermediate()) {
                found = node;
            }
            node = node.child(LpmKey.bit(key.bits, node.prefixlen));
        }
        return found;
    }

    /// Stores `fresh` (a new stored-prefix node, its prefix no longer than the data) under
    /// `flags` (`BPF_ANY`, `BPF_NOEXIST`, `BPF_EXIST`, already checked); 0 or a positive errno:
    /// `EEXIST`, `ENOENT`, `ENOSPC` (full). On success [#freed] is the replaced element.
    int insert(Node fresh, long flags) {
        freed = -1;
        Link link = Link.ROOT;
        Node node = root;
        int matched = 0;
        while (node != null) {
            matched = match(node, fresh.prefixlen, fresh.bits);
            if (node.prefixlen != matched || node.prefixlen == fresh.prefixlen) {
                break;
            }
            link = new Link(node, LpmKey.bit(fresh.bits, node.prefixlen));
            node = node.child(link.bit());
        }
        boolean replaces = node != null && node.prefixlen == matched && !node.intermediate();
        int e = insertError(replaces, flags);
        if (e != 0) {
            return e;
        }
        if (node == null) {
            set(link, fresh);
        } else if (node.prefixlen == matched) {
            // The exact prefix exists (stored or intermediate): the new node takes its place.
            fresh.child0 = node.child0;
            fresh.child1 = node.child1;
            set(link, fresh);
            freed = node.element;
        } else if (matched == fresh.prefixlen) {
            // The new prefix is an ancestor of `node`.
            fresh.child(LpmKey.bit(node.bits, matched), node);
            set(link, fresh);
        } else {
            Node branch = new Node(matched, node.bits, -1);
            int bit = LpmKey.bit(fresh.bits, matched);
            branch.child(bit, fresh);
            branch.child(1 - bit, node);
            set(link, branch);
        }
        if (!replaces) {
            count++;
        }
        return 0;
    }

    private int insertError(boolean replaces, long flags) {
        if (replaces) {
            return flags == BpfMap.NOEXIST ? Errno.EEXIST : 0;
        }
        if (flags == BpfMap.EXIST) {
            return Errno.ENOENT;
        }
        return count >= maxEntries ? Errno.ENOSPC : 0;
    }

    /// Removes the stored prefix equal to `key` (same length, same leading bits); 0, `EINVAL`
    /// (prefix too long) or `ENOENT`. On success [#freed] is its element.
    int remove(LpmKey key) {
        freed = -1;
        if (key.prefixlen > maxPrefixlen) {
            return Errno.EINVAL;
        }
        Link link = Link.ROOT;
        Link parentLink = Link.ROOT;
        Node parent = null;
        Node node = root;
        int matched = 0;
        while (node != null) {
            matched = match(node, key.prefixlen, key.bits);
            if (node.prefixlen != matched || node.prefixlen == key.prefixlen) {
                break;
            }
            parent = node;
            parentLink = link;
            link = new Link(node, LpmKey.bit(key.bits, node.prefixlen));
            node = node.child(link.bit());
        }
        if (node == null || node.prefixlen != key.prefixlen || node.prefixlen != matched || node.intermediate()) {
            return Errno.ENOENT;
        }
        count--;
        freed = node.element;
        Node c0 = node.child0;
        Node c1 = node.child1;
        if (c0 != null && c1 != null) {
            Node branch = new Node(node.prefixlen, node.bits, -1);
            branch.child0 = c0;
            branch.child1 = c1;
            set(link, branch);
        } else if (parent != null && parent.intermediate() && c0 == null && c1 == null) {
            // The branch above loses a child: its other child takes its place.
            set(parentLink, parent.child0 == node ? parent.child1 : parent.child0);
        } else {
            set(link, c0 != null ? c0 : c1);
        }
        return 0;
    }

    private void set(Link link, Node node) {
        if (link.parent() == null) {
            root = node;
        } else {
            link.parent().child(link.bit(), node);
        }
    }

    /// Linux's `trie_get_next_key`: the stored prefix after `key` in post-order; the first one
    /// when `key` is null, too long or not stored; null after the last one or when empty.
    Node next(LpmKey key) {
        Node top = root;
        if (top == null) {
            return null;
        }
        if (key == null || key.prefixlen > maxPrefixlen) {
            return leftmost(top);
        }
        List<Node> path = new ArrayList<>();
        Node node = top;
        int matched = 0;
        while (node != null) {
            path.add(node);
            matched = match(node, key.prefixlen, key.bits);
            if (node.prefixlen != matched || node.prefixlen == key.prefixlen) {
                break;
            }
            node = node.child(LpmKey.bit(key.bits, node.prefixlen));
        }
        if (node == null || node.prefixlen != matched || node.intermediate()) {
            return leftmost(top);
        }
        for (int i = path.size() - 1; i > 0; i--) {
            Node parent = path.get(i - 1);
            Node right = parent.child1;
            if (parent.child0 == path.get(i) && right != null) {
                return leftmost(right);
            }
            if (!parent.intermediate()) {
                return parent;
            }
        }
        return null;
    }

    /// The first stored prefix of the subtree at `top` in post-order.
    private static Node leftmost(Node top) {
        Node next = null;
        for (Node node = top; node != null; ) {
            if (node.intermediate()) {
                node = node.child0;
            } else {
                next = node;
                node = node.child0;
                if (node == null) {
                    node = next.child1;
                }
            }
        }
        return next;
    }
}
