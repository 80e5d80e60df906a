package dev.patkit.security;

import dev.patkit.servlet.TokenPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * The application behind the filter: 200 with who the request is authenticated as ({@code user=}, {@code token=}
 * and the principal's {@code toString()}), or {@code anonymous}, then the {@link TokenPrincipal#REQUEST_ATTRIBUTE}
 * request attribute ({@code attribute=}). It never echoes a request header.
 */
final class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = request.getUserPrincipal();
        String body;
        if (principal instanceof TokenPrincipal p) {
            body = "user=" + p.userId() + "\ntoken=" + p.tokenId() + "\nprincipal=" + p + "\n";
        } else {
            body = "anonymous\n";
        }
        body += "attribute=" + request.getAttribute(TokenPrincipal.REQUEST_ATTRIBUTE) + "\n";
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
