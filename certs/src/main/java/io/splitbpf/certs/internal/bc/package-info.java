/// The only package that imports Bouncy Castle: X.509 certificate and CRL building, PEM,
/// and CMS SignedData. Its types take and return `java.security` types. Not exported.
package io.splitbpf.certs.internal.bc;
