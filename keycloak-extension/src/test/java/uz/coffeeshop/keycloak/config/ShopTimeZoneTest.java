package uz.coffeeshop.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ShopTimeZoneTest {

    @Test
    void parsesAConfiguredZone() {
        assertThat(ShopTimeZone.parse(" Europe/Berlin ")).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void fallsBackToTashkentWhenBlankOrUnknown() {
        assertThat(ShopTimeZone.parse(null)).isEqualTo(ZoneId.of("Asia/Tashkent"));
        assertThat(ShopTimeZone.parse("  ")).isEqualTo(ZoneId.of("Asia/Tashkent"));
        assertThat(ShopTimeZone.parse("Mars/Olympus_Mons")).isEqualTo(ZoneId.of("Asia/Tashkent"));
    }
}
