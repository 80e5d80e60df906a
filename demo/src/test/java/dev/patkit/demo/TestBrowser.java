package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like client of a {@link TestDemo}: a cookie jar, and the last CSRF field it saw on a page. */
final class TestBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern NEW_TOKEN = Pattern.compile("id=\"new-token\"[^>]* value=\"(pat_[0-9A-Za-z]{50})\"");

    private final TestDemo demo;
    final Map<String, String> cookies = new LinkedHashMap<>();
    String csrf;

    TestBrowser(TestDemo demo) {
        this.demo = demo;
    }

    HttpResponse<String> get(String path) {
        return remember(demo.send("GET", path, null, headers(null)));
    }

    /** POSTs a form; {@code pairs} alternate name and value, and the last CSRF value seen is added first. */
    HttpResponse<String> post(String path, String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        if (csrf != null) {
            form.put("csrf", csrf);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return postForm(path, form);
    }

    /** POSTs exactly this form. */
    HttpResponse<String> postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return remember(demo.send("POST", path, body, headers("application/x-www-form-urlencoded")));
    }

    /** Signs in with the form and asserts that it worked. */
    TestBrowser signIn(String user, String password) {
        get("/login");
        HttpResponse<String> r = post("/login", "username", user, "password", password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(get(SettingsPage.PATH).statusCode()).isEqualTo(200);
        return this;
    }

    /** The new token a page shows once, asserting that there is one. */
    static String newToken(HttpResponse<String> page) {
        Matcher m = NEW_TOKEN.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    private String[] headers(String contentType) {
        List<String> h = new ArrayList<>();
        if (!cookies.isEmpty()) {
            h.add("Cookie");
            h.add(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (contentType != null) {
            h.add("Content-Type");
            h.add(contentType);
        }
        return h.toArray(String[]::new);
    }

    private HttpResponse<String> remember(HttpResponse<String> r) {
        for (String setCookie : r.headers().allValues("Set-Cookie")) {
            String pair = setCookie.substring(0, setCookie.indexOf(';'));
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }
}
