package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The compiled module descriptor exports exactly the API package. */
class ModuleDescriptorTest {

    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void moduleExportsExactlyTheApiPackageUnqualified() throws IOException {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }

        assertThat(descriptor.name()).isEqualTo("dev.patkit.core");
        assertThat(descriptor.exports()).hasSize(1).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("dev.patkit");
            assertThat(e.isQualified()).isFalse();
        });
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.isOpen()).isFalse();
    }

    @Test
    void moduleFinderSeesTheSameModuleWithOnlyThePackagesItShips() {
        ModuleReference ref = ModuleFinder.of(CLASSES).find("dev.patkit.core").orElseThrow();

        assertThat(ref.descriptor().exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet())).containsExactly("dev.patkit");
        assertThat(ref.descriptor().packages()).containsExactly("dev.patkit");
    }
}
