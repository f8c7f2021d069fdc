package org.tsnlat.sync;

import java.util.List;

/**
 * chronyd's {@code tracking} report, as {@code chronyc -c tracking} prints it (one CSV line of
 * 14 fields; docs/sync-samples.md). Offsets are kept in ns with tsnlat's sign: positive means
 * this host's system clock is ahead of chronyd's reference, as ptp4l's master offset.
 *
 * @param refId                 reference ID, 8 hex digits ({@code 7F7F0101} for {@code local}, {@code 00000000} for none)
 * @param refName               the reference's name or address, "" when chronyc gives none
 * @param stratum               chronyd's stratum (0: not synchronised)
 * @param refTimeNs             when the last measurement from the reference was processed, ns since the epoch (UTC)
 * @param offsetNs              "System time": the system clock minus the reference now, ns (chronyc prints it with
 *                              the other sign, positive meaning slow)
 * @param lastOffsetNs          "Last offset": the offset measured at the last clock update, ns (positive: ahead)
 * @param rmsOffsetNs           "RMS offset": long-term average of the offset, ns
 * @param frequencyPpm          "Frequency": how fast the system clock would run uncorrected, ppm (positive: fast)
 * @param residualFrequencyPpm  "Residual freq", ppm
 * @param skewPpm               "Skew": estimated error bound of the frequency, ppm
 * @param rootDelayNs           "Root delay" to the stratum-1 source, ns
 * @param rootDispersionNs      "Root dispersion", ns
 * @param updateIntervalS       "Update interval" between the last two clock updates, s
 * @param leapStatus            "Normal", "Insert second", "Delete second" or "Not synchronised"
 */
public record ChronyTracking(String refId, String refName, int stratum, long refTimeNs, long offsetNs, long lastOffsetNs,
                             long rmsOffsetNs, double frequencyPpm, double residualFrequencyPpm, double skewPpm,
                             long rootDelayNs, long rootDispersionNs, double updateIntervalS, String leapStatus) {
    /** The leap status chronyd reports when it has no reference: its clock is not synchronised. */
    public static final String NOT_SYNCHRONISED = "Not synchronised";
    static final List<String> LEAP_STATUSES = List.of("Normal", "Insert second", "Delete second", NOT_SYNCHRONISED);
    private static final int FIELDS = 14;

    /**
     * Reads the one line of {@code chronyc -c tracking}.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not such a line
     */
    public static ChronyTracking parseCsv(String line) {
        String text = line.strip();
        // the name may hold commas only in theory (a host name cannot); split from both ends to be safe
        String[] f = text.split(",", -1);
        if (f.length < FIELDS) {
            throw new IllegalArgumentException("not a chronyc -c tracking line (" + f.length + " fields, not " + FIELDS + ")");
        }
        int extra = f.length - FIELDS;
        String name = String.join(",", java.util.Arrays.copyOfRange(f, 1, 2 + extra));
        String[] r = new String[FIELDS];
        r[0] = f[0];
        r[1] = name;
        System.arraycopy(f, 2 + extra, r, 2, FIELDS - 2);
        if (!r[0].matches("[0-9A-Fa-f]{8}")) {
            throw new IllegalArgumentException("not a chronyc -c tracking line (reference ID " + r[0] + ")");
        }
        String leap = r[13];
        if (!LEAP_STATUSES.contains(leap)) {
            throw new IllegalArgumentException("not a chronyc -c tracking line (leap status " + leap + ")");
        }
        return new ChronyTracking(r[0].toUpperCase(java.util.Locale.ROOT), name, integer(r[2], "stratum"),
                ns(r[3], "ref time"), -ns(r[4], "system time"), ns(r[5], "last offset"), ns(r[6], "RMS offset"),
                number(r[7], "frequency"), number(r[8], "residual frequency"), number(r[9], "skew"),
                ns(r[10], "root delay"), ns(r[11], "root dispersion"), number(r[12], "update interval"), leap);
    }

    private static int integer(String s, String what) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0 || v > 255) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a chronyc -c tracking line (" + what + " " + s + ")");
        }
    }

    private static double number(String s, String what) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v) || s.isBlank() || !s.matches("[-+]?[0-9.eE+-]+")) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a chronyc -c tracking line (" + what + " " + s + ")");
        }
    }

    /** Seconds with up to 9 decimals, as chronyc prints them, to ns exactly (no floating point). */
    static long ns(String s, String what) {
        try {
            java.math.BigDecimal sec = new java.math.BigDecimal(s);
            return sec.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a chronyc -c tracking line (" + what + " " + s + ")");
        }
    }
}
