package org.tsnlat.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tsnlat.exit.Reasons;

/**
 * A place a command writes to, standard output or a file, that remembers the first write error:
 * a PrintStream alone swallows it, and a report written to a full disk would exit 0 having
 * written nothing.
 */
final class Output implements AutoCloseable {
    private final String name;
    private final Keeping keeping;
    private final PrintStream stream;
    private final boolean ownsStream;

    private Output(String name, OutputStream to, boolean owns) {
        this.name = name;
        this.keeping = new Keeping(to);
        this.stream = new PrintStream(keeping, false, StandardCharsets.UTF_8);
        this.ownsStream = owns;
    }

    /** A new or truncated file. */
    static Output file(Path file) {
        try {
            return new Output(file.toString(), Files.newOutputStream(file), true);
        } catch (IOException e) {
            throw new OutputException(file + ": cannot write (" + Reasons.of(e) + ")", e);
        }
    }

    /** Writes {@code content} to {@code file} as UTF-8, or fails with the file and the reason. */
    static void writeString(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OutputException(file + ": cannot write (" + Reasons.of(e) + ")", e);
        }
    }

    PrintStream stream() {
        return stream;
    }

    /** Flushes, and fails with the file and the reason if any write failed. */
    void finish() {
        stream.flush();
        if (stream.checkError() || keeping.first != null) {
            throw new OutputException(name + ": cannot write ("
                    + (keeping.first != null ? Reasons.of(keeping.first) : "write error") + ")", keeping.first);
        }
    }

    /** Fails like {@link #finish()} when a PrintStream it does not own has seen a write error. */
    static void check(PrintStream out, String name) {
        out.flush();
        if (out.checkError()) {
            throw new OutputException(name + ": cannot write (write error: disk full or a closed pipe?)", null);
        }
    }

    @Override
    public void close() {
        stream.flush();
        if (ownsStream) {
            stream.close();
        }
    }

    /** Passes bytes on and keeps the first exception. */
    private static final class Keeping extends FilterOutputStream {
        IOException first;

        Keeping(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                if (first == null) first = e;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                if (first == null) first = e;
                throw e;
            }
        }
    }
}
