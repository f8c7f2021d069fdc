/**
 * The one door from tsnlat to the Linux kernel.
 *
 * <p>Latency figures are only as good as the clocks and timestamps behind them, and the JDK
 * exposes neither {@code CLOCK_TAI}, {@code clock_nanosleep(TIMER_ABSTIME)}, kernel socket
 * timestamps ({@code SO_TIMESTAMPING}, the error queue), real-time scheduling, PM QoS nor Unix
 * datagram sockets (ptp4l's management socket). This package reaches them through the Foreign
 * Function &amp; Memory API, without JNI or C, and is the only package of the project allowed
 * to import {@code java.lang.foreign}.
 *
 * <p>Rules kept throughout:
 * <ul>
 *   <li>one class per concern; method handles are {@code static final}, resolved once, and keep
 *       the C name ({@code CLOCK_GETTIME} for {@code clock_gettime});</li>
 *   <li>every failed call throws {@link org.tsnlat.linux.LinuxException} naming the function and
 *       the errno text; errno is captured per thread (or per single-thread object), never in a
 *       shared static segment;</li>
 *   <li>hot paths ({@link org.tsnlat.linux.Clock#nowNs()}, {@link org.tsnlat.linux.UdpSocket#send(int)},
 *       {@link org.tsnlat.linux.UdpSocket#receive(org.tsnlat.linux.RxInfo)},
 *       {@link org.tsnlat.linux.UdpSocket#pollTxTimestamp(org.tsnlat.linux.TxTimestamp)}) reuse
 *       native segments owned by their object and allocate nothing on the Java heap;</li>
 *   <li>a missing timestamp is {@link org.tsnlat.linux.RxInfo#ABSENT}, never 0, and a feature
 *       that is off says why rather than degrading silently.</li>
 * </ul>
 *
 * <p>The JVM must run with {@code --enable-native-access=ALL-UNNAMED} (the jar manifest sets
 * {@code Enable-Native-Access}); without it the JDK warns, and later versions refuse.
 */
package org.tsnlat.linux;
