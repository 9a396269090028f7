/// Program contexts as the host lays them out, and the load-time rewriting of programs'
/// context accesses from Linux's structures (`struct xdp_md`) to the host's layouts.
package io.splitbpf.exec.context;
