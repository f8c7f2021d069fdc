package org.tsnlat.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Addresses as RFC 5952 writes them (its section 4 and examples), and back. */
class AddressesTest {
    private static String text(String literal) throws Exception {
        return Addresses.text(InetAddress.getByName(literal));
    }

    @Test
    void theRfcsCanonicalForms() throws Exception {
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(text("2001:0db8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(text("2001:DB8:0:0:1:0:0:1")).as("the first of two runs as long").isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:db8:0:0:0:1:0:0")).as("the longest run").isEqualTo("2001:db8::1:0:0");
        assertThat(text("2001:db8:0:1:1:1:1:1")).as("one zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("fe80:0:0:0:0:0:0:1%1")).isEqualTo("fe80::1%1");
        assertThat(text("1:0:0:0:0:0:0:0")).isEqualTo("1::");
        assertThat(text("192.0.2.10")).isEqualTo("192.0.2.10");
        assertThat(Addresses.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 7788))).isEqualTo("[::1]:7788");
        assertThat(Addresses.hostPort(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9))).isEqualTo("127.0.0.1:9");
    }

    @Property(tries = 2000)
    void everyIpv6AddressIsWrittenShortAndReadsBackTheSame(@ForAll @Size(16) byte[] bytes) throws Exception {
        InetAddress a = InetAddress.getByAddress(bytes);
        String t = Addresses.text(a);
        assertThat(InetAddress.getByName(t)).isEqualTo(a);
        assertThat(t).doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]").isEqualTo(t.toLowerCase());
        assertThat(t.indexOf("::")).isEqualTo(t.lastIndexOf("::"));
    }
}
