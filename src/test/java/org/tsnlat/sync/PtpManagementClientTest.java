package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.UnixDatagramSocket;

/**
 * The client against real Unix sockets without ptp4l: a missing or dead socket, a silent one,
 * and a stand-in that answers with ptp4l's own golden bytes mixed with noise.
 */
class PtpManagementClientTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void aMissingSocketIsOneLineSayingPtp4lIsNotRunning() {
        Path missing = dir.resolve("ptp4l");
        try (PtpManagementClient client = PtpManagementClient.open(missing, 0, 0, TIMEOUT)) {
            assertThatThrownBy(client::portDataSet).isInstanceOf(PtpException.class)
                    .hasMessage("no ptp4l socket at " + missing + " (ptp4l not running?)");
        }
    }

    @Test
    void aFileWithoutAProcessBehindItIsRefused() throws Exception {
        Path regular = Files.writeString(dir.resolve("ptp4l"), "");
        try (PtpManagementClient client = PtpManagementClient.open(regular, 0, 0, TIMEOUT)) {
            assertThatThrownBy(client::timeStatus).isInstanceOf(PtpException.class)
                    .hasMessageStartingWith("ptp4l socket at " + regular + " refuses messages");
        }
    }

    @Test
    void aSilentSocketTimesOutNamingDomainAndTransportSpecific() {
        Path server = dir.resolve("ptp4l");
        try (UnixDatagramSocket silent = UnixDatagramSocket.bind(server);
                PtpManagementClient client = PtpManagementClient.open(server, 3, 1, TIMEOUT)) {
            long startNs = System.nanoTime();
            assertThatThrownBy(client::timeStatus).isInstanceOf(PtpException.class)
                    .hasMessage("no answer from ptp4l at " + server + " within 200 ms"
                            + " (is ptp4l running with domainNumber 3 and transportSpecific 1?)");
            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(TIMEOUT.toNanos());
        }
    }

    @Test
    void theAnswerIsTheOneWithOurSequenceIdAndManagementIdAndTheRestIsDiscarded() throws Exception {
        Path server = dir.resolve("ptp4l");
        try (UnixDatagramSocket fake = UnixDatagramSocket.bind(server);
                PtpManagementClient client = PtpManagementClient.open(server, 0, 0, Duration.ofSeconds(5))) {
            CompletableFuture<ManagementMessage> request = serve(fake, client.clientPath(), get -> List.of(
                    new byte[] {1, 2, 3},                                            // garbage
                    golden("slave-port-data-set", get.sequenceId() + 1),             // stale sequenceId
                    golden("slave-time-status-np", get.sequenceId()),                // other managementId
                    golden("slave-port-data-set", get.sequenceId())));               // the answer

            PortDataSet port = client.portDataSet();

            assertThat(port.portState()).isEqualTo(PortState.SLAVE);
            assertThat(client.discardedCount()).isEqualTo(3);
            ManagementMessage get = request.get(5, TimeUnit.SECONDS);
            assertThat(get.actionField()).isEqualTo(ActionField.GET);
            assertThat(get.managementId()).isEqualTo(ManagementId.PORT_DATA_SET.value());
            assertThat(get.dataField()).isEmpty();
        }
    }

    @Test
    void eachRequestCarriesAFreshSequenceIdAndTheConfiguredDomain() throws Exception {
        Path server = dir.resolve("ptp4l");
        try (UnixDatagramSocket fake = UnixDatagramSocket.bind(server);
                PtpManagementClient client = PtpManagementClient.open(server, 24, 1, Duration.ofSeconds(5))) {
            List<ManagementMessage> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CompletableFuture<ManagementMessage> request = serve(fake, client.clientPath(),
                        get -> List.of(golden("slave-current-data-set", get.sequenceId())));
                assertThat(client.currentDataSet().stepsRemoved()).isEqualTo(1);
                seen.add(request.get(5, TimeUnit.SECONDS));
            }
            assertThat(seen).extracting(ManagementMessage::sequenceId).containsExactly(0, 1, 2);
            assertThat(seen).allSatisfy(m -> {
                assertThat(m.domainNumber()).isEqualTo(24);
                assertThat(m.transportSpecific()).isEqualTo(1);
                assertThat(m.targetPortIdentity()).isEqualTo(PortIdentity.ANY);
            });
        }
    }

    @Test
    void anErrorStatusBecomesOneLineNamingTheErrorAndTheDataSet() {
        Path server = dir.resolve("ptp4l");
        try (UnixDatagramSocket fake = UnixDatagramSocket.bind(server);
                PtpManagementClient client = PtpManagementClient.open(server, 0, 0, Duration.ofSeconds(5))) {
            serve(fake, client.clientPath(), get -> List.of(PtpManagementCodec.encode(new ManagementMessage(
                    0, 0, new PortIdentity(1, 0), get.sequenceId(), get.sourcePortIdentity(), 0, 0,
                    ActionField.RESPONSE, PtpManagementCodec.TLV_MANAGEMENT_ERROR_STATUS,
                    get.managementId(), ManagementErrorId.NOT_SUPPORTED, "", new byte[0])).array()));

            assertThatThrownBy(client::portDataSet).isInstanceOf(PtpException.class)
                    .hasMessage("ptp4l answered MANAGEMENT_ERROR_STATUS NOT_SUPPORTED for PORT_DATA_SET");
        }
    }

    @Test
    void healthCombinesTheFiveAnswersAndWhenTheyWereTaken() {
        Path server = dir.resolve("ptp4l");
        try (UnixDatagramSocket fake = UnixDatagramSocket.bind(server);
                PtpManagementClient client = PtpManagementClient.open(server, 0, 0, Duration.ofSeconds(5))) {
            CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5; i++) {
                    answerOne(fake, client.clientPath(), get -> List.of(golden(switch (get.managementId()) {
                        case 0x2001 -> "slave-current-data-set";
                        case 0x2002 -> "slave-parent-data-set";
                        case 0x2003 -> "slave-time-properties-data-set";
                        case 0x2004 -> "slave-port-data-set";
                        default -> "slave-time-status-np";
                    }, get.sequenceId())));
                }
            });
            long beforeNs = org.tsnlat.linux.Clock.readNs(org.tsnlat.linux.ClockId.MONOTONIC);

            PtpHealth health = client.health();

            assertThat(health.sampledMonotonicNs()).isGreaterThanOrEqualTo(beforeNs);
            assertThat(health.sampledTaiNs()).isPositive();
            assertThat(health.spanNs()).isPositive();
            assertThat(health.portDataSet().portState()).isEqualTo(PortState.SLAVE);
            assertThat(health.timeStatus().masterOffsetNs()).isEqualTo(674);
            assertThat(health.parentDataSet().gmPriority1()).isEqualTo(100);
            assertThat(health.currentDataSet().stepsRemoved()).isEqualTo(1);
            assertThat(health.timePropertiesDataSet().currentUtcOffset()).isEqualTo(37);
            assertThat(health.locked()).isTrue();
        }
    }

    @Test
    void eachClientBindsItsOwnPathAndRemovesItOnClose() {
        Path a;
        Path b;
        try (PtpManagementClient one = PtpManagementClient.open(dir.resolve("x"), 0, 0, TIMEOUT);
                PtpManagementClient two = PtpManagementClient.open(dir.resolve("x"), 0, 0, TIMEOUT)) {
            a = one.clientPath();
            b = two.clientPath();
            assertThat(a).isNotEqualTo(b).exists();
            assertThat(a.getFileName().toString()).contains("pmc." + ProcessHandle.current().pid() + ".");
        }
        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();
    }

    @Test
    void outOfRangeSettingsAreRefusedBeforeAnySocketIsMade() {
        Path p = dir.resolve("x");
        assertThatThrownBy(() -> PtpManagementClient.open(p, 256, 0, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domainNumber");
        assertThatThrownBy(() -> PtpManagementClient.open(p, 0, 16, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transportSpecific");
        assertThatThrownBy(() -> PtpManagementClient.open(p, 0, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    /** A golden response with its sequenceId replaced. */
    static byte[] golden(String name, int sequenceId) {
        byte[] bytes = GoldenPtp.read(name);
        ByteBuffer.wrap(bytes).putShort(PtpManagementCodec.SEQUENCE_ID_OFFSET, (short) sequenceId);
        return bytes;
    }

    /** Answers the next request in the background with {@code replies}; yields the request. */
    private static CompletableFuture<ManagementMessage> serve(UnixDatagramSocket fake, Path client,
            Function<ManagementMessage, List<byte[]>> replies) {
        return CompletableFuture.supplyAsync(() -> answerOne(fake, client, replies));
    }

    private static ManagementMessage answerOne(UnixDatagramSocket fake, Path client,
            Function<ManagementMessage, List<byte[]>> replies) {
        ByteBuffer in = ByteBuffer.allocate(2048);
        if (fake.receive(in, 5000) < 0) {
            throw new AssertionError("the client sent nothing");
        }
        ManagementMessage get = PtpManagementCodec.decode(in.flip());
        for (byte[] reply : replies.apply(get)) {
            fake.sendTo(client, ByteBuffer.wrap(reply));
        }
        return get;
    }
}
