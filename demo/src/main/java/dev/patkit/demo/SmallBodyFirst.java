package dev.patkit.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a small JSON API request body before anything answers, so that an early answer (401 from Basic auth, 403
 * cross-site, 404, 405) leaves the connection usable: a server that answers before the body has arrived must close
 * the connection, and a client reusing it then sees it die. Bodies over the limit are left to the servlets, which
 * refuse them with 413.
 */
final class SmallBodyFirst implements Filter {

    /** Larger than any body the API accepts. */
    static final int LIMIT = 16 * 1024;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        byte[] body = readSmall(request);
        chain.doFilter(body == null ? req : new Buffered(request, body), res);
    }

    /**
     * Reads a body of a declared length up to {@link #LIMIT}, so that an answer sent before anything else reads it
     * leaves the connection usable; {@code null} (nothing read) for no body, an unknown length, or a larger one.
     */
    static byte[] readSmall(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        return length <= 0 || length > LIMIT ? null : request.getInputStream().readNBytes((int) length);
    }

    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the demo API reads bodies synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
