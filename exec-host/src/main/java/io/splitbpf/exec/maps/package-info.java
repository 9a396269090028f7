/// Maps with Linux's semantics, their storage in a tenant's memory, and their binding into
/// programs.
///
/// ```
/// BpfMap = ArrayMap | PerSlotArrayMap | HashTableMap | PerSlotHashMap | LpmTrieMap | ProgArrayMap
///        | RingBufferMap | MapOfMaps
/// MapOfMaps = ArrayOfMapsMap | HashOfMapsMap      values are InnerMapRefs, checked against a template
/// MapRegistry  one tenant's maps, their handles (tenant pointers) and value regions
/// MapBinder    lddw map references → handles / global-data addresses (load time)
/// ```
///
/// Values live in [io.splitbpf.exec.memory.Region]s of the tenant's memory, so programs load
/// and store through the addresses helpers return; keys are indexed on the Java heap. Java
/// errors are [io.splitbpf.exec.maps.MapException]s with Linux's errno; program-side
/// operations return negative errnos, as Linux's helpers do.
package io.splitbpf.exec.maps;
