/// What the platform offers programs: the helper functions by id and name ([HelperId]).
package io.splitbpf.core.platform;
