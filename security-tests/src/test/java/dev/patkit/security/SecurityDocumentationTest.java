package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md stays true to the tests: every {@code Class#method} it names is a test method in some module's test
 * sources, and every test of the security pack (this module, and the header parser's fuzz tests) is named there.
 */
class SecurityDocumentationTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*)#([a-z][A-Za-z0-9]*)`");
    private static final Pattern TEST_ANNOTATION = Pattern.compile("^\\s*@(Test|ParameterizedTest|FuzzTest)\\b");
    private static final Pattern METHOD = Pattern.compile("\\bvoid\\s+([a-z][A-Za-z0-9]*)\\s*\\(");

    @Test
    void everyTestNamedInSecurityMdExists() {
        Set<String> references = references();
        List<String> missing = new ArrayList<>();
        for (String reference : references) {
            String className = reference.substring(0, reference.indexOf('#'));
            String method = reference.substring(reference.indexOf('#') + 1);
            List<Path> files = testSources().filter(p -> p.getFileName().toString().equals(className + ".java"))
                    .toList();
            boolean found = files.stream().anyMatch(p -> testMethods(read(p)).contains(method));
            if (!found) {
                missing.add(reference + (files.isEmpty() ? " (no such test class)" : " (no such test method)"));
            }
        }

        assertThat(references).as("tests named in SECURITY.md").hasSizeGreaterThan(80);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyTestOfTheSecurityPackIsNamedInSecurityMd() {
        Set<String> references = references();
        List<Path> pack = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src", "test", "java", "dev", "patkit", "security"))) {
            files.filter(p -> p.getFileName().toString().endsWith("Test.java")).forEach(pack::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pack.add(ROOT.resolve("servlet-filter/src/test/java/dev/patkit/servlet/BearerTokenResolverFuzzTest.java"));
        List<String> unnamed = new ArrayList<>();
        int tests = 0;
        for (Path file : pack) {
            String className = file.getFileName().toString().replace(".java", "");
            for (String method : testMethods(read(file))) {
                tests++;
                if (!references.contains(className + "#" + method)) {
                    unnamed.add(className + "#" + method);
                }
            }
        }

        assertThat(tests).as("tests in the security pack").isGreaterThan(15);
        assertThat(unnamed).isEmpty();
    }

    private static Set<String> references() {
        Matcher m = REFERENCE.matcher(read(ROOT.resolve("SECURITY.md")));
        Set<String> out = new LinkedHashSet<>();
        while (m.find()) {
            out.add(m.group(1) + "#" + m.group(2));
        }
        return out;
    }

    /** The names of the methods annotated {@code @Test}, {@code @ParameterizedTest} or {@code @FuzzTest}. */
    static Set<String> testMethods(String source) {
        Set<String> out = new LinkedHashSet<>();
        boolean annotated = false;
        for (String line : source.split("\n")) {
            if (TEST_ANNOTATION.matcher(line).find()) {
                annotated = true;
            }
            Matcher m = METHOD.matcher(line);
            if (annotated && m.find()) {
                out.add(m.group(1));
                annotated = false;
            }
        }
        return out;
    }

    /** Every Java file under a {@code src/test/java} of the project. */
    private static Stream<Path> testSources() {
        try {
            return Files.walk(ROOT)
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .filter(p -> p.toString().replace('\\', '/').contains("/src/test/java/"))
                    .filter(p -> p.toString().endsWith(".java"))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
