package dev.patkit;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** ASCII digits only: {@code \d} and {@link Character#digit} would take other scripts' digits too. */
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern PREFIX_LENGTH = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1};

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
        String length = slash < 0 ? String.valueOf(bits) : cidr.substring(slash + 1);
        int prefix = PREFIX_LENGTH.matcher(length).matches() ? Integer.parseInt(length) : -1;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("the prefix length of an address range must be 0 to " + bits);
        }
        AddressRange range = new AddressRange(masked(address, prefix), prefix);
        if (!Arrays.equals(range.network, address)) {
            throw new IllegalArgumentException("an address range must not have host bits set (use " + range + ")");
        }
        return range;
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
            if (a.length == r.network.length && Arrays.equals(masked(a, r.prefix), r.network)) {
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
        return o instanceof AddressRange r && r.prefix == prefix && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
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
        if (s.length() > 45) {
            return null;
        }
        byte[] a = s.indexOf(':') < 0 ? ipv4(s) : ipv6(s);
        boolean mapped = a != null && a.length == 16 && Arrays.equals(a, 0, 12, MAPPED, 0, 12);
        return mapped ? Arrays.copyOfRange(a, 12, 16) : a;
    }

    private static byte[] ipv4(String s) {
        Matcher m = IPV4.matcher(s);
        if (!m.matches()) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(m.group(i + 1));
        }
        return out;
    }

    /**
     * RFC 4291 text: 16-bit groups, at most one {@code ::} standing for one or more zero groups, and the last two
     * groups may be written as dotted IPv4 (read here as {@code 0:0}, its bytes put in afterwards).
     */
    private static byte[] ipv6(String s) {
        int colon = s.lastIndexOf(':');
        byte[] v4 = s.indexOf('.') < 0 ? new byte[0] : ipv4(s.substring(colon + 1));
        if (v4 == null) {
            return null;
        }
        String hex = v4.length == 0 ? s : s.substring(0, colon + 1) + "0:0";
        int gap = hex.indexOf("::");
        String[] head = groups(gap < 0 ? hex : hex.substring(0, gap));
        String[] tail = groups(gap < 0 ? "" : hex.substring(gap + 2));
        int n = head.length + tail.length;
        if ((gap < 0 ? n != 8 : n > 7) || (gap >= 0 && hex.indexOf("::", gap + 1) >= 0)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < n; i++) {
            String group = i < head.length ? head[i] : tail[i - head.length];
            if (!HEX_GROUP.matcher(group).matches()) {
                return null;
            }
            int at = i < head.length ? i : 8 - n + i;
            int value = Integer.parseInt(group, 16);
            out[2 * at] = (byte) (value >>> 8);
            out[2 * at + 1] = (byte) value;
        }
        System.arraycopy(v4, 0, out, 16 - v4.length, v4.length);
        return out;
    }

    private static String[] groups(String side) {
        return side.isEmpty() ? new String[0] : side.split(":", -1);
    }

    /** Dotted decimal, or RFC 5952: lower case, the first longest run of two or more zero groups as {@code ::}. */
    private static String text(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        String[] g = new String[8];
        int at = -1;
        int best = 1;
        for (int i = 0, run = 0; i < 8; i++) {
            g[i] = Integer.toHexString((a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff));
            run = g[i].equals("0") ? run + 1 : 0;
            if (run > best) {
                best = run;
                at = i - run + 1;
            }
        }
        return at < 0 ? String.join(":", g) : String.join(":", Arrays.copyOfRange(g, 0, at)) + "::"
                + String.join(":", Arrays.copyOfRange(g, at + best, 8));
    }
}
