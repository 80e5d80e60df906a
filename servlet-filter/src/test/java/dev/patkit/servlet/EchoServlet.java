package dev.patkit.servlet;

import dev.patkit.Verification;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.TreeSet;

/**
 * The application behind the filter: answers 200 with what it sees of the request, one {@code key=value} per line.
 * Form posts are read with getParameter, other bodies with getInputStream.
 *
 * <p>Driven by the query string (read raw, so no body is parsed for it):
 * <ul>
 *   <li>{@code dispatch=async}: on the {@code REQUEST} dispatch, starts async with {@code startAsync()}, runs the
 *       {@link #beforeAsyncDispatch(AsyncStep) step} set by the test, and re-dispatches with
 *       {@code AsyncContext.dispatch()}; the echo comes from the {@code ASYNC} dispatch.
 *       {@code dispatch=async-wrapped} does the same with {@code startAsync(request, response)}.</li>
 *   <li>{@code dispatch=forward}: forwards the request it was given to {@code /nofilter/forwarded}.</li>
 *   <li>{@code require=admin}: {@link RequireRoleFilter#requireRole} in code before echoing.</li>
 * </ul>
 */
public final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** What the test does between {@code startAsync} and {@code dispatch}, on the request's thread. */
    @FunctionalInterface
    interface AsyncStep {
        void run(HttpServletResponse response) throws IOException;
    }

    private transient volatile AsyncStep beforeAsyncDispatch = response -> { };

    /** Public, so a container can instantiate it from web.xml. */
    public EchoServlet() {
    }

    /** Sets the step run before each async dispatch; {@code null} for none. */
    void beforeAsyncDispatch(AsyncStep step) {
        this.beforeAsyncDispatch = step == null ? response -> { } : step;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        if (request.getDispatcherType() == DispatcherType.REQUEST && query.contains("dispatch=async")) {
            AsyncContext async = query.contains("dispatch=async-wrapped")
                    ? request.startAsync(request, response) : request.startAsync();
            beforeAsyncDispatch.run(response);
            async.dispatch();
            return;
        }
        if (request.getDispatcherType() == DispatcherType.REQUEST && query.contains("dispatch=forward")) {
            request.getRequestDispatcher("/nofilter/forwarded").forward(request, response);
            return;
        }
        if (query.contains("require=admin") && !RequireRoleFilter.requireRole(request, response, "admin")) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        Principal principal = request.getUserPrincipal();
        line(sb, "dispatcherType", request.getDispatcherType());
        line(sb, "principal", principal == null ? "none" : principal.getName());
        line(sb, "principalClass", principal == null ? "none" : principal.getClass().getSimpleName());
        line(sb, "remoteUser", request.getRemoteUser());
        line(sb, "authType", request.getAuthType());
        line(sb, "inRole.admin", request.isUserInRole("admin"));
        line(sb, "inRole.read", request.isUserInRole("read"));
        line(sb, "inRole.**", request.isUserInRole("**"));
        line(sb, "inRole.null", request.isUserInRole(null));
        line(sb, "principalAttributes", principalAttributes(request));
        if (principal instanceof Verification.Authenticated p) {
            line(sb, "tokenId", p.tokenId());
            line(sb, "tokenName", p.tokenName());
            line(sb, "roles", String.join(",", new TreeSet<>(p.roles())));
        }
        line(sb, "authorization", request.getHeader("Authorization"));
        String contentType = request.getContentType();
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            line(sb, "param.note", request.getParameter("note"));
        } else {
            try (InputStream in = request.getInputStream()) {
                line(sb, "bodyLength", in.readAllBytes().length);
            }
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The names of the request attributes that hold a principal or a verification, or {@code none}. */
    private static String principalAttributes(HttpServletRequest request) {
        TreeSet<String> names = new TreeSet<>();
        for (String name : Collections.list(request.getAttributeNames())) {
            Object value = request.getAttribute(name);
            if (value instanceof Principal || value instanceof Verification) {
                names.add(name);
            }
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(key).append('=').append(value).append('\n');
    }
}
