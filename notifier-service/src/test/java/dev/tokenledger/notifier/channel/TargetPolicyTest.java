package dev.tokenledger.notifier.channel;

import dev.tokenledger.notifier.config.NotifierConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSRF rules with the production defaults (nothing allowed) and with the test configuration (loopback over http). */
class TargetPolicyTest {

    static TargetPolicy policy(boolean loopback, boolean privateNets, List<String> httpHosts) {
        TargetPolicy p = new TargetPolicy();
        p.config = new NotifierConfig() {
            public Delivery delivery() {
                throw new UnsupportedOperationException();
            }

            public Targets targets() {
                return new Targets() {
                    public Optional<List<String>> httpAllowedHosts() {
                        return Optional.of(httpHosts);
                    }

                    public boolean allowLoopback() {
                        return loopback;
                    }

                    public boolean allowPrivate() {
                        return privateNets;
                    }
                };
            }
        };
        return p;
    }

    @Test
    void productionDefaultsRefuseHttpLoopbackPrivateAndLinkLocal() {
        TargetPolicy p = policy(false, false, List.of());
        assertTrue(p.refusal("http://93.184.216.34/hook").contains("https"));
        for (String url : List.of("https://127.0.0.1/", "https://[::1]/", "https://localhost/x")) {
            assertTrue(p.refusal(url).contains("loopback"), url);
        }
        for (String url : List.of("https://10.0.0.1/", "https://172.16.5.4/", "https://192.168.1.1/", "https://169.254.169.254/latest",
                "https://[fe80::1]/", "https://[fd00::1]/", "https://100.64.0.1/", "https://[::a9fe:a9fe]/latest",
                "https://[64:ff9b::a9fe:a9fe]/latest")) {
            assertTrue(p.refusal(url).contains("private"), url);
        }
        // IPv6 forms of loopback are loopback
        for (String url : List.of("https://[::127.0.0.1]/", "https://[2002:7f00:1::]/", "https://[64:ff9b::7f00:1]/")) {
            assertTrue(p.refusal(url).contains("loopback"), url);
        }
        assertTrue(p.refusal("https://0.0.0.0/").contains("an unspecified address"));
        assertTrue(p.refusal("https://255.255.255.255/").contains("a broadcast address"));
        assertTrue(p.refusal("https://192.0.2.1/").contains("a reserved address"));
        assertTrue(p.refusal("https://[ff02::1]/").contains("a multicast address"));
        assertTrue(p.refusal("ftp://93.184.216.34/").contains("https"));
        assertTrue(p.refusal("not a url").length() > 0);
        assertNull(p.refusal("https://93.184.216.34/hook"), "a public address over https");
    }

    @Test
    void configurationCanAllowLoopbackAndHttpForListedHosts() {
        TargetPolicy p = policy(true, false, List.of("127.0.0.1"));
        assertNull(p.refusal("http://127.0.0.1:8080/hook"));
        assertTrue(p.refusal("http://localhost:8080/hook").contains("https"), "http only for the listed host");
        assertTrue(p.refusal("https://10.0.0.1/").contains("private"), "private stays refused");
        assertNull(policy(false, true, List.of()).refusal("https://10.0.0.1/"));
    }
}
