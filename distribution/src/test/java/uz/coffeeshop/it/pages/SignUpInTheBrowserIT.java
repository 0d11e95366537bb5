package uz.coffeeshop.it.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Mailbox;

/**
 * The coffee-shop pages in a real browser (Debian's Chromium) against the real Keycloak and a real SMTP server:
 * sign-up, the verification mail and its link, the PKCE login of {@code coffee-web}, and the ways this goes
 * wrong. Each page is saved at desktop and phone width under {@code target/screenshots/}.
 */
@CoffeeStackTest
class SignUpInTheBrowserIT {

    private static final Duration MAIL = Duration.ofSeconds(60);
    private static final String PASSWORD = "a fine cup of coffee";
    private static final String ACTION_TOKEN = "/login-actions/action-token";

    @Test
    void personSignsUpVerifiesTheAddressByMailAndLogsInWithPkce(CoffeeStack stack) throws Exception {
        String email = "ada-" + System.nanoTime() + "@example.com";
        try (Browser browser = Browser.start();
                WebApp app = WebApp.start()) {
            PkceLogin login = PkceLogin.start(stack.keycloak());
            browser.open(login.authorizationUrl());
            assertCoffeeShopPage(browser);
            assertThat(browser.heading()).isEqualTo("Sign in to Coffee Shop");
            browser.screenshots("sign-in");

            browser.find(By.linkText("Create account")).click();
            assertThat(browser.heading()).isEqualTo("Create your Coffee Shop account");
            browser.type("email", email);
            browser.type("password", PASSWORD);
            browser.type("password-confirm", PASSWORD);
            browser.type("firstName", "Ada");
            browser.type("lastName", "Lovelace");
            browser.screenshots("sign-up");
            browser.submit(By.cssSelector("#kc-register-form [type=submit]"));

            browser.awaitText("We have sent a link to " + email);
            assertThat(browser.heading()).isEqualTo("Check your e-mail");
            browser.screenshots("verify-email-notice");

            MimeMessage mail = stack.mailbox().awaitMessage(email, "Confirm your e-mail address", MAIL);
            assertVerificationMail(stack, browser, mail);
            String link = Mailbox.link(mail, ACTION_TOKEN);

            // The person opens the link from the mail client: another browser session than the sign-up's.
            browser.deleteCookies();
            browser.open(link);
            confirmIfAsked(browser, "verify-email-confirm");
            browser.awaitText("Your e-mail address is confirmed");
            assertCoffeeShopPage(browser);
            browser.screenshots("email-verified");
            String userId = userIdOf(stack, email);
            assertThat(new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM)
                            .user(userId)
                            .path("emailVerified")
                            .asBoolean())
                    .isTrue();

            // Keycloak's verify-e-mail tokens stay valid until they expire; a second use changes nothing and
            // says so on a themed page (no session, no tokens).
            browser.deleteCookies();
            browser.open(link);
            confirmIfAsked(browser, null);
            browser.awaitText("confirmed already");
            assertCoffeeShopPage(browser);
            browser.screenshots("link-reused");

            browser.deleteCookies();
            browser.open(login.authorizationUrl());
            browser.type("username", email.toUpperCase());
            browser.type("password", PASSWORD);
            browser.submit(By.id("kc-login"));

            Map<String, String> callback = app.awaitCallback(Duration.ofSeconds(60));
            assertThat(callback).containsEntry("state", login.state()).containsKey("code");
            String code = callback.get("code");

            Http.Response tokens = login.exchange(code, true);
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            JsonNode access = claims(tokens.json().path("access_token").asText());
            assertThat(access.path("aud").toString()).contains("\"coffee-api\"");
            assertThat(access.path("typ").asText()).isEqualTo("Bearer");
            assertThat(access.path("azp").asText()).isEqualTo("coffee-web");
            assertThat(access.path("email").asText()).isEqualTo(email);
            assertThat(access.path("email_verified").asBoolean()).isTrue();
            assertThat(access.path("sub").asText()).isEqualTo(userId);
            assertThat(access.path("realm_access").path("roles").toString())
                    .contains("\"user\"")
                    .doesNotContain("\"admin\"");
            assertThat(tokens.json().path("refresh_token").asText()).isNotBlank();

            Http.Response replayed = login.exchange(code, true);
            assertThat(replayed.status()).as("a code used twice").isEqualTo(400);

            // An attacker with a fresh code but without its PKCE verifier gets nothing (the browser is still
            // signed in, so this second login needs no form).
            PkceLogin second = PkceLogin.start(stack.keycloak());
            browser.open(second.authorizationUrl());
            Map<String, String> secondCallback = app.awaitCallback(Duration.ofSeconds(60));
            assertThat(secondCallback).containsEntry("state", second.state());
            Http.Response stolen = second.exchange(secondCallback.get("code"), false);
            assertThat(stolen.status()).as("a code without its PKCE verifier").isEqualTo(400);
            assertThat(stolen.json().path("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void signUpWithAnExistingEmailInAnyCaseGetsAClearMessage(CoffeeStack stack) {
        String email = "taken-" + System.nanoTime() + "@example.com";
        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).createUser(email, PASSWORD, true);
        try (Browser browser = Browser.start()) {
            openSignUp(stack, browser, null);
            browser.type("email", "Taken-" + email.substring("taken-".length()).toUpperCase());
            browser.type("password", PASSWORD);
            browser.type("password-confirm", PASSWORD);
            browser.submit(By.cssSelector("#kc-register-form [type=submit]"));

            browser.awaitText("An account with this e-mail address exists already");
            assertThat(browser.find(By.id("email")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            assertCoffeeShopPage(browser);
            browser.screenshots("sign-up-email-taken");
        }
        awaitALaterMail(stack);
        assertThat(stack.mailbox().messagesTo(email))
                .as("no mail to the owner of the address")
                .isEmpty();
    }

    @Test
    void signUpWithAWeakPasswordIsRefusedWithThePolicyMessage(CoffeeStack stack) {
        String email = "weak-" + System.nanoTime() + "@example.com";
        try (Browser browser = Browser.start()) {
            openSignUp(stack, browser, null);
            browser.type("email", email);
            browser.type("password", "espresso");
            browser.type("password-confirm", "espresso");
            browser.submit(By.cssSelector("#kc-register-form [type=submit]"));
            browser.awaitText("Your password is too short: use at least 12 characters.");
            assertCoffeeShopPage(browser);
            browser.screenshots("sign-up-weak-password");

            browser.type("email", email);
            browser.type("password", email);
            browser.type("password-confirm", email);
            browser.submit(By.cssSelector("#kc-register-form [type=submit]"));
            browser.awaitText("Your password must not be your e-mail address.");
        }
        assertThat(Http.get(
                                stack.keycloak()
                                        .baseUrl()
                                        .resolve("/admin/realms/coffee-shop/users?exact=true&email=" + email),
                                new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).token())
                        .json())
                .as("no account was created")
                .isEmpty();
    }

    @Test
    void expiredVerificationLinkGetsTheThemedErrorPage(CoffeeStack stack) {
        String email = "late-" + System.nanoTime() + "@example.com";
        KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM);
        String userId = admin.createUser(email, PASSWORD, false);
        // A link of two minutes, through the admin API's own lifespan parameter of send-verify-email: long enough for
        // the outbox to deliver it (it drops mails whose link died before delivery). Then Keycloak's clock moves past
        // its end, instead of the test waiting for it.
        long lifespanSeconds = 120;
        Http.Response sent =
                admin.send("PUT", "/users/" + userId + "/send-verify-email?lifespan=" + lifespanSeconds, null);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(204);
        String link =
                Mailbox.link(stack.mailbox().awaitMessage(email, "Confirm your e-mail address", MAIL), ACTION_TOKEN);
        stack.clock().setAhead(Duration.ofSeconds(lifespanSeconds + 2));

        try (Browser browser = Browser.start()) {
            browser.open(link);
            browser.awaitText("This link has expired");
            assertCoffeeShopPage(browser);
            assertThat(browser.heading()).isEqualTo("Sorry, that did not work");
            browser.screenshots("link-expired");
        } finally {
            stack.clock().reset();
        }
        assertThat(admin.user(userId).path("emailVerified").asBoolean()).isFalse();
    }

    @Test
    void forgottenPasswordSendsAResetLinkWithItsDeadlineInTheShopZone(CoffeeStack stack) throws Exception {
        String email = "forgetful-" + System.nanoTime() + "@example.com";
        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).createUser(email, PASSWORD, true);
        try (Browser browser = Browser.start()) {
            browser.open(PkceLogin.start(stack.keycloak()).authorizationUrl());
            browser.find(By.linkText("Forgot password?")).click();
            assertThat(browser.heading()).isEqualTo("Forgot your password?");
            browser.type("username", email);
            browser.screenshots("reset-password");
            browser.submit(By.cssSelector("#kc-reset-password-form [type=submit]"));
            browser.awaitText("If an account with this address exists");
            browser.screenshots("reset-password-sent");

            MimeMessage mail = stack.mailbox().awaitMessage(email, "Reset your password", MAIL);
            for (String part : new String[] {MailParts.html(mail), MailParts.plain(mail)}) {
                assertThat(part).contains("Choose a new password").contains("(Asia/Tashkent, UTC+05:00)");
            }
            assertThat(Mailbox.link(mail, ACTION_TOKEN))
                    .startsWith(stack.keycloak().baseUrl().toString());
            show(browser, "mail-password-reset", MailParts.html(mail));
        }
    }

    @Test
    void pagesSpeakUzbekAndRussian(CoffeeStack stack) {
        try (Browser browser = Browser.start()) {
            browser.open(PkceLogin.start(stack.keycloak()).authorizationUrl("uz"));
            assertThat(browser.heading()).isEqualTo("Coffee Shop ga kirish");
            assertThat(browser.find(By.cssSelector("label[for=username]")).getText())
                    .contains("Elektron pochta");
            browser.screenshots("sign-in-uz");

            openSignUp(stack, browser, "ru");
            assertThat(browser.heading()).isEqualTo("Создайте аккаунт Coffee Shop");
            browser.screenshots("sign-up-ru");
        }
    }

    private static void assertVerificationMail(CoffeeStack stack, Browser browser, MimeMessage mail)
            throws IOException {
        String html = MailParts.html(mail);
        String plain = MailParts.plain(mail);
        for (String part : new String[] {html, plain}) {
            assertThat(part)
                    .contains("Hello, Ada!")
                    .contains("Confirm my e-mail address")
                    .contains("(Asia/Tashkent, UTC+05:00)")
                    .contains("(1 day from now)");
        }
        assertThat(html).contains("lang=\"en\"");
        show(browser, "mail-verification", html);
    }

    /** Renders a mail's HTML in the browser for its screenshots, then comes back (the session's cookies stay). */
    private static void show(Browser browser, String name, String html) throws IOException {
        String back = browser.url();
        Files.createDirectories(Browser.SCREENSHOTS);
        Path file = Browser.SCREENSHOTS.resolve(name + ".html").toAbsolutePath();
        Files.writeString(file, html, StandardCharsets.UTF_8);
        browser.open(file.toUri().toString());
        browser.screenshots(name);
        browser.open(back);
    }

    /**
     * Waits for the delivery of a mail queued now: the outbox sends oldest first, so a mail the form had queued
     * before would have come by then.
     */
    private static void awaitALaterMail(CoffeeStack stack) {
        String later = "later-" + System.nanoTime() + "@example.com";
        KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM);
        String id = admin.createUser(later, PASSWORD, false);
        Http.Response sent = admin.send("PUT", "/users/" + id + "/send-verify-email", null);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(204);
        stack.mailbox().awaitMessage(later, "Confirm your e-mail address", MAIL);
    }

    private static void openSignUp(CoffeeStack stack, Browser browser, String locale) {
        browser.open(PkceLogin.start(stack.keycloak()).authorizationUrl(locale));
        browser.find(By.cssSelector("a[href*='registration']")).click();
        browser.find(By.id("kc-register-form"));
    }

    /** Opened without the sign-up's session, Keycloak first asks to confirm the address (links get prefetched). */
    private static void confirmIfAsked(Browser browser, String screenshot) {
        browser.find(By.id("kc-page-title"));
        if (browser.text().contains("Continue to confirm it")) {
            if (screenshot != null) {
                browser.screenshots(screenshot);
            }
            browser.find(By.partialLinkText("Continue")).click();
        }
    }

    private static void assertCoffeeShopPage(Browser browser) {
        assertThat(browser.stylesheets()).anyMatch(href -> href.endsWith("/css/coffee.css"));
        assertThat(browser.findAll(By.id("kc-header-wrapper"))).isNotEmpty();
    }

    private static String userIdOf(CoffeeStack stack, String email) {
        JsonNode users = Http.get(
                        stack.keycloak().baseUrl().resolve("/admin/realms/coffee-shop/users?exact=true&email=" + email),
                        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).token())
                .json();
        assertThat(users).hasSize(1);
        return users.get(0).path("id").asText();
    }

    private static JsonNode claims(String jwt) throws IOException {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
