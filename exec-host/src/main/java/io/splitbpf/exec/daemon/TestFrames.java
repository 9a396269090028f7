package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;

/// The checks `BPF_PROG_TEST_RUN` makes on a test frame (`data_in`), shared by the packet hooks.
final class TestFrames {
    /// `ETH_HLEN`: the smallest frame.
    static final int MIN_FRAME = 14;

    private TestFrames() {}

    /// Checks that `dataIn` holds an Ethernet header and at most `max` bytes; a longer one is
    /// `tooLong` (Linux says `EMSGSIZE` for XDP, `EINVAL` for skbs).
    ///
    /// @throws ServiceError `BAD_REQUEST` naming the size and the limit
    static void requireSize(byte[] dataIn, String kind, int max, String tooLong) throws ServiceError {
        if (dataIn.length < MIN_FRAME) {
            throw bad("data_in is " + dataIn.length + " bytes; " + kind + " needs at least " + MIN_FRAME
                    + " (an Ethernet header) (EINVAL)");
        }
        if (dataIn.length > max) {
            throw bad("data_in is " + dataIn.length + " bytes; " + kind + " holds at most " + max + " (" + tooLong + ")");
        }
    }

    static ServiceError bad(String message) {
        return new ServiceError(ErrorCode.BAD_REQUEST, message);
    }
}
