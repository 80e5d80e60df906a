package dev.patkit.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.TreeSet;

/**
 * The application behind the filter: answers 200 with what it sees of the request, one {@code key=value} per line.
 * Form posts are read with getParameter, other bodies with getInputStream.
 */
public final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Public, so a container can instantiate it from web.xml. */
    public EchoServlet() {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder sb = new StringBuilder();
        Principal principal = request.getUserPrincipal();
        line(sb, "principal", principal == null ? "none" : principal.getName());
        line(sb, "principalClass", principal == null ? "none" : principal.getClass().getSimpleName());
        line(sb, "remoteUser", request.getRemoteUser());
        line(sb, "authType", request.getAuthType());
        line(sb, "inRole.admin", request.isUserInRole("admin"));
        line(sb, "inRole.read", request.isUserInRole("read"));
        line(sb, "inRole.**", request.isUserInRole("**"));
        Object attribute = request.getAttribute(TokenPrincipal.REQUEST_ATTRIBUTE);
        line(sb, "attributeIsPrincipal", attribute != null && attribute == principal);
        if (principal instanceof TokenPrincipal p) {
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

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(key).append('=').append(value).append('\n');
    }
}
