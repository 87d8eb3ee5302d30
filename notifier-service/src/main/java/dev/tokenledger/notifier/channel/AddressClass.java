package dev.tokenledger.notifier.channel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What kind of address a notification target resolves to, by the address's bits rather than by
 * {@link InetAddress}'s few predicates: an IPv6 form that carries an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4) is the kind of the IPv4 address it carries, so {@code [::127.0.0.1]}
 * is loopback and {@code [64:ff9b::a9fe:a9fe]} is the link-local metadata endpoint.
 */
public enum AddressClass {
    PUBLIC, LOOPBACK, PRIVATE, LINK_LOCAL, UNSPECIFIED, MULTICAST, BROADCAST, RESERVED;

    public static AddressClass of(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? ofV4(b) : ofV6(b);
    }

    private static AddressClass ofV4(byte[] b) {
        int x = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (x == 0xffffffff) {
            return BROADCAST;
        }
        if (in(x, 0x00000000, 8)) {
            return UNSPECIFIED; // "this network", 0.0.0.0/8
        }
        if (in(x, 0x7f000000, 8)) {
            return LOOPBACK;
        }
        if (in(x, 0x0a000000, 8) || in(x, 0xac100000, 12) || in(x, 0xc0a80000, 16) || in(x, 0x64400000, 10)) {
            return PRIVATE; // RFC 1918 and carrier-grade NAT
        }
        if (in(x, 0xa9fe0000, 16)) {
            return LINK_LOCAL;
        }
        if (in(x, 0xe0000000, 4)) {
            return MULTICAST;
        }
        if (in(x, 0xc0000000, 24) || in(x, 0xc0000200, 24) || in(x, 0xc0586300, 24) || in(x, 0xc6120000, 15)
                || in(x, 0xc6336400, 24) || in(x, 0xcb007100, 24) || in(x, 0xf0000000, 4)) {
            // IETF assignments, documentation, 6to4 relays, benchmarking, class E
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ofV6(byte[] b) {
        if (zero(b, 0, 16)) {
            return UNSPECIFIED;
        }
        if (zero(b, 0, 15) && b[15] == 1) {
            return LOOPBACK;
        }
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ofV4(slice(b, 12)); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (zero(b, 0, 12)) {
            return ofV4(slice(b, 12)); // IPv4-compatible ::a.b.c.d
        }
        int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if (first == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (zero(b, 4, 12)) {
                return ofV4(slice(b, 12)); // NAT64 well-known prefix 64:ff9b::/96
            }
            return RESERVED; // 64:ff9b:1::/48, local-use NAT64
        }
        if (first == 0x2002) {
            return ofV4(slice(b, 2)); // 6to4 2002:a.b.c.d::/48
        }
        if (first == 0x2001 && ((b[2] & 0xff) << 8 | (b[3] & 0xff)) == 0x0db8) {
            return RESERVED; // documentation
        }
        if (first == 0x2001 && (b[2] & 0xfe) == 0) {
            return RESERVED; // 2001::/23 IETF protocol assignments, Teredo among them
        }
        if (first == 0x0100 && zero(b, 2, 8)) {
            return RESERVED; // discard-only 100::/64
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return PRIVATE; // unique local fc00::/7
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return PRIVATE; // deprecated site-local fec0::/10
        }
        if ((b[0] & 0xff) == 0xff) {
            return MULTICAST;
        }
        if ((b[0] & 0xe0) != 0x20) {
            return RESERVED; // outside 2000::/3, the global unicast space
        }
        return PUBLIC;
    }

    private static boolean in(int x, int network, int bits) {
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (x & mask) == network;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /** For tests and diagnostics: an address literal (no DNS lookup). */
    static AddressClass ofLiteral(String literal) throws UnknownHostException {
        InetAddress a = InetAddress.getByName(literal);
        if (!(a instanceof Inet4Address) && !(a instanceof Inet6Address)) {
            throw new UnknownHostException(literal);
        }
        return of(a);
    }
}
