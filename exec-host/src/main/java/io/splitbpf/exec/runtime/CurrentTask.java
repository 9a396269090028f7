package io.splitbpf.exec.runtime;

import java.util.Objects;

/// The task a hook runs a program for, as Linux's `current`: its thread id (`pid`), process
/// id (`tgid`) and command name (`comm`, at most 15 bytes are reported, like `TASK_COMM_LEN`).
public record CurrentTask(int pid, int tgid, String comm) {
    public CurrentTask {
        Objects.requireNonNull(comm, "comm");
    }
}
