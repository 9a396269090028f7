/// Program contexts as the host lays them out, and the load-time rewriting of programs'
/// context accesses from Linux's structures to the host's layouts.
///
/// ```
/// XdpContext      struct xdp_md: a host layout of its own (64-bit packet pointers first)
/// ContextLayout   any structure a core ContextDescriptor describes, kept at Linux's offsets with
///                 its 32-bit packet pointers moved behind it as 64-bit ones (__sk_buff)
/// ContextRewriter the rewriting (and refusal) of context accesses, for both
/// ```
package io.splitbpf.exec.context;
