package dev.patkit.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 requests to a {@link TestDemo} from another loopback source address (127.0.0.2, 127.0.0.3, ...), so that
 * tests can be several clients: Java 17's HttpClient cannot choose its local address. One request per connection.
 */
final class FromAddress {

    /** An answer: the status, the headers (names in lower case, the last value of each) and the body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final InetAddress source;

    private FromAddress(InetAddress source) {
        this.source = source;
    }

    /** A client at 127.0.0.{@code last}. */
    static FromAddress loopback(int last) {
        try {
            return new FromAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code method path} with an {@code Authorization} header (or none for {@code null}) and an optional JSON body. */
    Answer send(URI base, String method, String path, String authorization, String json) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (json != null) {
                head.append("Content-Type: application/json\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        return new Answer(status, headers, raw.substring(end + 4));
    }
}
