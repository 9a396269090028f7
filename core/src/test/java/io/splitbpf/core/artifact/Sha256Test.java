package io.splitbpf.core.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/// [Sha256] against FIPS 180-4's examples and against the JDK's SHA-256.
class Sha256Test {
    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            abc|ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
            abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq|248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1
            abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu|cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1
            """)
    void fipsExamples(String message, String digest) {
        assertEquals(digest, HexFormat.of().formatHex(Sha256.digest(message.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void aMillionAs() {
        byte[] a = new byte[1_000_000];
        Arrays.fill(a, (byte) 'a');
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                HexFormat.of().formatHex(Sha256.digest(a)));
    }

    @Test
    void everyLengthAroundTheBlockBoundaries() throws Exception {
        for (int n = 0; n <= 200; n++) {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) (i * 31 + n);
            }
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), Sha256.digest(data), "length " + n);
        }
    }

    @Property(tries = 2000)
    void agreesWithTheJdk(@ForAll @Size(max = 1000) byte[] data) throws Exception {
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), Sha256.digest(data));
    }
}
