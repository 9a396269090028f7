/// Thrift over mutual TLS, for both daemons and their clients: the only place besides the
/// generated `core.thrift` code where the Thrift runtime is used.
///
/// Frames are bounded ([RpcLimits]); a connection's identity is its client certificate
/// ([PeerIdentity]), checked against a trust list and a caller-supplied check (revocation),
/// never a field of a request. Garbage on a port, a failed handshake or an oversized frame
/// ends that connection only.
package io.splitbpf.core.rpc;
