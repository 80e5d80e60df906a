package dev.patkit.security;

import dev.patkit.Verification;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * The application behind the filter: 200 with who the request is authenticated as ({@code user=}, {@code token=}
 * and the principal's {@code toString()}), or {@code anonymous}. It never echoes a request header.
 */
final class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = request.getUserPrincipal();
        String body;
        if (principal instanceof Verification.Authenticated p) {
            body = "user=" + p.owner() + "\ntoken=" + p.tokenId() + "\nprincipal=" + p + "\n";
        } else {
            body = "anonymous\n";
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
