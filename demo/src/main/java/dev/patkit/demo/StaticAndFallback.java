package dev.patkit.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The default servlet: {@code /static/app.css} and {@code /static/app.js} from the class path, {@code /} to the
 * tokens page, and 404 for anything else (as JSON under {@code /api/}).
 */
final class StaticAndFallback extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private record Resource(String contentType, byte[] bytes) {
    }

    private final transient Map<String, Resource> resources = Map.of(
            "/static/app.css", load("app.css", "text/css;charset=utf-8"),
            "/static/app.js", load("app.js", "text/javascript;charset=utf-8"));

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (path.equals("/") && read) {
            Html.redirect(response, SettingsPage.PATH);
            return;
        }
        Resource r = resources.get(path);
        if (r != null && read) {
            response.setStatus(200);
            response.setHeader("Cache-Control", "no-cache");
            response.setContentType(r.contentType());
            response.setContentLength(r.bytes().length);
            if (request.getMethod().equals("GET")) {
                response.getOutputStream().write(r.bytes());
            }
            return;
        }
        if (path.startsWith("/api/")) {
            Json.error(response, 404, "not found");
        } else {
            Html.write(response, 404, Html.page("Not found", null, "<h1>Not found</h1><p><a href=\""
                    + SettingsPage.PATH + "\">Go to the tokens page</a></p>"));
        }
    }

    private static Resource load(String name, String contentType) {
        try (InputStream in = StaticAndFallback.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/patkit/demo/static/" + name);
            }
            return new Resource(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
