package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET requests round-trip and follow the layout; the responses ptp4l 3.1.1 really sent
 * (golden/ptp/*.hex) decode field by field; any cut of them is refused with a PtpException.
 */
class PtpManagementCodecTest {
    private static final PortIdentity US = new PortIdentity(0, 4242);
    private static final String MASTER = "0e6505.fffe.eb97b2";
    private static final String SLAVE = "de66ab.fffe.bdf799";

    static Stream<Arguments> requests() {
        return Stream.of(ManagementId.values()).flatMap(id -> Stream.of(
                Arguments.of(id, 0, 0, 0), Arguments.of(id, 1, 0, 65535),
                Arguments.of(id, 0, 255, 7), Arguments.of(id, 15, 24, 30000)));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void everyGetRequestRoundTrips(ManagementId id, int transportSpecific, int domainNumber,
            int sequenceId) {
        ManagementMessage get = PtpManagementCodec.getRequest(transportSpecific, domainNumber, US,
                sequenceId, id.value());

        ByteBuffer bytes = PtpManagementCodec.encode(get);
        ManagementMessage back = PtpManagementCodec.decode(bytes);

        assertThat(back).isEqualTo(get);
        assertThat(back.actionField()).isEqualTo(ActionField.GET);
        assertThat(back.dataField()).isEmpty();
        assertThat(PtpManagementCodec.encode(back)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @EnumSource(ManagementId.class)
    void aGetRequestIsFiftyFourBytesLaidOutAsIeee1588Says(ManagementId id) {
        ByteBuffer b = PtpManagementCodec.encode(
                PtpManagementCodec.getRequest(1, 24, US, 0x1234, id.value()));

        assertThat(b.remaining()).isEqualTo(54);
        byte[] expected = new byte[54];
        expected[0] = 0x1D; // transportSpecific 1, messageType 0xD
        expected[1] = 0x02; // versionPTP
        expected[3] = 54; // messageLength
        expected[4] = 24; // domainNumber
        expected[28] = (byte) (4242 >> 8); // sourcePortIdentity.portNumber
        expected[29] = (byte) 4242;
        expected[30] = 0x12; // sequenceId
        expected[31] = 0x34;
        expected[32] = 0x04; // controlField
        expected[33] = 0x7F; // logMessageInterval
        Arrays.fill(expected, 34, 44, (byte) 0xFF); // targetPortIdentity: any
        expected[49] = 0x01; // tlvType MANAGEMENT; actionField (46) GET = 0
        expected[51] = 0x02; // lengthField: managementId only
        expected[52] = (byte) (id.value() >> 8);
        expected[53] = (byte) id.value();
        assertThat(b.array()).isEqualTo(expected);
    }

    @Test
    void anErrorStatusWithDisplayDataRoundTrips() {
        ManagementMessage error = new ManagementMessage(0, 0, US, 9, PortIdentity.ANY, 0, 0,
                ActionField.RESPONSE, PtpManagementCodec.TLV_MANAGEMENT_ERROR_STATUS, 0x2004,
                ManagementErrorId.WRONG_LENGTH, "odd", new byte[0]);
        assertThat(PtpManagementCodec.decode(PtpManagementCodec.encode(error))).isEqualTo(error);
    }

    @Test
    void theSlavesPortDataSetIsSlaveWithPmcsFigures() {
        ManagementMessage m = decodeGolden("slave-port-data-set");
        assertThat(m.actionField()).isEqualTo(ActionField.RESPONSE);
        assertThat(m.managementId()).isEqualTo(0x2004);
        assertThat(m.sequenceId()).isEqualTo(3);
        assertThat(m.sourcePortIdentity()).hasToString(SLAVE + "-1");
        assertThat(m.targetPortIdentity()).isEqualTo(new PortIdentity(0, 1)); // the capturing client

        assertThat(PortDataSet.decode(m.dataField())).isEqualTo(new PortDataSet(SLAVE + "-1",
                PortState.SLAVE, 0, 0, 1, 3, 0, 1, 0, 2));
    }

    @Test
    void theMastersPortDataSetIsMaster() {
        PortDataSet port = PortDataSet.decode(decodeGolden("master-port-data-set").dataField());
        assertThat(port.portState()).isEqualTo(PortState.MASTER);
        assertThat(port.portIdentity()).isEqualTo(MASTER + "-1");
    }

    @Test
    void theSlavesTimeStatusNamesTheMasterAsPresentGrandmaster() {
        ManagementMessage m = decodeGolden("slave-time-status-np");
        assertThat(m.managementId()).isEqualTo(0xC000);
        TimeStatusNp status = TimeStatusNp.decode(m.dataField());
        assertThat(status.masterOffsetNs()).isEqualTo(674);
        assertThat(status.ingressTimeNs()).isEqualTo(0x18eb85007afeb807L);
        assertThat(status.cumulativeScaledRateOffset()).isZero();
        assertThat(status.rateRatio()).isEqualTo(1.0);
        assertThat(status.scaledLastGmPhaseChange()).isZero();
        assertThat(status.gmTimeBaseIndicator()).isZero();
        assertThat(status.lastGmPhaseChange()).hasToString("0x0000'0000000000000000.0000");
        assertThat(status.gmPresent()).isTrue();
        assertThat(status.gmIdentity()).isEqualTo(MASTER);
    }

    @Test
    void theMastersTimeStatusHasNoGrandmasterButItself() {
        TimeStatusNp status = TimeStatusNp.decode(decodeGolden("master-time-status-np").dataField());
        assertThat(status.gmPresent()).isFalse();
        assertThat(status.gmIdentity()).isEqualTo(MASTER);
        assertThat(status.masterOffsetNs()).isZero();
        assertThat(status.ingressTimeNs()).isZero();
    }

    @Test
    void theSlavesParentIsTheMastersPortWithItsPriorities() {
        ParentDataSet parent = ParentDataSet.decode(decodeGolden("slave-parent-data-set").dataField());
        assertThat(parent).isEqualTo(new ParentDataSet(MASTER + "-1", false, 0xffff, 0x7fffffff,
                MASTER, 100, 248, 0xfe, 0xffff, 128));
    }

    @Test
    void theSlavesCurrentDataSetMatchesItsTimeStatusOfTheSameSync() {
        CurrentDataSet current = CurrentDataSet.decode(decodeGolden("slave-current-data-set").dataField());
        assertThat(current).isEqualTo(new CurrentDataSet(1, 674.0, 2200.0));
    }

    @Test
    void theTimePropertiesClaimNeitherAValidUtcOffsetNorTraceability() {
        TimePropertiesDataSet props = TimePropertiesDataSet.decode(
                decodeGolden("slave-time-properties-data-set").dataField());
        assertThat(props).isEqualTo(new TimePropertiesDataSet(37, false, false, false, false,
                false, false, 0xa0));
    }

    @Test
    void anUnsupportedIdIsAnsweredWithNotSupported() {
        ManagementMessage m = decodeGolden("slave-fault-log-error");
        assertThat(m.isErrorStatus()).isTrue();
        assertThat(m.actionField()).isEqualTo(ActionField.RESPONSE);
        assertThat(m.managementErrorId()).isEqualTo(ManagementErrorId.NOT_SUPPORTED);
        assertThat(ManagementErrorId.name(m.managementErrorId())).isEqualTo("NOT_SUPPORTED");
        assertThat(m.managementId()).isEqualTo(0x0006);
        assertThat(m.displayData()).isEmpty();
        assertThat(m.dataField()).isEmpty();
    }

    static final java.util.List<String> goldenFiles = GoldenPtp.FILES;

    @ParameterizedTest
    @FieldSource("goldenFiles")
    void everyCutOfAGoldenResponseIsRefusedWithAPtpException(String name) {
        byte[] whole = GoldenPtp.read(name);
        for (int length = 0; length < whole.length; length++) {
            ByteBuffer cut = ByteBuffer.wrap(whole, 0, length);
            assertThatThrownBy(() -> PtpManagementCodec.decode(cut))
                    .as("%s cut to %d of %d bytes", name, length, whole.length)
                    .isInstanceOf(PtpException.class);
        }
        assertThat(PtpManagementCodec.decode(ByteBuffer.wrap(whole))).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(ManagementId.class)
    void everyCutOfADataFieldIsRefusedWithAPtpException(ManagementId id) {
        for (int length = 0; length < id.dataBytes(); length++) {
            byte[] data = new byte[length];
            assertThatThrownBy(() -> decodeData(id, data))
                    .as("%s data of %d bytes", id, length)
                    .isInstanceOf(PtpException.class)
                    .hasMessage(id + " data is " + length + " bytes, expected " + id.dataBytes());
        }
    }

    @Test
    void aTlvLongerThanTheMessageIsRefused() {
        byte[] bytes = GoldenPtp.read("slave-port-data-set");
        bytes[51]++; // lengthField one past the end
        assertThatThrownBy(() -> PtpManagementCodec.decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(PtpException.class).hasMessageContaining("runs past messageLength");
    }

    @Test
    void anUnknownPortStateIsRefusedByName() {
        byte[] data = new byte[PortDataSet.DATA_BYTES];
        data[10] = 11;
        assertThatThrownBy(() -> PortDataSet.decode(data)).isInstanceOf(PtpException.class)
                .hasMessage("portState 11 is not one IEEE 1588 defines (1-9)");
    }

    @Test
    void clockIdentitiesPrintAsPmcPrintsThem() {
        assertThat(PortIdentity.formatClockIdentity(0xaabbccfffeddeeffL)).isEqualTo("aabbcc.fffe.ddeeff");
        assertThat(new PortIdentity(0x0001020304050607L, 65535)).hasToString("000102.0304.050607-65535");
    }

    static Object decodeData(ManagementId id, byte[] data) {
        return switch (id) {
            case CURRENT_DATA_SET -> CurrentDataSet.decode(data);
            case PARENT_DATA_SET -> ParentDataSet.decode(data);
            case TIME_PROPERTIES_DATA_SET -> TimePropertiesDataSet.decode(data);
            case PORT_DATA_SET -> PortDataSet.decode(data);
            case TIME_STATUS_NP -> TimeStatusNp.decode(data);
        };
    }

    private static ManagementMessage decodeGolden(String name) {
        return PtpManagementCodec.decode(ByteBuffer.wrap(GoldenPtp.read(name)));
    }
}
