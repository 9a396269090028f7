/// What the platform offers programs: the helper functions by id and name ([HelperId]), their
/// contracts ([HelperPrototype]), and for each program type its context layout
/// ([ContextDescriptor], Linux's in [LinuxContexts]: its fields ([ContextField]) and the widths at
/// which each may be read and written ([ContextAccess])), helpers and return range
/// ([ProgramTypeDescriptor]), read alike by the verifier and the host.
package io.splitbpf.core.platform;
