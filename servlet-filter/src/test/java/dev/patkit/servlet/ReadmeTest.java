package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The module's README matches the code: names that exist, the init-parameters the filter knows, the web.xml shown. */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path WEB_XML = Path.of("src", "test", "resources", "webapp", "WEB-INF", "web.xml");
    private static final List<Class<?>> PUBLIC_TYPES = List.of(BearerTokenFilter.class, BearerTokenFilterBuilder.class,
            RequireRoleFilter.class, GitHubSecretScanningServlet.class, GitHubKeys.class);

    @Test
    void everyMemberOfAPublicTypeTheReadmeNamesExistsAndIsPublic() throws IOException {
        Matcher m = Pattern.compile(
                "\\b(BearerTokenFilter|BearerTokenFilterBuilder|RequireRoleFilter|GitHubSecretScanningServlet"
                        + "|GitHubKeys)\\.(\\w+)\\b(?!\\*)")
                .matcher(read(README));
        List<String> missing = new ArrayList<>();
        int references = 0;
        while (m.find()) {
            references++;
            Class<?> type = PUBLIC_TYPES.stream().filter(t -> t.getSimpleName().equals(m.group(1))).findFirst()
                    .orElseThrow();
            if (!hasPublicMember(type, m.group(2))) {
                missing.add(m.group());
            }
        }

        assertThat(references).as("references in the README").isGreaterThanOrEqualTo(10);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyClassOfThePackageTheReadmeNamesExistsWithTheVisibilityItSays() throws IOException {
        String readme = read(README);
        Matcher qualified = Pattern.compile("dev\\.patkit\\.servlet\\.([A-Z]\\w+)").matcher(readme);
        while (qualified.find()) {
            assertThat(Modifier.isPublic(type(qualified.group(1)).getModifiers())).as(qualified.group()).isTrue();
        }
        for (String internal : List.of("BearerTokenResolver", "BearerResponses", "InitParameters", "BearerRequest",
                "ClientAddresses", "ForwardedHeaders", "Json", "GitHubAlerts", "GitHubKeyDocument", "GitHubSignature",
                "FileKeys", "UrlKeys")) {
            assertThat(readme).contains("`" + internal + "`");
            assertThat(Modifier.isPublic(type(internal).getModifiers())).as(internal).isFalse();
        }
        assertThat(readme).doesNotContain("TokenPrincipal").doesNotContain("REALM_ATTRIBUTE")
                .doesNotContain("userId").doesNotContain("tokenServiceAttribute");
    }

    @Test
    void initParameterTableListsExactlyTheParametersTheFilterKnowsWithTheirDefaults() throws Exception {
        Map<String, String> table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(\\w+)` \\| `([^`]+)`").matcher(section(read(README),
                "## Configuring in web.xml"));
        while (row.find()) {
            table.put(row.group(1), row.group(2));
        }

        assertThat(table.keySet()).containsExactlyElementsOf(InitParameters.NAMES);
        assertThat(table).containsEntry(BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE,
                        BearerTokenFilter.DEFAULT_TOKEN_VERIFIER_ATTRIBUTE)
                .containsEntry(BearerTokenFilter.PARAM_REALM, BearerTokenFilter.DEFAULT_REALM)
                .containsEntry(BearerTokenFilter.PARAM_REQUIRED, "false")
                .containsEntry(BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS,
                        Integer.toString(BearerTokenFilter.DEFAULT_RETRY_AFTER_SECONDS))
                .containsEntry(BearerTokenFilter.PARAM_CHECK_FORM_BODY, "true")
                .containsEntry(BearerTokenFilter.PARAM_ACCEPT_BASIC, "false")
                .containsEntry(BearerTokenFilter.PARAM_EXPIRATION_HEADER, BearerTokenFilter.DEFAULT_EXPIRATION_HEADER)
                .containsEntry(BearerTokenFilter.PARAM_TRUSTED_PROXIES, "(none)");
    }

    @Test
    void webXmlOfTheReadmeUsesOnlyKnownParametersAndTheElementsOfTheDeployedFile() throws IOException {
        String readme = read(README);
        String deployed = read(WEB_XML);
        Set<String> params = new TreeSet<>();
        Matcher name = Pattern.compile("<param-name>([^<]+)</param-name>").matcher(readme);
        while (name.find()) {
            params.add(name.group(1));
        }
        Set<String> elements = new LinkedHashSet<>();
        Matcher element = Pattern.compile("<(filter-class|listener-class|async-supported|dispatcher)>[^<]+</\\1>")
                .matcher(readme);
        while (element.find()) {
            elements.add(element.group());
        }

        List<String> known = new ArrayList<>(InitParameters.NAMES);
        known.add(RequireRoleFilter.PARAM_ROLE);
        assertThat(params).isNotEmpty().isSubsetOf(known);
        assertThat(elements).contains("<dispatcher>ASYNC</dispatcher>", "<async-supported>true</async-supported>");
        elements.removeIf(e -> e.startsWith("<listener-class>"));
        assertThat(elements).allSatisfy(e -> assertThat(deployed).contains(e));
    }

    @Test
    void everyTestClassTheReadmeNamesExists() throws IOException {
        Matcher m = Pattern.compile("`(\\w+Test)`").matcher(section(read(README), "## Tests"));
        Set<String> named = new TreeSet<>();
        while (m.find()) {
            named.add(m.group(1));
        }

        assertThat(named).hasSizeGreaterThan(5).allSatisfy(test -> assertThat(
                Path.of("src", "test", "java", "dev", "patkit", "servlet", test + ".java")).exists());
    }

    private static boolean hasPublicMember(Class<?> type, String member) {
        for (Class<?> nested : type.getClasses()) {
            if (nested.getSimpleName().equals(member)) {
                return true;
            }
        }
        for (Field f : type.getFields()) {
            if (f.getName().equals(member)) {
                return true;
            }
        }
        return Arrays.stream(type.getMethods()).map(Method::getName).anyMatch(member::equals);
    }

    private static Class<?> type(String simpleName) {
        try {
            return Class.forName("dev.patkit.servlet." + simpleName, false, ReadmeTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the README names dev.patkit.servlet." + simpleName + ", which does not exist", e);
        }
    }

    /** The text from a heading to the next heading of the same level. */
    private static String section(String text, String heading) {
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = text.indexOf("\n## ", start + heading.length() + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
