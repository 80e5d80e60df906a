package dev.patkit.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The client address that rate limits count by: the connection's remote address, IPv6 addresses cut to their /64
 * (one customer's network, which hands out many addresses). Behind a reverse proxy this is the proxy's address:
 * configure Jetty's {@code ForwardedRequestCustomizer} for a proxy you trust, never a header any client can set.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    /** The key of the request's client, such as {@code 127.0.0.1} or {@code 2001:db8:0:0:0:0:0:0/64}. */
    static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        try {
            // A literal address is parsed, never looked up.
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
