package dev.patkit;

import java.util.Objects;

/**
 * A range of client IP addresses in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}; a single address is
 * {@code /32} or {@code /128}), for tokens restricted to client addresses and for trusted proxies.
 *
 * <p>Only IP literals are read: nothing here ever resolves a host name. IPv4 is dotted decimal without leading zeros
 * (so {@code 010.0.0.1} is no address rather than an octal one); IPv6 is RFC 4291 text, with a trailing dotted IPv4
 * part allowed, and without a zone. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}) is the IPv4 address it
 * maps, so a dual-stack socket's spelling of an IPv4 client matches an IPv4 range. Immutable and thread-safe;
 * {@link #toString()} is the canonical text (RFC 5952 for IPv6), which {@link #parse} reads back.
 */
public final class AddressRange {

    private final byte[] network;
    private final int prefix;

    private AddressRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Reads a range.
     *
     * @param cidr an address, or an address, {@code /} and a prefix length (0 to 32 for IPv4, 0 to 128 for IPv6)
     *             whose host bits are all zero
     * @return the range
     * @throws IllegalArgumentException when it is no such text (the message does not repeat it)
     */
    public static AddressRange parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        byte[] address = bytes(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address range in CIDR notation");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = cidr.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (length.length() > 1 && length.charAt(0) == '0') || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("the prefix length of an address range must be 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        for (int i = prefix; i < bits; i++) {
            if ((address[i / 8] & (0x80 >>> (i % 8))) != 0) {
                throw new IllegalArgumentException("an address range must not have host bits set (use "
                        + new AddressRange(masked(address, prefix), prefix) + ")");
            }
        }
        return new AddressRange(address, prefix);
    }

    /**
     * Whether the range holds an address.
     *
     * @param address an IP literal; {@code null} or anything else (a host name, a zone, brackets) is in no range
     * @return whether it lies in this range
     */
    public boolean contains(String address) {
        return anyContains(new AddressRange[] {this}, address);
    }

    /** Whether one of {@code ranges} holds {@code address}, which is read once; as {@link #contains} for each. */
    static boolean anyContains(AddressRange[] ranges, String address) {
        byte[] a = address == null ? null : bytes(address);
        for (int i = 0; a != null && i < ranges.length; i++) {
            AddressRange r = ranges[i];
            if (a.length == r.network.length && java.util.Arrays.equals(masked(a, r.prefix), r.network)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The canonical text of an IP literal (dotted decimal, or RFC 5952 for IPv6; an IPv4-mapped address as IPv4).
     *
     * @param address the text to read
     * @return its canonical text, or {@code null} when it is no IP literal
     */
    public static String canonical(String address) {
        byte[] a = address == null ? null : bytes(address);
        return a == null ? null : text(a);
    }

    /** The canonical CIDR text, for example {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return text(network) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefix == prefix && java.util.Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    private static byte[] masked(byte[] a, int prefix) {
        byte[] m = a.clone();
        for (int i = prefix; i < m.length * 8; i++) {
            m[i / 8] &= (byte) ~(0x80 >>> (i % 8));
        }
        return m;
    }

    /** 4 or 16 bytes, an IPv4-mapped IPv6 address as its 4; {@code null} for anything that is no literal. */
    private static byte[] bytes(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        byte[] v6 = ipv6(s);
        if (v6 != null && isMappedIpv4(v6)) {
            return java.util.Arrays.copyOfRange(v6, 12, 16);
        }
        return v6;
    }

    private static boolean isMappedIpv4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(p);
        }
        return out;
    }

    private static byte[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int[] front = groups(head, gap < 0);
        int[] back = gap < 0 ? new int[0] : groups(tail, true);
        if (front == null || back == null) {
            return null;
        }
        int total = front.length + back.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(front, 0, all, 0, front.length);
        System.arraycopy(back, 0, all, 8 - back.length, back.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >>> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /** The 16-bit groups of one side of {@code ::}; a dotted IPv4 part may end the last side (two groups). */
    private static int[] groups(String side, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && mayEndInIpv4 && p.indexOf('.') >= 0) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                out[n++] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[n++] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
            } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0
                    && c < 128)) {
                return null;
            } else {
                out[n++] = Integer.parseInt(p, 16);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String text(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
