/// `ebpf`, splitbpf's bpftool-like command line.
module io.splitbpf.cli {
    requires io.splitbpf.core;
    requires io.splitbpf.certs;
    requires io.splitbpf.exec;
    requires io.splitbpf.verifier;
    // verify --stats reads the heap pools' peak usage.
    requires java.management;
    // verify --stats --cold reads the JSON its child JVMs print.
    requires org.yaml.snakeyaml;
    requires info.picocli;

    opens io.splitbpf.cli to info.picocli;
    opens io.splitbpf.cli.output to info.picocli;
    opens io.splitbpf.cli.options to info.picocli;
    opens io.splitbpf.cli.conformance to info.picocli;
    opens io.splitbpf.cli.object to info.picocli;
    opens io.splitbpf.cli.fuzz to info.picocli;
    opens io.splitbpf.cli.bench to info.picocli;
    opens io.splitbpf.cli.verify to info.picocli;
    opens io.splitbpf.cli.cert to info.picocli;
    opens io.splitbpf.cli.daemon to info.picocli;
    opens io.splitbpf.cli.prog to info.picocli;
    opens io.splitbpf.cli.map to info.picocli;
    opens io.splitbpf.cli.artifact to info.picocli;
    opens io.splitbpf.cli.pcap to info.picocli;

    provides java.util.spi.ToolProvider with io.splitbpf.cli.EbpfToolProvider;
}
