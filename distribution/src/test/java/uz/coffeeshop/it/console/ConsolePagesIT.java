package uz.coffeeshop.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import uz.coffeeshop.it.pages.Browser;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.Http;

/**
 * The coffee shop's place for admins, in a real Chromium: the admin of the coffee-shop realm (made by {@code
 * COFFEE_ADMIN_*}) logs in to Keycloak's admin console, follows the place's link from the console's client list, and
 * works there without logging in again; a user with only {@code users:read} gets none of the actions. Screenshots of
 * each page at desktop and phone width go to {@code target/screenshots/console-*}.
 */
@CoffeeStackTest
@ExtendWith(ConsoleShopExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePagesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private CoffeeStack stack;
    private ConsoleShop shop;

    @BeforeAll
    void start(CoffeeStack stack, ConsoleShop shop) {
        this.stack = stack;
        this.shop = shop;
    }

    /** Logs in to the realm's admin console as the coffee-shop admin and opens the place from its client list. */
    private void openThePlaceFromTheConsole(Browser browser) {
        browser.open(shop.node.baseUrl().resolve("/admin/coffee-shop/console/").toString());
        browser.type("username", ConsoleShop.ADMIN_EMAIL);
        browser.type("password", ConsoleShop.ADMIN_PASSWORD);
        browser.submit(By.id("kc-login"));
        browser.awaitUrlStartingWith(
                shop.node.baseUrl().resolve("/admin/coffee-shop/console/").toString());
        browser.open(shop.node
                .baseUrl()
                .resolve("/admin/coffee-shop/console/#/coffee-shop/clients")
                .toString());
        WebElement home = browser.find(By.cssSelector("a[href*='/realms/coffee-shop/coffee/console/']"));
        String place = home.getAttribute("href");
        assertThat(place).isEqualTo(shop.page().toString());
        browser.open(place);
        browser.find(By.cssSelector("body[data-ready='settings']"));
    }

    private long policyLifetime() {
        return Http.get(shop.api("/admin/cleanup"), shop.adminToken())
                .json()
                .path("policy")
                .path("lifetimeMinutes")
                .asLong();
    }

    @Test
    void theAdminChangesTheLifetimeFromTheConsoleAndTheCleanupsPolicyHasIt() {
        shop.cleanupSettings(true, null, 1440, false);
        try (Browser browser = Browser.start()) {
            openThePlaceFromTheConsole(browser);
            assertThat(browser.text()).contains("Coffee shop", ConsoleShop.ADMIN_EMAIL);

            browser.type("lifetimeMinutes", "2345");
            browser.submit(By.id("save-settings"));
            browser.awaitText("Saved.");

            assertThat(policyLifetime()).isEqualTo(2345);
            browser.screenshots("console-settings");

            browser.type("lifetimeMinutes", "0");
            browser.submit(By.id("save-settings"));
            WebElement error = browser.find(By.id("lifetimeMinutes-error"));
            assertThat(error.getText()).contains("must be a whole number of minutes >= 1");
            assertThat(browser.find(By.id("lifetimeMinutes")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            assertThat(policyLifetime()).as("nothing saved").isEqualTo(2345);
            browser.screenshots("console-settings-error");

            browser.select("language", "uz");
            browser.awaitText("Tozalash sozlamalari");
            browser.screenshots("console-settings-uz");
            browser.select("language", "ru");
            browser.awaitText("Настройки очистки");
            browser.select("language", "en");
            browser.awaitText("Cleanup settings");
        }
    }

    @Test
    void aLifetimeStoredAroundTheApiThatTheCleanupIgnoresIsSaidAtItsField() {
        shop.cleanupSettings(true, null, 1440, false);
        shop.storeAttributeAroundTheApi("coffee.cleanup.lifetimeMinutes", "0");
        try (Browser browser = Browser.start()) {
            openThePlaceFromTheConsole(browser);

            assertThat(browser.find(By.id("lifetimeMinutes-help")).getText())
                    .contains("“0”", "the cleanup ignores", "must be a whole number of minutes >= 1");
            assertThat(browser.find(By.id("lifetimeMinutes")).getAttribute("value"))
                    .isEmpty();
        } finally {
            shop.cleanupSettings(true, null, 1440, false);
        }
    }

    @Test
    void aPreviewOfTheNextRunListsTheDueUserWithItsConsolePageAndDeletesNothing() {
        String email = "due-" + System.nanoTime() + "@example.com";
        String id = shop.signedUpAgo(email, Duration.ofDays(3));
        shop.cleanupSettings(true, 60L, 0, true);
        try (Browser browser = Browser.start()) {
            openThePlaceFromTheConsole(browser);
            browser.open(shop.page() + "#runs");
            browser.find(By.cssSelector("body[data-ready='runs']"));

            browser.submit(By.id("preview"));

            WebElement user = browser.find(By.cssSelector("tr[data-user='" + id + "'] a"));
            assertThat(user.getText()).isEqualTo(email);
            assertThat(user.getAttribute("href"))
                    .endsWith("/admin/coffee-shop/console/#/coffee-shop/users/" + id + "/settings");
            assertThat(browser.text()).contains("would delete");
            WebElement lastRun = browser.find(By.cssSelector("#history-table tbody tr"));
            assertThat(lastRun.getText()).contains("by an admin", "dry run");
            browser.screenshots("console-runs");
        }
        assertThat(shop.admin.send("GET", "/users/" + id, null).status())
                .as("a preview deletes nobody")
                .isEqualTo(200);
    }

    @Test
    void aRunFromThePageAnswersAtOnceThenShowsItsReportWithTheDeletedUser() {
        String email = "run-due-" + System.nanoTime() + "@example.com";
        String id = shop.signedUpAgo(email, Duration.ofDays(3));
        shop.cleanupSettings(true, 60L, 0, false);
        try (Browser browser = Browser.start()) {
            openThePlaceFromTheConsole(browser);
            browser.open(shop.page() + "#runs");
            browser.find(By.cssSelector("body[data-ready='runs']"));

            browser.submit(By.id("run-now"));
            browser.submit(By.id("run-confirm-yes"));

            // The run answers its report when it ends; the page shows it.
            WebElement user = browser.find(By.cssSelector("tr[data-user='" + id + "']"));
            assertThat(user.getText()).contains(email, "delete");
            assertThat(browser.text()).contains("This run", "deleted");
        }
        assertThat(shop.admin.send("GET", "/users/" + id, null).status())
                .as("the run deleted the due user")
                .isEqualTo(404);
    }

    @Test
    void aDeadMailRetriedFromThePageArrivesAtTheSmtpServer() {
        shop.smtpTo(FreePort.next());
        String email = "dead-" + System.nanoTime() + "@example.com";
        Http.Response signedUp = Http.send(HttpRequest.newBuilder(shop.api("/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(Map.of("email", email, "password", ConsoleShop.PASSWORD))));
        assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
        String id = Await.until(() -> deadMailId(email), found -> found != null, Duration.ofMillis(500), WAIT);
        shop.smtpTo(stack.mailbox().smtpPort());
        try (Browser browser = Browser.start()) {
            openThePlaceFromTheConsole(browser);
            browser.open(shop.page() + "#mail");
            browser.find(By.cssSelector("body[data-ready='mail']"));
            WebElement retry = browser.find(By.cssSelector("button[data-retry='" + id + "']"));
            assertThat(browser.find(By.cssSelector("tr[data-mail='" + id + "']"))
                            .getText())
                    .contains(email, "Confirm your e-mail address");
            assertThat(Long.parseLong(browser.find(By.cssSelector("#count-dead .coffee-count-value"))
                            .getText()))
                    .isPositive();
            browser.screenshots("console-mail");

            retry.click();

            browser.awaitText("Queued again");
            stack.mailbox().awaitMessage(email, "Confirm your e-mail address", WAIT);
        }
    }

    private String deadMailId(String email) {
        for (JsonNode mail :
                Http.get(shop.api("/admin/mail/dead"), shop.adminToken()).json().path("mails")) {
            if (email.equals(mail.path("recipient").asText())) {
                return mail.path("id").asText();
            }
        }
        return null;
    }

    @Test
    void aUserWithOnlyUsersReadSeesNoneOfTheActions() {
        String email = "reader-" + System.nanoTime() + "@coffee-shop.test";
        shop.userWith(email, "users:read");
        try (Browser browser = Browser.start()) {
            browser.open(shop.page().toString());
            browser.type("username", email);
            browser.type("password", ConsoleShop.PASSWORD);
            browser.submit(By.id("kc-login"));
            browser.find(By.cssSelector("body[data-ready='settings']"));

            assertThat(browser.find(By.id("settings-denied")).getText()).contains("cleanup:run");
            assertThat(browser.isShown("save-settings")).isFalse();
            browser.screenshots("console-read-only");
            browser.open(shop.page() + "#runs");
            browser.find(By.cssSelector("body[data-ready='runs']"));
            assertThat(browser.isShown("preview")).isFalse();
            assertThat(browser.isShown("run-now")).isFalse();
            browser.open(shop.page() + "#mail");
            browser.find(By.cssSelector("body[data-ready='mail']"));
            assertThat(browser.find(By.id("mail-denied")).getText()).contains("mail:read");
            assertThat(browser.findAll(By.cssSelector("button[data-retry]"))).isEmpty();
        }
    }
}
