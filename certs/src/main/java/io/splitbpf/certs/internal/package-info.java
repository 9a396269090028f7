/// File handling shared by the exported packages: permissions of key, certificate and
/// directory files. Not exported.
package io.splitbpf.certs.internal;
