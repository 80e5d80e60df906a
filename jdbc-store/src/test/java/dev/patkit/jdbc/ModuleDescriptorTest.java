package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Surefire runs tests on the class path, so the module descriptor is checked here, as compiled. */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(JdbcTokenStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void theModuleIsNamedAndExportsOnlyTheApiPackageToEveryone() throws Exception {
        ModuleDescriptor d = descriptor();

        assertThat(d.name()).isEqualTo("dev.patkit.jdbc");
        assertThat(d.exports()).hasSize(1);
        ModuleDescriptor.Exports export = d.exports().iterator().next();
        assertThat(export.source()).isEqualTo("dev.patkit.jdbc");
        assertThat(export.isQualified()).isFalse();
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void theModuleNeedsCoreAndJavaSqlTransitivelyBecauseTheApiShowsTheirTypesAndSlf4jForTheClusterFeedsLog()
            throws Exception {
        ModuleDescriptor d = descriptor();

        assertThat(d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("java.base", "java.sql", "dev.patkit.core", "org.slf4j");
        assertThat(d.requires()).filteredOn(r -> r.name().equals("java.sql") || r.name().equals("dev.patkit.core"))
                .allMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
        assertThat(d.requires()).filteredOn(r -> r.name().equals("org.slf4j"))
                .noneMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }

    @Test
    void implementationClassesArePackagePrivate() {
        for (Class<?> c : new Class<?>[] {TableName.class, Failures.class, ScopesCodec.class, Transactions.class,
                Ddl.class, TokenTable.class, TokenRows.class, InstantColumns.class, Conflict.class, ChangeLog.class,
                ClusterTables.class, ChangeSignal.class, PollingSignal.class, PgNotifications.class, Follower.class,
                DbClock.class}) {
            assertThat(java.lang.reflect.Modifier.isPublic(c.getModifiers())).as(c.getName()).isFalse();
        }
    }

    @Test
    void theOnlyPublicTypesAreTheStoreTheClusterFeedTheirBuildersAndTheDialect() throws Exception {
        Path classes = Path.of(JdbcTokenStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> publicTypes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/patkit/jdbc"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")
                    && !p.endsWith("package-info.class"))::iterator) {
                String name = "dev.patkit.jdbc." + f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(name, false, JdbcTokenStore.class.getClassLoader());
                if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                    publicTypes.add(c.getSimpleName());
                }
            }
        }

        assertThat(publicTypes).containsExactly("JdbcClusterFeed", "JdbcClusterFeedBuilder", "JdbcDialect",
                "JdbcTokenStore", "JdbcTokenStoreBuilder");
    }
}
