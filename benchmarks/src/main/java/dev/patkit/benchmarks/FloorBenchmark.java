package dev.patkit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Placeholder so the module builds; replaced by the verify-path benchmarks. */
@State(Scope.Benchmark)
public class FloorBenchmark {

    private final String token = "pat_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn";
    private final ConcurrentHashMap<String, Boolean> map = new ConcurrentHashMap<>();

    /** SHA-256 plus a map look-up. */
    @Benchmark
    public Object floor() throws NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        return map.get(new String(d, StandardCharsets.ISO_8859_1));
    }
}
