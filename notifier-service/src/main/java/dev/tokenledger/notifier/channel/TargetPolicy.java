package dev.tokenledger.notifier.channel;

import dev.tokenledger.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs the notifier may post to (SSRF protection): https unless the operator lists the host
 * in {@code targets.http-allowed-hosts}; no loopback, private or link-local address (cloud metadata
 * endpoints live there) unless configuration allows it, and never an unspecified, multicast,
 * broadcast or reserved one; IPv6 forms that carry an IPv4 address count as that address
 * ({@link AddressClass}). Checked when a channel is saved and again
 * before every attempt, because a name can resolve differently later; the attempt then connects to
 * the address that was checked ({@link Target#address}), never to a second lookup, so a name that
 * changes between the check and the connection (DNS rebinding) cannot move it. Redirects are never followed.
 */
@ApplicationScoped
public class TargetPolicy {

    @Inject
    NotifierConfig config;

    /** Name lookups: the system resolver (a test plays a name that resolves differently each time). */
    public interface Resolver {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    private volatile Resolver resolver = InetAddress::getAllByName;

    /** A URL that was checked: why it is refused, or the address its connection must go to. */
    public record Target(String refusal, InetAddress address) {
        static Target refused(String why) {
            return new Target(why, null);
        }
    }

    /** For tests: where names are looked up. */
    public void useResolver(Resolver r) {
        resolver = r;
    }

    /** @return why the URL is refused, or null when it may be used */
    public String refusal(String url) {
        return check(url).refusal();
    }

    /** Checks the URL and every address its host resolves to now; the first of them is where to connect. Blocks on the lookup. */
    public Target check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Target.refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isBlank() || !(scheme.equals("https") || scheme.equals("http"))) {
            return Target.refused("must be an absolute https URL");
        }
        if (uri.getUserInfo() != null) {
            return Target.refused("must not carry credentials in the URL");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (scheme.equals("http") && !httpAllowed(bareHost)) {
            return Target.refused("must use https (plain http is allowed only for hosts the operator lists in tokenledger.notifier.targets.http-allowed-hosts)");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.lookup(bareHost);
        } catch (UnknownHostException e) {
            return Target.refused("names a host that does not resolve");
        }
        for (InetAddress a : addresses) {
            String refused = refusal(a);
            if (refused != null) {
                return Target.refused("resolves to " + a.getHostAddress() + ", " + refused);
            }
        }
        return addresses.length == 0 ? Target.refused("names a host that does not resolve") : new Target(null, addresses[0]);
    }

    private String refusal(InetAddress a) {
        AddressClass c = AddressClass.of(a);
        return switch (c) {
            case PUBLIC -> null;
            case LOOPBACK -> config.targets().allowLoopback() ? null : "a loopback address, which is not allowed";
            case PRIVATE, LINK_LOCAL -> config.targets().allowPrivate() ? null : "a private or link-local address, which is not allowed";
            default -> {
                String kind = c.name().toLowerCase(Locale.ROOT).replace('_', '-');
                yield (kind.startsWith("u") ? "an " : "a ") + kind + " address, which is not allowed";
            }
        };
    }

    private boolean httpAllowed(String host) {
        List<String> hosts = config.targets().httpAllowedHosts().orElse(List.of());
        return hosts.stream().anyMatch(h -> h.trim().equalsIgnoreCase(host));
    }
}
