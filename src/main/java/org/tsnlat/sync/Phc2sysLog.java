package org.tsnlat.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * Follows a phc2sys log file, as {@code tail -F} does: each {@link #readNew} hands over the whole
 * lines appended since the last one, parsed ({@link Phc2sysLine}). It starts at the end of the
 * file: only what phc2sys writes during the run counts. A line still being written waits for its
 * newline; a file truncated in place (logrotate's copytruncate) is read again from its start; a
 * file replaced (renamed away, a new one made) is read to its end, then the new one from its
 * start. At most {@value #MAX_BYTES_A_READ} bytes are read a call (the rest the next), and a line
 * longer than {@link Phc2sysLine#MAX_CHARS} bytes is skipped without being kept, so a hostile
 * writer bounds neither memory nor the time of a reading. Only ever opened for reading.
 */
public final class Phc2sysLog implements AutoCloseable {
    static final int MAX_BYTES_A_READ = 8 << 20;

    private final Path file;
    private FileChannel channel;
    private Object fileKey;
    private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    private final byte[] line = new byte[Phc2sysLine.MAX_CHARS];
    private int lineBytes;
    private boolean lineTooLong;

    private Phc2sysLog(Path file, FileChannel channel, Object fileKey) {
        this.file = file;
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /**
     * Checks that {@code file} can be followed: it exists, is a regular file (a named pipe would
     * block) and can be opened for reading.
     *
     * @throws Phc2sysLogException (exit 2) with one line naming the file and what is wrong
     */
    public static void check(Path file) {
        try {
            follow(file, true).close();
        } catch (NoSuchFileException e) {
            throw new Phc2sysLogException("phc2sys log " + file + ": no such file (start phc2sys with -m and "
                    + "its output sent there, or name the syslog file it writes to)");
        } catch (IOException e) {
            throw new Phc2sysLogException("phc2sys log " + file + ": cannot read it (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    /**
     * Opens {@code file} to follow it.
     *
     * @param atEnd start at its end (the run's beginning) rather than its start (a file that came back)
     */
    static Phc2sysLog follow(Path file, boolean atEnd) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new IOException(a.isDirectory() ? "a directory" : "not a regular file (a pipe or device is not followed)");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (atEnd) ch.position(ch.size());
            return new Phc2sysLog(file, ch, a.fileKey());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Hands each whole line appended since the last call to {@code each}.
     *
     * @throws IOException when the file is gone or cannot be read (what was read before is handed over)
     */
    void readNew(Consumer<Phc2sysLine> each) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            drain(each); // what phc2sys wrote before its file was moved away
            throw new NoSuchFileException(file + " is gone");
        }
        if (fileKey != null && !fileKey.equals(now.fileKey())) { // replaced: the old one's end, then the new one
            drain(each);
            FileChannel next = FileChannel.open(file, StandardOpenOption.READ);
            channel.close();
            channel = next;
            fileKey = now.fileKey();
            lineBytes = 0;
            lineTooLong = false;
        } else if (channel.size() < channel.position()) { // truncated in place
            channel.position(0);
            lineBytes = 0;
            lineTooLong = false;
        }
        drain(each);
    }

    private void drain(Consumer<Phc2sysLine> each) throws IOException {
        long budget = MAX_BYTES_A_READ;
        while (budget > 0) {
            chunk.clear();
            if (budget < chunk.capacity()) chunk.limit((int) budget);
            int n = channel.read(chunk);
            if (n <= 0) return;
            budget -= n;
            chunk.flip();
            while (chunk.hasRemaining()) {
                byte b = chunk.get();
                if (b == '\n') {
                    each.accept(lineTooLong ? Phc2sysLine.SKIPPED
                            : Phc2sysLine.parse(new String(line, 0, lineBytes, StandardCharsets.UTF_8)));
                    lineBytes = 0;
                    lineTooLong = false;
                } else if (lineBytes < line.length) {
                    line[lineBytes++] = b;
                } else {
                    lineTooLong = true;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A phc2sys log that cannot be followed, named at the start of a run: bad input, exit 2. */
    public static final class Phc2sysLogException extends RuntimeException implements org.tsnlat.exit.ExitStatus {
        public Phc2sysLogException(String message) {
            super(message);
        }

        @Override
        public org.tsnlat.exit.Exit exit() {
            return org.tsnlat.exit.Exit.USAGE;
        }
    }
}
