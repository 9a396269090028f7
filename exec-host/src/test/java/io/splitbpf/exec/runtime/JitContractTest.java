package io.splitbpf.exec.runtime;

import io.splitbpf.exec.jit.JitCompiler;

class JitContractTest extends EngineContractTest {
    @Override
    ExecutionEngine engine() {
        return new JitCompiler();
    }
}
