package dev.patkit.servlet;

import static dev.patkit.servlet.TestHttp.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.patkit.AddressRange;
import dev.patkit.TokenRequest;
import dev.patkit.testing.ForgedTokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client address the filter passes to {@code TokenVerifier.verify(token, address)}, over real HTTP in every
 * container (one subclass per container), on 127.0.0.1 and ::1. The filters verify through a
 * {@link RecordingVerifier} in front of a real token service, which records the address and applies address
 * allow-lists; {@code /real/*} verifies with the real service itself.
 *
 * <p>Paths: {@code /direct/*} no trusted proxy; {@code /proxied/*} trusting 127.0.0.1, ::1 and 10.0.0.0/8 (the test
 * client is a trusted proxy there); {@code /elsewhere/*} trusting 10.0.0.0/8 only; {@code /init-proxied/*} declared
 * by class name, trusting 127.0.0.1 and 10.0.0.0/8 by init-parameter; {@code /real/*} the real service, no proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientAddressHttpTest implements Container {

    private static final String VERIFIER_ATTRIBUTE = "test.recording.verifier";

    private TestTokens tokens;
    private RecordingVerifier verifier;
    private TestDeployment.Running server;
    private TestHttp http;

    @BeforeAll
    void startServer() throws Exception {
        tokens = new TestTokens(containerName() + "-address");
        verifier = new RecordingVerifier(tokens.service);
        server = start(new TestDeployment(List.of(
                TestDeployment.Mount.of("direct", "/direct/*",
                        BearerTokenFilter.builder(verifier).realm("direct").build()),
                TestDeployment.Mount.of("proxied", "/proxied/*", BearerTokenFilter.builder(verifier)
                        .realm("proxied").trustedProxies(List.of("127.0.0.1/32", "::1/128", "10.0.0.0/8")).build()),
                TestDeployment.Mount.of("elsewhere", "/elsewhere/*", BearerTokenFilter.builder(verifier)
                        .trustedProxies(List.of("10.0.0.0/8")).build()),
                TestDeployment.Mount.byClass("init-proxied", "/init-proxied/*", BearerTokenFilter.class, Map.of(
                        BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE, VERIFIER_ATTRIBUTE,
                        BearerTokenFilter.PARAM_TRUSTED_PROXIES, " 127.0.0.1/32,\n 10.0.0.0/8 ")),
                TestDeployment.Mount.of("real", "/real/*", BearerTokenFilter.builder(tokens.service).build())),
                Map.of(VERIFIER_ATTRIBUTE, verifier), new EchoServlet(), Map.of(), true));
        http = new TestHttp(server.port());
    }

    @AfterAll
    void stopServer() throws Exception {
        Container.stop(server, tokens);
    }

    @Test
    void withoutTrustedProxiesTheClientIsTheRemoteAddressWhateverTheForwardingHeadersSay() throws Exception {
        String token = tokens.token();

        HttpResponse<String> r = http.get("/direct/x", "Authorization", "Bearer " + token,
                "X-Forwarded-For", "203.0.113.7", "Forwarded", "for=203.0.113.8");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(verifier.lastAddress(token)).hasValue("127.0.0.1");
    }

    @Test
    void aPeerThatIsNoTrustedProxyIsTheClientEvenWhenOtherProxiesAreTrusted() throws Exception {
        String token = tokens.token();

        http.get("/elsewhere/x", "Authorization", "Bearer " + token, "X-Forwarded-For", "10.1.2.3",
                "Forwarded", "for=10.1.2.3");

        assertThat(verifier.lastAddress(token)).hasValue("127.0.0.1");
    }

    @Test
    void anIpv6PeerIsPassedAsAPlainLiteralWithoutBrackets() throws Exception {
        String token = tokens.token();

        HttpResponse<String> r = new TestHttp("::1", server.ipv6Port()).get("/direct/x",
                "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        String address = verifier.lastAddress(token).orElseThrow();
        assertThat(address).doesNotContain("[", "]");
        assertThat(AddressRange.canonical(address)).isEqualTo("::1");
    }

    static Stream<Arguments> forwardedRequests() {
        String many = String.join(", ", java.util.Collections.nCopies(400, "203.0.113.7"));
        return Stream.of(
                arguments(List.of("X-Forwarded-For", "203.0.113.7"), "203.0.113.7"),
                arguments(List.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.2.3"), "203.0.113.7"),
                arguments(List.of("X-Forwarded-For", "203.0.113.7,10.1.2.3,\t10.9.9.9"), "203.0.113.7"),
                arguments(List.of("X-Forwarded-For", "10.1.2.3, 10.9.9.9"), "10.1.2.3"),
                arguments(List.of("X-Forwarded-For", "2001:DB8:0::7"), "2001:db8::7"),
                arguments(List.of("X-Forwarded-For", "[2001:db8::7]:4711"), "2001:db8::7"),
                arguments(List.of("X-Forwarded-For", "203.0.113.7:8080"), "203.0.113.7"),
                arguments(List.of("X-Forwarded-For", "::ffff:203.0.113.7"), "203.0.113.7"),
                arguments(List.of("X-Forwarded-For", "unknown, 203.0.113.7"), "203.0.113.7"),
                arguments(List.of("X-Forwarded-For", "198.51.100.1", "X-Forwarded-For", "203.0.113.7"),
                        "203.0.113.7"),
                arguments(List.of("Forwarded", "for=203.0.113.7"), "203.0.113.7"),
                arguments(List.of("Forwarded", "For=\"[2001:db8::7]:4711\";proto=https, for=10.1.2.3"),
                        "2001:db8::7"),
                arguments(List.of("Forwarded", "for=203.0.113.7;by=10.0.0.1; host=\"a.example, b\""),
                        "203.0.113.7"),
                arguments(List.of("Forwarded", "for=_hidden, for=\"203.0.113.7:_port\""), "203.0.113.7"),
                arguments(List.of("Forwarded", "for=203.0.113.7", "X-Forwarded-For", "203.0.113.7"), "203.0.113.7"),
                // unknown: the walk meets an undisclosed hop first
                arguments(List.of("X-Forwarded-For", "203.0.113.7, unknown"), null),
                arguments(List.of("Forwarded", "for=203.0.113.7, for=unknown"), null),
                arguments(List.of("Forwarded", "for=_gazonk"), null),
                arguments(List.of("Forwarded", "proto=https;by=10.0.0.1"), null),
                // unknown: malformed, oversized or contradictory
                arguments(List.of("X-Forwarded-For", "203.0.113.7, not-an-address"), null),
                arguments(List.of("X-Forwarded-For", "client.example"), null),
                arguments(List.of("X-Forwarded-For", "203.0.113.007"), null),
                arguments(List.of("X-Forwarded-For", "203.0.113.7/24"), null),
                arguments(List.of("X-Forwarded-For", many), null),
                arguments(List.of("Forwarded", "for=[2001:db8::7]"), null),
                arguments(List.of("Forwarded", "for=\"2001:db8::7\""), null),
                arguments(List.of("Forwarded", "for=203.0.113.7;for=198.51.100.1"), null),
                arguments(List.of("Forwarded", "for=\"203.0.113.7"), null),
                arguments(List.of("Forwarded", "for = 203.0.113.7"), null),
                arguments(List.of("Forwarded", "for=203.0.113.7", "X-Forwarded-For", "198.51.100.1"), null));
    }

    @ParameterizedTest
    @MethodSource("forwardedRequests")
    void behindATrustedProxyTheClientIsTheFirstUntrustedHopFromTheRightAndAnythingDoubtfulIsUnknown(
            List<String> headers, String expected) throws Exception {
        String token = tokens.token();
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        all.addAll(headers);

        HttpResponse<String> r = http.get("/proxied/x", all.toArray(String[]::new));

        assertThat(r.statusCode()).as("an unrestricted token works whatever the address").isEqualTo(200);
        assertThat(verifier.lastAddress(token)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void trustedProxiesConfiguredByInitParameterAreBelieved() throws Exception {
        String token = tokens.token();

        http.get("/init-proxied/x", "Authorization", "Bearer " + token,
                "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.2.3");

        assertThat(verifier.lastAddress(token)).hasValue("203.0.113.7");
    }

    @Test
    void aRestrictedTokenWorksFromInsideItsRangesOnlyAndEveryRefusalIsTheByteIdenticalInvalidToken401()
            throws Exception {
        String owner = tokens.newUser("read");
        String token = tokens.token(TokenRequest.of(owner, "restricted")
                .withAllowedAddresses(List.of("203.0.113.0/24")));
        verifier.restrict(token, "203.0.113.0/24");

        HttpResponse<String> inside = http.get("/proxied/x", "Authorization", "Bearer " + token,
                "X-Forwarded-For", "203.0.113.7, 10.1.2.3");
        String reference = raw("/proxied/x", "Authorization: Bearer " + ForgedTokens.unknownLookupId("pat"));
        String outside = raw("/proxied/x", "Authorization: Bearer " + token, "X-Forwarded-For: 198.51.100.1");
        String malformed = raw("/proxied/x", "Authorization: Bearer " + token, "X-Forwarded-For: 203.0.113.7, x");
        String unknownHop = raw("/proxied/x", "Authorization: Bearer " + token, "Forwarded: for=unknown");
        String forgedDirect = raw("/direct/x", "Authorization: Bearer " + token, "X-Forwarded-For: 203.0.113.7");

        assertThat(echo(inside)).containsEntry("principal", owner);
        assertThat(RawHttp.status(reference)).isEqualTo(401);
        assertThat(reference).contains("error=\"invalid_token\"");
        assertThat(outside).isEqualTo(reference);
        assertThat(malformed).isEqualTo(reference);
        assertThat(unknownHop).isEqualTo(reference);
        assertThat(forgedDirect).isEqualTo(reference.replace("realm=\"proxied\"", "realm=\"direct\""));
    }

    @Test
    void aTokenRestrictedToTheLoopbackAddressesWorksThroughTheRealServiceOverIpv4AndIpv6() throws Exception {
        String owner = tokens.newUser("read");
        String v4 = tokens.token(TokenRequest.of(owner, "loopback-v4").withAllowedAddresses(List.of("127.0.0.1/32")));
        String v6 = tokens.token(TokenRequest.of(owner, "loopback-v6").withAllowedAddresses(List.of("::1/128")));

        HttpResponse<String> overIpv4 = http.get("/real/x", "Authorization", "Bearer " + v4);
        HttpResponse<String> overIpv6 = new TestHttp("::1", server.ipv6Port()).get("/real/x",
                "Authorization", "Bearer " + v6);

        assertThat(echo(overIpv4)).containsEntry("principal", owner);
        assertThat(echo(overIpv6)).containsEntry("principal", owner);
    }

    private String raw(String path, String... headerLines) throws Exception {
        return RawHttp.withoutDate(RawHttp.get(server.port(), path, headerLines));
    }
}
