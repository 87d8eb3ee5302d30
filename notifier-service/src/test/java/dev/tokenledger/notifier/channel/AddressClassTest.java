package dev.tokenledger.notifier.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressClassTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "8.8.8.8, PUBLIC",
            "2606:4700::1111, PUBLIC",
            // NAT64 and 6to4 of a public address are public
            "64:ff9b::808:808, PUBLIC",
            "2002:808:808::1, PUBLIC",
            "127.0.0.1, LOOPBACK",
            "::1, LOOPBACK",
            // IPv6 forms that carry a refused IPv4 address are that address
            "::127.0.0.1, LOOPBACK",
            "::ffff:127.0.0.1, LOOPBACK",
            "64:ff9b::7f00:1, LOOPBACK",
            "2002:7f00:1::, LOOPBACK",
            "::a9fe:a9fe, LINK_LOCAL",
            "64:ff9b::a9fe:a9fe, LINK_LOCAL",
            "169.254.169.254, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "10.0.0.1, PRIVATE",
            "172.16.5.4, PRIVATE",
            "192.168.1.1, PRIVATE",
            "100.64.0.1, PRIVATE",
            "fd00::1, PRIVATE",
            "::ffff:10.1.2.3, PRIVATE",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            "::, UNSPECIFIED",
            "224.0.0.1, MULTICAST",
            "ff02::1, MULTICAST",
            "255.255.255.255, BROADCAST",
            "192.0.2.1, RESERVED",
            "198.18.0.1, RESERVED",
            "203.0.113.9, RESERVED",
            "240.0.0.1, RESERVED",
            "192.0.0.8, RESERVED",
            "2001:db8::1, RESERVED",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
            "64:ff9b:1::1, RESERVED",
            "100::1, RESERVED",
    })
    void addressesAreClassedByTheirBitsAndTheIpv4AddressTheyCarry(String literal, AddressClass expected) throws Exception {
        assertEquals(expected, AddressClass.ofLiteral(literal));
    }
}
