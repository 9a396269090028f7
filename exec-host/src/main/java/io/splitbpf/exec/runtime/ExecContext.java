package io.splitbpf.exec.runtime;

import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/// The state one run of a program sees: its tenant's memory, the execution slot's stack, the
/// regions it may touch (stack, input, context …), the packet that legacy packet loads read,
/// and an instruction budget. One context belongs to one execution slot (one thread at a time);
/// it is reused from run to run with [#reset].
///
/// The checked accessors ([#checkedOffset]) hold a program (or a helper acting for it) to its
/// regions; engines that trust the verifier check only against the whole segment.
public final class ExecContext {
    /// Bytes of stack one frame may use.
    public static final int FRAME_SIZE = 512;
    /// The deepest bpf-to-bpf call chain, counting the program's own frame.
    public static final int MAX_FRAMES = 8;

    private final TenantMemory memory;
    private final int slot;
    private final Region stack;
    private final List<Region> regions = new ArrayList<>();
    private final List<Region> permanent = new ArrayList<>();
    private Supplier<List<Region>> eachRun = List::of;
    private Region packet;
    private CurrentTask task;
    private int tailCallDepth;
    private long instructionLimit;
    private boolean exitRequested;
    private long exitValue;

    /// A context for execution slot `slot`, with a stack of [#MAX_FRAMES] frames allocated in
    /// `memory`.
    public ExecContext(TenantMemory memory, int slot) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.slot = slot;
        this.stack = memory.allocate("stack", (long) FRAME_SIZE * MAX_FRAMES, 16, true);
        this.regions.add(stack);
    }

    /// Forgets the regions of the previous run (keeping the stack and the regions allowed
    /// permanently), the task and the tail call depth, clears the stack and any exit request.
    public ExecContext reset() {
        regions.clear();
        regions.add(stack);
        regions.addAll(permanent);
        regions.addAll(eachRun.get());
        packet = null;
        task = null;
        tailCallDepth = 0;
        exitRequested = false;
        exitValue = 0;
        memory.clear(stack.address(), stack.size());
        return this;
    }

    public TenantMemory memory() {
        return memory;
    }

    /// The execution slot (what `bpf_get_smp_processor_id` returns).
    public int slot() {
        return slot;
    }

    public Region stack() {
        return stack;
    }

    /// The frame pointer (r10) of the outermost frame: the top of the stack.
    public long frameTop() {
        return stack.end();
    }

    /// Lets the program touch `region` in this run.
    public ExecContext allow(Region region) {
        regions.add(Objects.requireNonNull(region));
        return this;
    }

    /// Lets the program touch `allowed` in this run and every later one (a tenant's map values,
    /// which programs reach through `map_lookup_elem` and global-data pointers): [#reset] keeps
    /// them.
    public ExecContext allowPermanently(List<Region> allowed) {
        for (Region r : allowed) {
            permanent.add(Objects.requireNonNull(r));
            regions.add(r);
        }
        return this;
    }

    /// Lets the program touch the regions `source` gives at the start of each run (after
    /// [#reset]): a tenant's map values when its maps come and go while programs stay loaded (a
    /// map put into a map of maps, a map of another program that a tail call reaches).
    public ExecContext allowEachRun(Supplier<List<Region>> source) {
        this.eachRun = Objects.requireNonNull(source);
        regions.addAll(source.get());
        return this;
    }

    /// Sets the task on whose behalf this run executes (what `bpf_get_current_pid_tgid` and
    /// `bpf_get_current_comm` report); hooks without one leave it unset. [#reset] clears it.
    public ExecContext task(CurrentTask current) {
        this.task = Objects.requireNonNull(current);
        return this;
    }

    /// The task of this run, if the hook supplied one.
    public Optional<CurrentTask> task() {
        return Optional.ofNullable(task);
    }

    /// How many tail calls deep the current run is (0 in the program first entered). The
    /// `bpf_tail_call` helper counts with it to enforce Linux's limit of 33 per run.
    public int tailCallDepth() {
        return tailCallDepth;
    }

    /// Sets the tail call depth (for the `bpf_tail_call` helper only).
    public void tailCallDepth(int depth) {
        this.tailCallDepth = depth;
    }

    /// Sets the packet that `ld_abs`/`ld_ind` read (and allows it).
    public ExecContext packet(Region region) {
        allow(region);
        this.packet = region;
        return this;
    }

    /// The packet, or null when this run has none.
    public Region packet() {
        return packet;
    }

    /// The regions the program may touch.
    public List<Region> regions() {
        return List.copyOf(regions);
    }

    /// Stops a run after this many instructions (0: no limit).
    public ExecContext instructionLimit(long limit) {
        this.instructionLimit = limit;
        return this;
    }

    public long instructionLimit() {
        return instructionLimit;
    }

    /// Forgets an exit request left by an earlier run; engines call this as a run starts.
    public void clearExit() {
        exitRequested = false;
        exitValue = 0;
    }

    /// Asks the engine to end the program after the current helper returns, with r0 = `r0`.
    public void requestExit(long r0) {
        exitRequested = true;
        exitValue = r0;
    }

    public boolean exitRequested() {
        return exitRequested;
    }

    public long exitValue() {
        return exitValue;
    }

    /// The segment offset of `[address, address + size)` after checking that it lies inside
    /// one region the program may touch, and that the region is writable when `write`.
    ///
    /// @throws MemoryFault naming the access and the regions otherwise
    public long checkedOffset(long address, int size, boolean write) {
        for (int i = 0, n = regions.size(); i < n; i++) {
            Region r = regions.get(i);
            if (r.contains(address, size)) {
                if (write && !r.writable()) {
                    throw new MemoryFault(address, size, true, (write ? "store" : "load") + " of " + size
                            + " bytes at 0x" + Long.toHexString(address) + " into read-only " + r.name());
                }
                return address - TenantMemory.BASE;
            }
        }
        throw new MemoryFault(address, size, write, (write ? "store" : "load") + " of " + size + " bytes at 0x"
                + Long.toHexString(address) + " is outside the memory the program may touch ("
                + regions.stream().map(Region::name).collect(Collectors.joining(", ")) + ")");
    }
}
