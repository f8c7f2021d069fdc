package org.tsnlat.sync;

import java.util.Arrays;
import java.util.Objects;

/**
 * One IEEE 1588 management message with its first TLV, field by field. A MANAGEMENT TLV
 * carries {@code dataField}; a MANAGEMENT_ERROR_STATUS TLV carries {@code managementErrorId}
 * and {@code displayData} instead (its {@code dataField} is empty). The layout is in
 * {@link PtpManagementCodec}.
 *
 * @param transportSpecific high nibble of byte 0: 0 by default, 1 for gPTP (802.1AS) configs
 * @param domainNumber ptp4l answers only requests for its own domainNumber
 * @param sourcePortIdentity the sender; a Unix socket client sends clockIdentity 0
 * @param sequenceId matches a response to its request
 * @param targetPortIdentity whom the message is for; {@link PortIdentity#ANY} for any
 * @param startingBoundaryHops 0: only the ptp4l behind the socket answers
 * @param boundaryHops hops left
 * @param actionField GET, SET, RESPONSE, COMMAND or ACKNOWLEDGE
 * @param tlvType {@link PtpManagementCodec#TLV_MANAGEMENT} or
 *     {@link PtpManagementCodec#TLV_MANAGEMENT_ERROR_STATUS}
 * @param managementId what the message is about, such as 0x2004 PORT_DATA_SET
 * @param managementErrorId for an error status (see {@link ManagementErrorId}); 0 otherwise
 * @param displayData an error status's text; empty otherwise
 * @param dataField the management data; empty for a GET without data and for an error status
 */
public record ManagementMessage(int transportSpecific, int domainNumber,
        PortIdentity sourcePortIdentity, int sequenceId, PortIdentity targetPortIdentity,
        int startingBoundaryHops, int boundaryHops, ActionField actionField, int tlvType,
        int managementId, int managementErrorId, String displayData, byte[] dataField) {

    public ManagementMessage {
        Objects.requireNonNull(sourcePortIdentity, "sourcePortIdentity");
        Objects.requireNonNull(targetPortIdentity, "targetPortIdentity");
        Objects.requireNonNull(actionField, "actionField");
        Objects.requireNonNull(displayData, "displayData");
        dataField = dataField.clone();
    }

    /** True for a MANAGEMENT_ERROR_STATUS. */
    public boolean isErrorStatus() {
        return tlvType == PtpManagementCodec.TLV_MANAGEMENT_ERROR_STATUS;
    }

    /** A copy of the data field. */
    @Override
    public byte[] dataField() {
        return dataField.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManagementMessage m && transportSpecific == m.transportSpecific
                && domainNumber == m.domainNumber && sourcePortIdentity.equals(m.sourcePortIdentity)
                && sequenceId == m.sequenceId && targetPortIdentity.equals(m.targetPortIdentity)
                && startingBoundaryHops == m.startingBoundaryHops && boundaryHops == m.boundaryHops
                && actionField == m.actionField && tlvType == m.tlvType
                && managementId == m.managementId && managementErrorId == m.managementErrorId
                && displayData.equals(m.displayData) && Arrays.equals(dataField, m.dataField);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transportSpecific, domainNumber, sourcePortIdentity, sequenceId,
                targetPortIdentity, actionField, tlvType, managementId, managementErrorId,
                displayData, Arrays.hashCode(dataField));
    }

    @Override
    public String toString() {
        String what = isErrorStatus()
                ? "MANAGEMENT_ERROR_STATUS " + ManagementErrorId.name(managementErrorId)
                : dataField.length + " data bytes";
        return actionField + " " + ManagementId.name(managementId) + " seq " + sequenceId
                + " from " + sourcePortIdentity + " domain " + domainNumber
                + " transportSpecific " + transportSpecific + ": " + what;
    }
}
