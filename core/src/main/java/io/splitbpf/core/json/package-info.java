/// JSON text for the CLI's `-j`/`-p` output and the verifier's reports: one writer, so that
/// every JSON splitbpf prints has the same layout.
package io.splitbpf.core.json;
