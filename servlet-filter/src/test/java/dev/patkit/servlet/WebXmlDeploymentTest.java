package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web.xml of the README (src/test/resources/webapp/WEB-INF/web.xml), parsed and deployed by a real embedded
 * Tomcat 11: listener, both filters by class name with init-parameters, servlet.
 */
@Tag("tomcat")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebXmlDeploymentTest {

    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    private TokenService service;
    private Tomcat tomcat;
    private Path baseDir;
    private int port;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void deploy() throws Exception {
        service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(user -> Optional.of(user.startsWith("admin") ? Set.of("admin") : Set.of("read")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
        WebXmlServiceListener.service = service;

        baseDir = Files.createTempDirectory("patkit-webxml");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        // Only our web.xml: Tomcat's default one would add a JSP servlet, which is not on the class path.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Path webapp = Path.of(WebXmlDeploymentTest.class.getResource("/webapp").toURI());
        Context context = tomcat.addWebapp("", webapp.toString());
        // No jar or annotation scanning of the test class path: only web.xml matters here.
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        context.setParentClassLoader(WebXmlDeploymentTest.class.getClassLoader());
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    void undeploy() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            service.close();
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void webXmlDeclaredFilterAuthenticatesWithTheServiceFromTheListener() throws Exception {
        String token = service.create("reader", "webxml").revealPlaintext();

        HttpResponse<String> r = get("/x", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("principal=reader\n").contains("authType=Bearer\n");
    }

    @Test
    void webXmlDeclaredFilterUsesItsDefaultsOptionalModeAndRealmApi() throws Exception {
        HttpResponse<String> none = get("/x", null);
        HttpResponse<String> refused = get("/x", "Bearer pat_unknown");

        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("principal=none\n");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\","
                + " error=\"invalid_token\", error_description=\"The access token is invalid, expired or revoked\"");
    }

    @Test
    void webXmlDeclaredFilterMappedForAsyncAuthenticatesTheAsyncDispatchAgain() throws Exception {
        String reader = service.create("reader", "webxml-async").revealPlaintext();
        String admin = service.create("admin-2", "webxml-async-admin").revealPlaintext();

        HttpResponse<String> r = get("/x?dispatch=async", "Bearer " + reader);
        HttpResponse<String> a = get("/admin/x?dispatch=async", "Bearer " + admin);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("dispatcherType=ASYNC\n").contains("principal=reader\n")
                .contains("authType=Bearer\n");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.body()).contains("dispatcherType=ASYNC\n").contains("principal=admin-2\n")
                .contains("inRole.admin=true\n");
    }

    @Test
    void webXmlDeclaredRoleFilterRequiresItsRole() throws Exception {
        String reader = service.create("reader", "webxml-admin").revealPlaintext();
        String admin = service.create("admin-1", "webxml-admin").revealPlaintext();

        assertThat(get("/admin/x", "Bearer " + reader).statusCode()).isEqualTo(403);
        assertThat(get("/admin/x", "Bearer " + admin).statusCode()).isEqualTo(200);
        assertThat(get("/admin/x", null).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
