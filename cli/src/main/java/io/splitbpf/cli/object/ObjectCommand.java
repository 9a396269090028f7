package io.splitbpf.cli.object;

import picocli.CommandLine.Command;

/// `ebpf object show|dump FILE`: what a clang-built object file holds, before anything is loaded.
@Command(name = "object",
        description = "Inspect an eBPF object file (ELF, as clang -target bpf builds it).",
        mixinStandardHelpOptions = true,
        subcommands = {ObjectShowCommand.class, ObjectDumpCommand.class})
public final class ObjectCommand {}
