package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.BatchRunResponse;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.core.thrift.TestRunResponse;
import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.runtime.ExecutionException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// Test runs with `BPF_PROG_TEST_RUN`'s semantics: the input goes into an execution slot of the
/// program ([ProgramHook.HookSlot]), the program runs `repeat` times (0 is 1), and the caller
/// gets the last run's return value (a u32, as Linux's `retval`), data and context as the last
/// run left them, and the average duration per run. Runs count in the program's `run_cnt` and
/// `run_time_ns`.
///
/// Unlike Linux, which runs until done or a signal, a test run stops repeating when it has
/// taken [#budget]: the response's `repeat` then says how many runs were made. `data_size_out`
/// truncates the data returned.
final class TestRunner {
    private final Duration budget;
    private final Duration slotWait;

    /// Runs stop repeating after `budget`; a run waits at most `slotWait` for a free slot.
    TestRunner(Duration budget, Duration slotWait) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.slotWait = Objects.requireNonNull(slotWait, "slotWait");
    }

    /// Runs `program` as `request` says.
    ///
    /// @throws ServiceError `BAD_REQUEST` for input the hook refuses, `BUSY` when no slot
    ///         frees up, `INTERNAL` when the program stops with an error
    TestRunResponse testRun(LoadedProgram program, TestRunRequest request) throws ServiceError {
        if (request.getRepeat() < 0) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, "repeat " + request.getRepeat() + " is negative");
        }
        int repeat = Math.max(1, request.getRepeat());
        Optional<byte[]> context = request.isSetContextIn() ? Optional.of(request.getContextIn()) : Optional.empty();
        try (LoadedProgram.Use _ = program.enter()) {
            ProgramHook.HookSlot slot = program.slots().acquire(slotWait);
            try {
                slot.input(request.getDataIn(), context);
                long deadline = System.nanoTime() + budget.toNanos();
                long total = 0;
                long r0 = 0;
                int done = 0;
                while (done < repeat && (done == 0 || System.nanoTime() < deadline)) {
                    long start = System.nanoTime();
                    r0 = run(program, slot);
                    total += System.nanoTime() - start;
                    done++;
                }
                program.recordRuns(done, total);
                TestRunResponse response = new TestRunResponse(r0 & 0xffff_ffffL, ByteBuffer.wrap(dataOut(slot, request)),
                        total / done, done);
                slot.contextOut().ifPresent(response::setContextOut);
                return response;
            } finally {
                program.slots().release(slot);
            }
        }
    }

    /// Runs `program` once per packet (for hooks without packets, once per context record).
    ///
    /// @throws ServiceError `BAD_REQUEST` naming the packet the hook refuses, `LIMIT_EXCEEDED`
    ///         when the batch takes longer than the budget
    BatchRunResponse runBatch(LoadedProgram program, List<byte[]> packets) throws ServiceError {
        try (LoadedProgram.Use _ = program.enter()) {
            ProgramHook.HookSlot slot = program.slots().acquire(slotWait);
            try {
                long deadline = System.nanoTime() + budget.toNanos();
                List<Long> values = new ArrayList<>(packets.size());
                long total = 0;
                for (int i = 0; i < packets.size(); i++) {
                    input(program, slot, packets.get(i), i);
                    long start = System.nanoTime();
                    values.add(run(program, slot) & 0xffff_ffffL);
                    total += System.nanoTime() - start;
                    if (System.nanoTime() > deadline && i + 1 < packets.size()) {
                        program.recordRuns(i + 1, total);
                        throw new ServiceError(ErrorCode.LIMIT_EXCEEDED, "the batch ran " + (i + 1) + " of "
                                + packets.size() + " packets in the time limit of " + budget.toSeconds() + " s");
                    }
                }
                program.recordRuns(packets.size(), total);
                return new BatchRunResponse(values, total);
            } finally {
                program.slots().release(slot);
            }
        }
    }

    private static void input(LoadedProgram program, ProgramHook.HookSlot slot, byte[] item, int index)
            throws ServiceError {
        try {
            if (program.hook() instanceof ProgramHook.Xdp) {
                slot.input(item, Optional.empty());
            } else {
                slot.input(new byte[0], Optional.of(item));
            }
        } catch (ServiceError e) {
            throw new ServiceError(e.getCode(), "packet " + index + ": " + e.getMessage());
        }
    }

    private static long run(LoadedProgram program, ProgramHook.HookSlot slot) throws ServiceError {
        try {
            return slot.runOnce(program.code());
        } catch (ExecutionException | MemoryFault | IllegalArgumentException e) {
            throw new ServiceError(ErrorCode.INTERNAL, "run of " + program + " stopped: " + e.getMessage());
        }
    }

    private static byte[] dataOut(ProgramHook.HookSlot slot, TestRunRequest request) {
        byte[] data = slot.dataOut();
        int limit = request.isSetDataSizeOut() ? request.getDataSizeOut() : 0;
        return limit > 0 && data.length > limit ? Arrays.copyOf(data, limit) : data;
    }
}
