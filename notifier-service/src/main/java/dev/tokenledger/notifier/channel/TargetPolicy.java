package dev.tokenledger.notifier.channel;

import dev.tokenledger.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs the notifier may post to (SSRF protection): https unless the operator lists the host
 * in {@code targets.http-allowed-hosts}; no loopback, private or link-local address (cloud metadata
 * endpoints live there) unless configuration allows it. Checked when a channel is saved and again
 * before every attempt, because a name can resolve differently later. Redirects are never followed.
 */
@ApplicationScoped
public class TargetPolicy {

    @Inject
    NotifierConfig config;

    /** @return why the URL is refused, or null when it may be used */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isBlank() || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an absolute https URL";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials in the URL";
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (scheme.equals("http") && !httpAllowed(bareHost)) {
            return "must use https (plain http is allowed only for hosts the operator lists in tokenledger.notifier.targets.http-allowed-hosts)";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            return "names a host that does not resolve";
        }
        for (InetAddress a : addresses) {
            String refused = refusal(a);
            if (refused != null) {
                return "resolves to " + a.getHostAddress() + ", " + refused;
            }
        }
        return null;
    }

    private String refusal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return config.targets().allowLoopback() ? null : "a loopback address, which is not allowed";
        }
        boolean uniqueLocalV6 = a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
        boolean isPrivate = a.isSiteLocalAddress() || uniqueLocalV6 || isCarrierGrade(a);
        if (a.isLinkLocalAddress() || isPrivate || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return config.targets().allowPrivate() && !a.isAnyLocalAddress() && !a.isMulticastAddress() ? null
                    : "a private, link-local or unspecified address, which is not allowed";
        }
        return null;
    }

    private static boolean isCarrierGrade(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10
    }

    private boolean httpAllowed(String host) {
        List<String> hosts = config.targets().httpAllowedHosts().orElse(List.of());
        return hosts.stream().anyMatch(h -> h.trim().equalsIgnoreCase(host));
    }
}
