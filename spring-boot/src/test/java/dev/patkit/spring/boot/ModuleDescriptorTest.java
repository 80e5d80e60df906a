package dev.patkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
