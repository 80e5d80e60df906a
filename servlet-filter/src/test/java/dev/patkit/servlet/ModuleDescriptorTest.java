package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor (tests run on the class path, so nothing else checks it): one exported package,
 * core required transitively, the Servlet API static (the container provides it).
 */
class ModuleDescriptorTest {

    private static Path classes() throws URISyntaxException {
        return Path.of(BearerTokenFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void moduleExportsOnlyItsApiPackageToEveryone() throws Exception {
        ModuleDescriptor d = descriptor();

        assertThat(d.name()).isEqualTo("dev.patkit.servlet");
        assertThat(d.exports()).hasSize(1);
        ModuleDescriptor.Exports export = d.exports().iterator().next();
        assertThat(export.source()).isEqualTo("dev.patkit.servlet");
        assertThat(export.isQualified()).isFalse();
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void moduleRequiresCoreTransitivelyAndTheServletApiStatically() throws Exception {
        ModuleDescriptor d = descriptor();

        assertThat(d.requires()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("dev.patkit.core");
            assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        });
        assertThat(d.requires()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("jakarta.servlet");
            assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC,
                    ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        });
    }

    @Test
    void publicApiIsTheTwoFiltersTheBuilderAndTheGitHubEndpointWithItsBuilderAndKeySource() throws Exception {
        Set<String> publicTypes = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes().resolve("dev/patkit/servlet"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                String name = file.getFileName().toString().replace(".class", "");
                if (name.equals("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName("dev.patkit.servlet." + name, false,
                        ModuleDescriptorTest.class.getClassLoader());
                Class<?> enclosing = type.getEnclosingClass();
                boolean visible = Modifier.isPublic(type.getModifiers())
                        && (enclosing == null || Modifier.isPublic(enclosing.getModifiers()));
                if (visible) {
                    publicTypes.add(type.getName());
                }
            }
        }

        assertThat(publicTypes).containsExactly(
                "dev.patkit.servlet.BearerTokenFilter",
                "dev.patkit.servlet.BearerTokenFilterBuilder",
                "dev.patkit.servlet.GitHubKeys",
                "dev.patkit.servlet.GitHubSecretScanningServlet",
                "dev.patkit.servlet.GitHubSecretScanningServletBuilder",
                "dev.patkit.servlet.RequireRoleFilter");
    }
}
