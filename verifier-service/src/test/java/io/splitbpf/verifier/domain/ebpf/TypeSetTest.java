package io.splitbpf.verifier.domain.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.isa.Reg;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TypeSetTest {
    @Provide
    Arbitrary<TypeSet> sets() {
        return Arbitraries.integers().between(0, (1 << RegionType.values().length) - 1).map(TypeSet::new);
    }

    @Property
    void latticeLaws(@ForAll("sets") TypeSet a, @ForAll("sets") TypeSet b) {
        assertTrue(a.leq(a.join(b)) && b.leq(a.join(b)));
        assertTrue(a.meet(b).leq(a) && a.meet(b).leq(b));
        assertEquals(a, a.join(a.meet(b)));
        assertEquals(a.join(b), a.widen(b));
        assertTrue(TypeSet.BOTTOM.leq(a) && a.leq(TypeSet.TOP));
    }

    @Property
    void typeDomainJoinIsPerRegister(@ForAll("sets") TypeSet a, @ForAll("sets") TypeSet b) {
        TypeDomain x = TypeDomain.entry().with(Reg.R1, a);
        TypeDomain y = TypeDomain.entry().with(Reg.R1, b);
        if (a.isBottom() || b.isBottom()) {
            assertTrue(x.isBottom() || y.isBottom());
        } else {
            assertEquals(a.join(b), x.join(y).get(Reg.R1));
            assertTrue(x.leq(x.join(y)) && y.leq(x.join(y)));
        }
    }

    @Test
    void printsPrevailNames() {
        assertEquals("number", TypeSet.NUMBER.toString());
        assertEquals("{ctx, packet}", TypeSet.of(RegionType.PACKET, RegionType.CTX).toString());
        assertEquals(RegionType.MAP_FD_PROGRAMS, RegionType.ofPrevailName("map_fd_programs"));
        assertEquals("r1.type=ctx, r10.type=stack", TypeDomain.entry().with(Reg.R1, TypeSet.of(RegionType.CTX)).toString());
        assertTrue(TypeSet.POINTER.contains(RegionType.SHARED));
        assertFalse(TypeSet.INITIALISED.contains(RegionType.UNINIT));
    }
}
