package org.tsnlat.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tsnlat.linux.UnixDatagramSocket;

/**
 * How the files under {@code golden/ptp/} were made: one GET per managementId, sent with
 * tsnlat's codec and socket to a running ptp4l, the answer's bytes written as they came.
 * Not a test; run by hand:
 * {@code java -cp target/classes:target/test-classes org.tsnlat.sync.PtpGoldenCapture SOCKET OUTDIR PREFIX ID...}
 * with ids in hex (2004 for PORT_DATA_SET).
 */
final class PtpGoldenCapture {
    private PtpGoldenCapture() {
    }

    public static void main(String[] args) throws IOException {
        Path server = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        String prefix = args[2];
        Path client = Path.of(System.getProperty("java.io.tmpdir"), "tsnlat-capture." + ProcessHandle.current().pid());
        try (UnixDatagramSocket socket = UnixDatagramSocket.bind(client)) {
            for (int i = 3; i < args.length; i++) {
                int id = Integer.parseInt(args[i], 16);
                ManagementMessage get = PtpManagementCodec.getRequest(0, 0, new PortIdentity(0, 1), i, id);
                socket.sendTo(server, PtpManagementCodec.encode(get));
                ByteBuffer answer = ByteBuffer.allocate(2048);
                if (socket.receive(answer, 1000) < 0) {
                    System.err.println("no answer to " + args[i]);
                    continue;
                }
                answer.flip();
                ManagementMessage m = PtpManagementCodec.decode(answer);
                String name = prefix + "-" + ManagementId.name(id).toLowerCase(Locale.ROOT).replace('_', '-')
                        + (m.isErrorStatus() ? "-error" : "") + ".hex";
                Files.writeString(outDir.resolve(name), hex(answer, m), StandardCharsets.UTF_8);
                System.out.println(name + ": " + m);
            }
        }
    }

    private static String hex(ByteBuffer b, ManagementMessage m) {
        StringBuilder s = new StringBuilder();
        s.append("# Captured from a running ptp4l (linuxptp 3.1.1) by PtpGoldenCapture. Never edit.\n");
        s.append("# ").append(m).append('\n');
        for (int i = 0; i < b.limit(); i++) {
            s.append(String.format(Locale.ROOT, "%02x", b.get(i) & 0xFF));
            s.append(i % 16 == 15 || i == b.limit() - 1 ? '\n' : ' ');
        }
        return s.toString();
    }
}
