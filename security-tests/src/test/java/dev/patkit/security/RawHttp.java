package dev.patkit.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1: the exact bytes sent and received, with no client library in between
 * (nothing that could log a header on the client side). One request per connection.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A GET of {@code /} with these extra header lines; the whole response as ISO-8859-1 text (byte for byte). */
    static String get(int port, String... headerLines) throws IOException {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
        for (String line : headerLines) {
            sb.append(line).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A GET with {@code Authorization: Bearer <token>}. */
    static String bearer(int port, String token) throws IOException {
        return get(port, "Authorization: Bearer " + token);
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The response without its {@code Date} header line, the only part allowed to differ between two answers. */
    static String withoutDate(String response) {
        return response.replaceAll("(?im)^Date: [^\r\n]*\r\n", "");
    }
}
