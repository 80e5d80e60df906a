package dev.patkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Surefire runs tests on the class path, so the module descriptor is checked here, as compiled. */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(PatkitProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void theModuleIsNamedAndExportsOnlyItsApiPackage() throws Exception {
        ModuleDescriptor d = descriptor();

        assertThat(d.name()).isEqualTo("dev.patkit.spring.boot");
        assertThat(d.exports()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("dev.patkit.spring.boot");
            assertThat(e.isQualified()).isFalse();
        });
        assertThat(d.isOpen()).as("Spring reads the configuration classes reflectively").isTrue();
    }

    @Test
    void implementationClassesArePackagePrivate() {
        for (Class<?> c : List.of(PatkitIntrospector.class, BearerChallenge.class, UserDetailsRoleResolver.class,
                ListenerChain.class, TokenMeters.class, StoreHealthIndicator.class, TokenEndpoints.class,
                JdbcStores.class, BuilderOptions.class, VerificationObserver.class)) {
            assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isFalse();
        }
    }

    @Test
    void everyBuilderOptionHasAPatkitPropertyInTheIdeMetadata() throws Exception {
        String metadata;
        try (InputStream in = PatkitProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // Beans, not properties: the store, the role resolver, the listeners, the cluster feed; the clock through a
        // customizer.
        Set<String> beans = Set.of("store", "roleResolver", "listener", "cluster", "clock", "build");
        List<String> options = java.util.Arrays.stream(dev.patkit.TokenServiceBuilder.class.getMethods())
                .filter(m -> m.getReturnType() == dev.patkit.TokenServiceBuilder.class)
                .map(java.lang.reflect.Method::getName).filter(n -> !beans.contains(n)).distinct().toList();
        assertThat(options).hasSizeGreaterThanOrEqualTo(13);
        for (String option : options) {
            String property = "patkit." + option.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            if (option.equals("argon2")) {
                property = "patkit.argon2.memory-kib";
            }
            assertThat(metadata).as(option).contains("\"name\": \"" + property + "\"");
        }
    }
}
