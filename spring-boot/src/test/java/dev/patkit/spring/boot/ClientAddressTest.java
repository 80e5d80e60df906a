package dev.patkit.spring.boot;

import static dev.patkit.spring.boot.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.TokenRequest;
import dev.patkit.TokenService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * The introspector verifies each token with the client address of its request (over real HTTP, embedded Tomcat,
 * H2), so that tokens restricted to address ranges work with Spring Security. The auto-configured token service is
 * wrapped, through behaviour only, to record the address each verification was given.
 */
@SpringBootTest(classes = {DefaultChainApp.class, ClientAddressTest.Recording.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:client-address;DB_CLOSE_DELAY=-1")
class ClientAddressTest {

    /** The address of each token's last verification (empty: unknown). */
    static final Map<String, Optional<String>> ADDRESSES = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    TokenService service;

    @Autowired
    OpaqueTokenIntrospector introspector;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void aTokenIsVerifiedWithTheRemoteAddressOfItsRequest() {
        String token = service.create("carol", "address").revealPlaintext();

        assertThat(http.get("/hello", bearer(token)).statusCode()).isEqualTo(200);
        assertThat(ADDRESSES.get(token)).hasValue("127.0.0.1");
    }

    @Test
    void forwardingHeadersAreNotBelievedWithoutAForwardHeadersStrategy() {
        String token = service.create("carol", "forwarded").revealPlaintext();

        HttpResponse<String> r = http.send(http.request("/hello", bearer(token))
                .header("X-Forwarded-For", "203.0.113.7").header("Forwarded", "for=203.0.113.7").GET().build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ADDRESSES.get(token)).hasValue("127.0.0.1");
    }

    @Test
    void outsideARequestTheAddressIsUnknown() {
        String token = service.create("carol", "no-request").revealPlaintext();

        assertThat(introspector.introspect(token).getName()).isEqualTo("carol");
        assertThat(ADDRESSES.get(token)).isEmpty();
        assertThatThrownBy(() -> introspector.introspect("pat_forged")).isInstanceOf(BadOpaqueTokenException.class);
    }

    @Test
    void aTokenRestrictedToTheLoopbackAddressWorksOverLoopback() {
        String token = service.create(TokenRequest.of("carol", "loopback")
                .withAllowedAddresses(List.of("127.0.0.1/32"))).revealPlaintext();

        assertThat(http.get("/hello", bearer(token)).body()).isEqualTo("hello");
        assertThat(ADDRESSES.get(token)).hasValue("127.0.0.1");
    }

    /** Wraps the auto-configured TokenService so that each verify(token, address) is recorded, then delegated. */
    @Configuration(proxyBeanMethods = false)
    static class Recording {

        @Bean
        static BeanPostProcessor recordClientAddresses() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof TokenService real)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(TokenService.class.getClassLoader(),
                            new Class<?>[] {TokenService.class}, (proxy, method, args) -> {
                                if (method.getName().equals("verify") && args.length == 2) {
                                    ADDRESSES.put((String) args[0], Optional.ofNullable((String) args[1]));
                                }
                                try {
                                    return method.invoke(real, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            };
        }
    }
}
