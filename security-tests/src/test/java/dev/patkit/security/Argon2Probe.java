package dev.patkit.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches how many threads are inside an Argon2 verification at the same moment: a daemon thread samples every
 * thread's stack (every 2 ms) and counts those with {@code dev.patkit.Argon2Hasher.verify} on it. Argon2 runs in
 * libargon2, native code called through JNA on the verifying thread, so a verifying thread shows that frame for the
 * whole of its hashing. A sample can miss a verification but never invents one: the highest count seen is a lower
 * bound of the true peak, and a peak above the bound would show with near certainty over thousands of samples of
 * 45 ms hashes.
 */
final class Argon2Probe implements AutoCloseable {

    private static final String HASHER = "dev.patkit.Argon2Hasher";

    private final Thread thread;
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong samplesHashing = new AtomicLong();
    private volatile boolean running = true;

    Argon2Probe() {
        thread = new Thread(this::run, "argon2-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            int inside = 0;
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                for (StackTraceElement frame : e.getValue()) {
                    if (frame.getClassName().equals(HASHER) && frame.getMethodName().equals("verify")) {
                        inside++;
                        break;
                    }
                }
            }
            samples.incrementAndGet();
            if (inside > 0) {
                samplesHashing.incrementAndGet();
            }
            int seen = inside;
            max.accumulateAndGet(seen, Math::max);
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** The most threads seen inside an Argon2 verification at once. */
    int maxConcurrent() {
        return max.get();
    }

    long samples() {
        return samples.get();
    }

    /** Samples in which at least one thread was hashing. */
    long samplesHashing() {
        return samplesHashing.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
