package dev.patkit.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.RoleResolver;
import dev.patkit.TokenRequest;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The verify path against what users compare it with. Average time per operation; run with {@code -prof gc} for
 * allocation. Each benchmark uses the default configuration of {@link TokenService} (OWASP Argon2id parameters,
 * strict mode) with the in-memory store.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {

    /**
     * A service with verified (so cached) tokens: one without an address allow-list, one restricted to
     * {@code 192.0.2.0/24}.
     */
    @State(Scope.Benchmark)
    public static class Hot {
        static final Optional<Set<String>> ROLES = Optional.of(Set.of("developer", "viewer"));

        TokenService service;
        String token;
        String restricted;
        /** The client address of every call that gives one, as a servlet container hands it over. */
        String clientAddress = "192.0.2.7";
        String malformed = "not-a-token";
        String badChecksum;

        @Setup(Level.Trial)
        public void setUp() {
            RoleResolver resolver = userId -> ROLES;
            service = TokenService.builder().store(new InMemoryTokenStore()).roleResolver(resolver).build();
            token = service.create("alice", "benchmark").revealPlaintext();
            restricted = service.create(TokenRequest.of("alice", "allow-listed")
                    .withAllowedAddresses(List.of("192.0.2.0/24"))).revealPlaintext();
            char last = token.charAt(token.length() - 1);
            badChecksum = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
            if (!service.verify(token).isAuthenticated() || service.verify(badChecksum).isAuthenticated()
                    || !service.verify(restricted, clientAddress).isAuthenticated()
                    || service.verify(restricted, "198.51.100.7").isAuthenticated()) {
                throw new IllegalStateException("benchmark set-up is wrong");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            service.close();
        }
    }

    /** A token in a shared store and, for every invocation, a new service whose caches are empty. */
    @State(Scope.Benchmark)
    public static class Cold {
        final InMemoryTokenStore store = new InMemoryTokenStore();
        final RoleResolver resolver = userId -> Hot.ROLES;
        String token;
        TokenService service;

        @Setup(Level.Trial)
        public void setUp() {
            try (TokenService creator = newService()) {
                token = creator.create("alice", "cold").revealPlaintext();
            }
        }

        @Setup(Level.Invocation)
        public void freshService() {
            service = newService();
        }

        @TearDown(Level.Invocation)
        public void closeService() {
            service.close();
        }

        private TokenService newService() {
            return TokenService.builder().store(store).roleResolver(resolver)
                    .argon2(Argon2Parameters.owaspDefault()).build();
        }
    }

    /** An HS256 JWT and its verifier. */
    @State(Scope.Benchmark)
    public static class Jwt {
        String jwt;
        MACVerifier verifier;

        @Setup(Level.Trial)
        public void setUp() throws JOSEException {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").issuer("https://example.test")
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                    .claim("roles", java.util.List.of("developer", "viewer")).build();
            SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            signed.sign(new MACSigner(secret));
            jwt = signed.serialize();
            verifier = new MACVerifier(secret);
        }
    }

    /** Per-thread SHA-256 and a shared map of one digest. */
    @State(Scope.Thread)
    public static class Floor {
        final ConcurrentHashMap<ByteBuffer, Boolean> map = new ConcurrentHashMap<>();
        MessageDigest sha256;
        String token;

        @Setup(Level.Trial)
        public void setUp() throws NoSuchAlgorithmException {
            sha256 = MessageDigest.getInstance("SHA-256");
            token = "pat_" + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn";
            map.put(ByteBuffer.wrap(sha256.digest(token.getBytes(StandardCharsets.US_ASCII))), Boolean.TRUE);
        }
    }

    /** A valid, cached token: format, digest, cache, store state, roles. One thread. */
    @Benchmark
    @Threads(1)
    public Verification hotVerify(Hot s) {
        return s.service.verify(s.token);
    }

    /** The hot token verified with a client address (the same every call), which is recorded as its last use's. */
    @Benchmark
    @Threads(1)
    public Verification hotVerifyFromAnAddress(Hot s) {
        return s.service.verify(s.token, s.clientAddress);
    }

    /** A hot token restricted to a /24 range, verified from an address inside it (the same every call). */
    @Benchmark
    @Threads(1)
    public Verification hotVerifyWithAllowList(Hot s) {
        return s.service.verify(s.restricted, s.clientAddress);
    }

    /** The same with two threads on one token (compare throughput: ops per ns times threads). */
    @Benchmark
    @Threads(2)
    public Verification hotVerifyTwoThreads(Hot s) {
        return s.service.verify(s.token);
    }

    /** A string that is not a token. */
    @Benchmark
    public Verification malformedRefusal(Hot s) {
        return s.service.verify(s.malformed);
    }

    /** The right shape with a wrong checksum. */
    @Benchmark
    public Verification badChecksumRefusal(Hot s) {
        return s.service.verify(s.badChecksum);
    }

    /** A cache miss: one Argon2id verification at the OWASP default parameters. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, batchSize = 1)
    @Measurement(iterations = 20, batchSize = 1)
    public Verification coldVerify(Cold s) {
        return s.service.verify(s.token);
    }

    /** Parse and verify an HS256 JWT with nimbus-jose-jwt and read its subject. */
    @Benchmark
    public String jwtNimbusBaseline(Jwt s) throws ParseException, JOSEException {
        SignedJWT parsed = SignedJWT.parse(s.jwt);
        if (!parsed.verify(s.verifier)) {
            throw new IllegalStateException("signature");
        }
        return parsed.getJWTClaimsSet().getSubject();
    }

    /** SHA-256 of a token-sized string plus a ConcurrentHashMap look-up: the least any look-up design costs. */
    @Benchmark
    public Boolean floorBaseline(Floor s) {
        return s.map.get(ByteBuffer.wrap(s.sha256.digest(s.token.getBytes(StandardCharsets.US_ASCII))));
    }
}
