package dev.patkit.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests java.net.http.HttpClient will not send (raw non-ASCII header bytes)
 * and for comparing responses byte for byte. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends a GET with the given extra header lines (each without CRLF), as ISO-8859-1 bytes unless raw. */
    static String get(int port, String path, String... headerLines) throws IOException {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port).append("\r\n");
        for (String line : headerLines) {
            sb.append(line).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return exchange(port, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends bytes, reads the whole answer until the server closes (or resets) the connection. */
    static String exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException e) {
                // A server refusing an oversized request may reset the connection after answering.
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The status code of a raw response, or -1 if there was none. */
    static int status(String response) {
        if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
            return -1;
        }
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The response without its {@code Date} header line (the only part that may differ between two answers). */
    static String withoutDate(String response) {
        return response.replaceAll("(?im)^Date: [^\r\n]*\r\n", "");
    }
}
