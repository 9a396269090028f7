/// The exceptions shared by every part of splitbpf's core.
package io.splitbpf.core;
