package org.tsnlat.sync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * IEEE 1588 management messages to and from bytes, as ptp4l exchanges them on its Unix socket.
 * All fields big-endian:
 *
 * <pre>
 *  off len field
 *   0   1  transportSpecific (high nibble) | messageType 0xD (low nibble)
 *   1   1  versionPTP 2 (low nibble)
 *   2   2  messageLength: the whole message
 *   4   1  domainNumber
 *   5   1  reserved
 *   6   2  flagField 0
 *   8   8  correctionField 0
 *  16   4  reserved
 *  20  10  sourcePortIdentity (clockIdentity 8, portNumber 2)
 *  30   2  sequenceId
 *  32   1  controlField 0x04 (management)
 *  33   1  logMessageInterval 0x7F
 *  34  10  targetPortIdentity (all 0xFF: any)
 *  44   1  startingBoundaryHops
 *  45   1  boundaryHops
 *  46   1  actionField (low nibble)
 *  47   1  reserved
 *  48   2  tlvType: 0x0001 MANAGEMENT or 0x0002 MANAGEMENT_ERROR_STATUS
 *  50   2  lengthField: bytes after this field
 *       MANAGEMENT:                  52 managementId u16, 54 dataField
 *       MANAGEMENT_ERROR_STATUS:     52 managementErrorId u16, 54 managementId u16,
 *                                    56 reserved 4, 60 displayData (PTPText: length u8, text)
 * </pre>
 *
 * <p>{@link #decode} rejects anything it cannot read in full with a {@link PtpException}, and
 * throws nothing else, whatever the bytes.
 */
public final class PtpManagementCodec {
    public static final int MESSAGE_TYPE_MANAGEMENT = 0xD;
    public static final int VERSION_PTP = 2;
    public static final int TLV_MANAGEMENT = 0x0001;
    public static final int TLV_MANAGEMENT_ERROR_STATUS = 0x0002;
    static final int CONTROL_FIELD_MANAGEMENT = 0x04;
    static final int LOG_MESSAGE_INTERVAL_MANAGEMENT = 0x7F;

    static final int MESSAGE_LENGTH_OFFSET = 2;
    static final int DOMAIN_NUMBER_OFFSET = 4;
    static final int SOURCE_PORT_IDENTITY_OFFSET = 20;
    static final int SEQUENCE_ID_OFFSET = 30;
    static final int CONTROL_FIELD_OFFSET = 32;
    static final int LOG_MESSAGE_INTERVAL_OFFSET = 33;
    static final int TARGET_PORT_IDENTITY_OFFSET = 34;
    static final int STARTING_BOUNDARY_HOPS_OFFSET = 44;
    static final int BOUNDARY_HOPS_OFFSET = 45;
    static final int ACTION_FIELD_OFFSET = 46;
    static final int TLV_OFFSET = 48;
    static final int TLV_HEADER_BYTES = 4;
    /** Header and management fields, TLV header and managementId: the smallest message. */
    public static final int MIN_MESSAGE_BYTES = TLV_OFFSET + TLV_HEADER_BYTES + 2;
    private static final int ERROR_STATUS_FIXED_BYTES = 8;

    private PtpManagementCodec() {
    }

    /** A GET for {@code managementId} with no data, to any port of the clock behind the socket. */
    public static ManagementMessage getRequest(int transportSpecific, int domainNumber,
            PortIdentity sourcePortIdentity, int sequenceId, int managementId) {
        return new ManagementMessage(transportSpecific, domainNumber, sourcePortIdentity,
                sequenceId, PortIdentity.ANY, 0, 0, ActionField.GET, TLV_MANAGEMENT, managementId,
                0, "", new byte[0]);
    }

    /** The message's bytes, in a buffer positioned at 0 and limited to messageLength. */
    public static ByteBuffer encode(ManagementMessage m) {
        check("transportSpecific", m.transportSpecific(), 0xF);
        check("domainNumber", m.domainNumber(), 0xFF);
        check("sequenceId", m.sequenceId(), 0xFFFF);
        check("startingBoundaryHops", m.startingBoundaryHops(), 0xFF);
        check("boundaryHops", m.boundaryHops(), 0xFF);
        check("managementId", m.managementId(), 0xFFFF);
        byte[] tlvBody = m.isErrorStatus() ? errorStatusBody(m) : managementBody(m);
        int length = TLV_OFFSET + TLV_HEADER_BYTES + tlvBody.length;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds 65535");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        b.put(0, (byte) (m.transportSpecific() << 4 | MESSAGE_TYPE_MANAGEMENT));
        b.put(1, (byte) VERSION_PTP);
        b.putShort(MESSAGE_LENGTH_OFFSET, (short) length);
        b.put(DOMAIN_NUMBER_OFFSET, (byte) m.domainNumber());
        m.sourcePortIdentity().write(b, SOURCE_PORT_IDENTITY_OFFSET);
        b.putShort(SEQUENCE_ID_OFFSET, (short) m.sequenceId());
        b.put(CONTROL_FIELD_OFFSET, (byte) CONTROL_FIELD_MANAGEMENT);
        b.put(LOG_MESSAGE_INTERVAL_OFFSET, (byte) LOG_MESSAGE_INTERVAL_MANAGEMENT);
        m.targetPortIdentity().write(b, TARGET_PORT_IDENTITY_OFFSET);
        b.put(STARTING_BOUNDARY_HOPS_OFFSET, (byte) m.startingBoundaryHops());
        b.put(BOUNDARY_HOPS_OFFSET, (byte) m.boundaryHops());
        b.put(ACTION_FIELD_OFFSET, (byte) m.actionField().value());
        b.putShort(TLV_OFFSET, (short) m.tlvType());
        b.putShort(TLV_OFFSET + 2, (short) tlvBody.length);
        b.put(TLV_OFFSET + TLV_HEADER_BYTES, tlvBody);
        return b.position(0).limit(length);
    }

    /**
     * Reads the message from {@code datagram}'s position to its limit (bytes past messageLength
     * are ignored); the buffer's position is left as it was.
     *
     * @throws PtpException for anything that is not a whole, well-formed management message
     */
    public static ManagementMessage decode(ByteBuffer datagram) {
        ByteBuffer b = datagram.slice().order(ByteOrder.BIG_ENDIAN);
        int received = b.remaining();
        if (received < 4) {
            throw new PtpException("management message cut at " + received + " bytes");
        }
        int messageType = b.get(0) & 0xF;
        if (messageType != MESSAGE_TYPE_MANAGEMENT) {
            throw new PtpException(String.format(Locale.ROOT, "not a management message (messageType 0x%x)", messageType));
        }
        int versionPtp = b.get(1) & 0xF;
        if (versionPtp != VERSION_PTP) {
            throw new PtpException("versionPTP " + versionPtp + ", expected " + VERSION_PTP);
        }
        int messageLength = Short.toUnsignedInt(b.getShort(MESSAGE_LENGTH_OFFSET));
        if (messageLength > received) {
            throw new PtpException("management message cut at " + received + " of its "
                    + messageLength + " bytes");
        }
        if (messageLength < MIN_MESSAGE_BYTES) {
            throw new PtpException("messageLength " + messageLength + " is below the "
                    + MIN_MESSAGE_BYTES + " bytes of a management message");
        }
        int tlvType = Short.toUnsignedInt(b.getShort(TLV_OFFSET));
        int lengthField = Short.toUnsignedInt(b.getShort(TLV_OFFSET + 2));
        int tlvEnd = TLV_OFFSET + TLV_HEADER_BYTES + lengthField;
        if (tlvEnd > messageLength) {
            throw new PtpException("TLV lengthField " + lengthField + " runs past messageLength "
                    + messageLength);
        }
        ActionField action = ActionField.of(b.get(ACTION_FIELD_OFFSET) & 0xF);
        int body = TLV_OFFSET + TLV_HEADER_BYTES;
        int managementId;
        int errorId = 0;
        String displayData = "";
        byte[] data;
        if (tlvType == TLV_MANAGEMENT) {
            if (lengthField < 2) {
                throw new PtpException("MANAGEMENT TLV lengthField " + lengthField + " has no managementId");
            }
            managementId = Short.toUnsignedInt(b.getShort(body));
            data = new byte[lengthField - 2];
            b.get(body + 2, data);
        } else if (tlvType == TLV_MANAGEMENT_ERROR_STATUS) {
            if (lengthField < ERROR_STATUS_FIXED_BYTES) {
                throw new PtpException("MANAGEMENT_ERROR_STATUS lengthField " + lengthField
                        + " is below " + ERROR_STATUS_FIXED_BYTES);
            }
            errorId = Short.toUnsignedInt(b.getShort(body));
            managementId = Short.toUnsignedInt(b.getShort(body + 2));
            displayData = ptpText(b, body + ERROR_STATUS_FIXED_BYTES, tlvEnd);
            data = new byte[0];
        } else {
            throw new PtpException(String.format(Locale.ROOT, "tlvType 0x%04x is not MANAGEMENT or MANAGEMENT_ERROR_STATUS", tlvType));
        }
        return new ManagementMessage(b.get(0) >> 4 & 0xF, b.get(DOMAIN_NUMBER_OFFSET) & 0xFF,
                PortIdentity.read(b, SOURCE_PORT_IDENTITY_OFFSET),
                Short.toUnsignedInt(b.getShort(SEQUENCE_ID_OFFSET)),
                PortIdentity.read(b, TARGET_PORT_IDENTITY_OFFSET),
                b.get(STARTING_BOUNDARY_HOPS_OFFSET) & 0xFF, b.get(BOUNDARY_HOPS_OFFSET) & 0xFF,
                action, tlvType, managementId, errorId, displayData, data);
    }

    private static byte[] managementBody(ManagementMessage m) {
        byte[] data = m.dataField();
        ByteBuffer body = ByteBuffer.allocate(2 + data.length);
        body.putShort((short) m.managementId()).put(data);
        return body.array();
    }

    private static byte[] errorStatusBody(ManagementMessage m) {
        check("managementErrorId", m.managementErrorId(), 0xFFFF);
        byte[] text = m.displayData().getBytes(StandardCharsets.UTF_8);
        if (text.length > 0xFF) {
            throw new IllegalArgumentException("displayData takes at most 255 bytes");
        }
        int textBytes = text.length == 0 ? 0 : 1 + text.length;
        ByteBuffer body = ByteBuffer.allocate(ERROR_STATUS_FIXED_BYTES + textBytes + (textBytes & 1));
        body.putShort((short) m.managementErrorId()).putShort((short) m.managementId()).putInt(0);
        if (textBytes > 0) {
            body.put((byte) text.length).put(text);
        }
        return body.array();
    }

    /** A PTPText (length u8, then text) from {@code offset} up to {@code end}; "" if absent. */
    private static String ptpText(ByteBuffer b, int offset, int end) {
        if (offset >= end) {
            return "";
        }
        int length = b.get(offset) & 0xFF;
        if (offset + 1 + length > end) {
            throw new PtpException("displayData of " + length + " bytes runs past its TLV");
        }
        byte[] text = new byte[length];
        b.get(offset + 1, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    /** The data field of {@code managementId} as a big-endian buffer, if it holds {@code bytes}. */
    static ByteBuffer dataField(byte[] data, int bytes, String managementId) {
        if (data.length < bytes) {
            throw new PtpException(managementId + " data is " + data.length + " bytes, expected "
                    + bytes);
        }
        return ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    }

    private static void check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be 0-" + max + ", not " + value);
        }
    }
}
