package dev.patkit.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The least of a git smart-HTTP server that {@code git ls-remote} needs (protocol v0, which every git client
 * accepts): {@code GET <repo>/info/refs?service=git-upload-pack} answers one branch, {@code main}, and {@code HEAD}.
 * It runs behind a {@link BearerTokenFilter} that requires credentials; any other request answers who it is
 * authenticated as.
 */
public final class GitSmartHttpServlet extends HttpServlet {

    /** The commit the refs point to. */
    static final String HEAD = "0123456789abcdef0123456789abcdef01234567";

    private static final long serialVersionUID = 1L;

    /** Public, as containers require. */
    public GitSmartHttpServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRemoteUser() == null) {
            throw new IllegalStateException("the filter in front requires credentials");
        }
        if (!request.getRequestURI().endsWith("/info/refs")
                || !"service=git-upload-pack".equals(request.getQueryString())) {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("authenticated as " + request.getRemoteUser());
            return;
        }
        StringBuilder body = new StringBuilder();
        body.append(pktLine("# service=git-upload-pack\n")).append("0000");
        body.append(pktLine(HEAD + " HEAD\0symref=HEAD:refs/heads/main agent=patkit-test\n"));
        body.append(pktLine(HEAD + " refs/heads/main\n")).append("0000");
        response.setContentType("application/x-git-upload-pack-advertisement");
        response.setHeader("Cache-Control", "no-cache");
        response.getOutputStream().write(body.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A pkt-line: four hex digits giving the length, themselves included, then the data. */
    private static String pktLine(String data) {
        return String.format("%04x", data.length() + 4) + data;
    }
}
