package org.tsnlat.linux;

/**
 * Which kernel timestamps a socket will deliver after
 * {@link UdpSocket#enableTimestamping(boolean, boolean, String)}.
 *
 * @param swRx software RX timestamps (taken when the kernel receives the packet)
 * @param swTx software TX timestamps (SCM_TSTAMP_SND, when the driver takes the packet)
 * @param schedTx TX timestamps when the packet enters the qdisc (SCM_TSTAMP_SCHED)
 * @param hwRx NIC hardware RX timestamps
 * @param hwTx NIC hardware TX timestamps
 * @param hardwareNote in plain words, why hardware is off (or which hardware is on)
 */
public record Timestamping(boolean swRx, boolean swTx, boolean schedTx, boolean hwRx,
        boolean hwTx, String hardwareNote) {
}
