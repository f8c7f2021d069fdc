package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two threads fail different calls at the same time; each must see its own errno. With one
 * capture segment shared between threads, one thread would now and then read the other's.
 */
class ErrnoPerThreadTest {
    static final int ROUNDS = 3_000;

    @Test
    void concurrentFailuresEachReportTheirOwnErrno() throws Exception {
        CountDownLatch start = new CountDownLatch(2);
        CompletableFuture<String> noDevice = onNewThread(failRepeatedly(start,
                () -> UdpSocket.capabilities("nosuchif0"), Errno.ENODEV));
        CompletableFuture<String> badPriority = onNewThread(failRepeatedly(start,
                () -> {
                    Scheduling.setScheduler(Scheduling.Policy.FIFO, 500);
                    return null;
                }, Errno.EINVAL));
        assertThat(noDevice.get(60, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(badPriority.get(60, TimeUnit.SECONDS)).isEqualTo("ok");
    }

    /** A platform thread of its own (the common pool may have a single worker on 2 CPUs). */
    static <T> CompletableFuture<T> onNewThread(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    static Supplier<String> failRepeatedly(CountDownLatch start, Supplier<?> call, int errno) {
        return () -> {
            start.countDown();
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            for (int i = 0; i < ROUNDS; i++) {
                try {
                    call.get();
                    return "round " + i + ": no failure";
                } catch (LinuxException e) {
                    if (e.errno() != errno) {
                        return "round " + i + ": expected errno " + errno + ", got " + e.getMessage();
                    }
                }
            }
            return "ok";
        };
    }
}
