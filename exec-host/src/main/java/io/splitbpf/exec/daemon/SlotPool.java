package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/// A program's execution slots: a run takes one for its duration, so that runs of one program
/// on several connections use distinct stacks, contexts and per-slot map values.
final class SlotPool {
    private final BlockingQueue<ProgramHook.HookSlot> free;
    private final int size;

    SlotPool(List<ProgramHook.HookSlot> slots) {
        this.size = slots.size();
        this.free = new ArrayBlockingQueue<>(slots.size(), true, slots);
    }

    /// The number of slots.
    int size() {
        return size;
    }

    /// A free slot, waiting at most `wait` for one.
    ///
    /// @throws ServiceError `BUSY` when every slot stayed in use
    ProgramHook.HookSlot acquire(Duration wait) throws ServiceError {
        try {
            ProgramHook.HookSlot slot = free.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (slot == null) {
                throw new ServiceError(ErrorCode.BUSY, "all " + size + " execution slots of the program stayed busy for "
                        + wait.toSeconds() + " s; try again");
            }
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceError(ErrorCode.BUSY, "interrupted while waiting for an execution slot");
        }
    }

    /// Gives `slot` back.
    void release(ProgramHook.HookSlot slot) {
        free.add(slot);
    }
}
