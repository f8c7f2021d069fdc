package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What --transport l2 and its options refuse before anything is opened (exit 2, one line naming
 * the options): combinations that would be silently ignored or contradict each other, and
 * EtherTypes the receiving host owns.
 */
class TransportOptionsTest {
    @TempDir Path runs;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "send 127.0.0.1 --ether-type 0x88B6 -n 5                          | --ether-type needs --transport l2",
        "run --ether-type 0x88B6 -n 5                                     | --ether-type needs --transport l2",
        "send 127.0.0.1 --vlan 5 -n 5                                     | --vlan needs --transport l2",
        "send 127.0.0.1 --dst-mac 02:00:00:00:00:01 -n 5                  | --dst-mac needs --transport l2",
        "send --transport l2 --dst-mac 02:00:00:00:00:01 -n 5             | --dst-mac needs --interface",
        "send --transport l2 127.0.0.1 --interface lo --dst-mac 02:00:00:00:00:01 -n 5 | HOST and --dst-mac: give one",
        "send --transport l2 -n 5                                         | needs HOST",
        "send 127.0.0.1 --so-priority 3 --pcp 5 -n 5                      | --so-priority and --pcp: give one",
        "send --transport l2 127.0.0.1 --ether-type 0x0800 -n 5           | IPv4's",
        "send --transport l2 127.0.0.1 --ether-type 0x88a8 -n 5           | Q-in-Q",
        "send --transport l2 127.0.0.1 --pcp 8 -n 5                       | --pcp 8: 0 to 7",
        "send --transport l2 127.0.0.1 --vlan 4095 -n 5                   | --vlan 4095: 0 to 4094",
        "recv --transport l2 -d 1s                                        | needs --interface",
        "recv --transport l2 --interface lo -b 127.0.0.1:7788 -d 1s       | --bind and --transport l2",
        "recv --pcp 3 -d 1s                                               | tags its reflections over --transport l2 only",
        "run --transport l2 --ipv6 -n 5                                   | --ipv6 and --transport l2",
        "run --transport l2 --bidir -n 5                                  | with --bidir is not built yet",
        "run --topology vm --transport l2 --direction guest-to-host -n 5  | --transport l2 with --direction guest-to-host is not built yet",
    })
    void refusedBeforeAnythingOpens(String args, String said) {
        String[] a = (args.trim() + " --runs-dir " + runs + " --no-live").split("\\s+");
        Cli r = Cli.run(a);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(said).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theDefaultEtherTypeIsTheLocalExperimentalOne() {
        Cli r = Cli.run("send", "--help");
        assertThat(r.out()).contains("--ether-type").contains("0x88B5").contains("--transport");
    }
}
