// ip_proto: the IP protocol number of an Ethernet frame (0 when it is not IP or too short).
// r1 points at the frame, r2 holds its length. Handles one 802.1Q/802.1ad VLAN tag.
    r0 = 0
    r3 = 14                         // the network header's offset
    if r2 < 14 goto out
    r4 = *(u16 *)(r1 + 12)          // EtherType, in network byte order
    r4 = be16 r4
    if r4 == 0x8100 goto vlan
    if r4 == 0x88a8 goto vlan
    goto ethertype
vlan:
    if r2 < 18 goto out
    r4 = *(u16 *)(r1 + 16)
    r4 = be16 r4
    r3 = 18
ethertype:
    r1 += r3
    r2 -= r3
    if r4 == 0x800 goto ipv4
    if r4 == 0x86dd goto ipv6
    goto out
ipv4:
    if r2 < 20 goto out
    r0 = *(u8 *)(r1 + 9)
    exit
ipv6:
    if r2 < 40 goto out
    r0 = *(u8 *)(r1 + 6)
out:
    exit
