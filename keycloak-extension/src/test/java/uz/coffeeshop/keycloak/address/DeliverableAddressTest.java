package uz.coffeeshop.keycloak.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeliverableAddressTest {

    @ParameterizedTest
    @CsvSource({
        "x@localhost, localhost",
        "x@LOCALHOST, localhost",
        "x@mail.localhost, localhost",
        "a@[127.0.0.1], ip-literal",
        "a@[IPv6:::1], ip-literal",
        "a@127.0.0.1, ip-literal",
        "a@b, dotless",
        "a@b., dotless",
        "a@.com, dotless"
    })
    void refusesAnAddressNobodyCanOwnNamingTheRule(String address, String rule) {
        assertThat(DeliverableAddress.brokenRule(address))
                .map(DeliverableAddress.Rule::name)
                .contains(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.c\u0000", "a\t@example.com", "a@example.com\n", "a\u0085@example.com"})
    void refusesAnyControlCharacter(String address) {
        assertThat(DeliverableAddress.brokenRule(address))
                .map(DeliverableAddress.Rule::name)
                .contains("control-character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "a.b+c@mail.example.co.uz", "x@xn--80ak6aa92e.com", "no-at-sign"})
    void acceptsWhatCanBeDeliveredAndLeavesTheSyntaxToKeycloak(String address) {
        assertThat(DeliverableAddress.brokenRule(address)).isEmpty();
    }
}
