package uz.coffeeshop.it.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: both paths are given, so Selenium Manager never
 * looks for (or downloads) a browser. Background networking is off because this machine's network refuses most
 * connections and Chromium would otherwise keep trying. Each browser gets a fresh profile directory.
 */
public final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of(System.getProperty("coffee.screenshots.dir", "target/screenshots"));

    private static final String CHROMIUM = System.getProperty("coffee.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("coffee.chromedriver", "/usr/bin/chromedriver");
    private static final int DESKTOP_WIDTH = 1280;
    private static final int DESKTOP_HEIGHT = 900;
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        Path profile;
        try {
            profile = Files.createTempDirectory("coffee-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=en-US",
                "--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, profile);
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The visible text of the page's body. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String heading() {
        return driver.findElement(By.id("kc-page-title")).getText().trim();
    }

    /** Waits for a visible element; when it never comes, the page is kept as {@code failed-*.html/jpg}. */
    public WebElement find(By by) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            keepFailedPage();
            throw e;
        }
    }

    private void keepFailedPage() {
        String name = "failed-" + System.nanoTime();
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
            save(name + ".jpg");
            System.err.println("[coffee-it] page kept as " + SCREENSHOTS.resolve(name + ".html") + " (" + url() + ")");
        } catch (IOException | RuntimeException e) {
            System.err.println("[coffee-it] could not keep the failed page: " + e);
        }
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** Types into a field; a page that re-renders it meanwhile (a stale element) gets a second and third try. */
    public void type(String id, String value) {
        for (int attempt = 1; ; attempt++) {
            try {
                WebElement field = find(By.id(id));
                field.clear();
                field.sendKeys(value);
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Clicks; a page that re-renders the button while loading gets a second and third try. */
    public void submit(By button) {
        for (int attempt = 1; ; attempt++) {
            try {
                find(button).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public void awaitUrlStartingWith(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(d -> d.getCurrentUrl().startsWith(prefix));
    }

    /** Waits until the page says {@code part}, across page loads; when it never does, the page is kept. */
    public void awaitText(String part) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.tagName("body")).getText().contains(part));
        } catch (org.openqa.selenium.TimeoutException e) {
            keepFailedPage();
            throw new AssertionError("the page never said '" + part + "'; it says: " + text(), e);
        }
    }

    /** The stylesheets the page loads: how a test tells a coffee-shop page from Keycloak's plain one. */
    List<String> stylesheets() {
        return driver.findElements(By.cssSelector("link[rel=stylesheet]")).stream()
                .map(link -> link.getAttribute("href"))
                .toList();
    }

    /** Chooses {@code value} in the select element {@code id}, as a user picks an option. */
    public void select(String id, String value) {
        new org.openqa.selenium.support.ui.Select(find(By.id(id))).selectByValue(value);
    }

    /** Whether the element {@code id} is on the page and visible (false when absent or hidden). */
    public boolean isShown(String id) {
        return driver.findElements(By.id(id)).stream().anyMatch(WebElement::isDisplayed);
    }

    void deleteCookies() {
        driver.manage().deleteAllCookies();
    }

    /** Saves the page as {@code <name>-desktop.jpg} and, emulating a phone, {@code <name>-phone.jpg}. */
    public void screenshots(String name) {
        save(name + "-desktop.jpg");
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT, "deviceScaleFactor", 2, "mobile", true));
        try {
            assertNoSidewaysScrolling(name);
            save(name + "-phone.jpg");
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** On a phone the page must fit its width: sideways scrolling is the usual way a layout breaks there. */
    private void assertNoSidewaysScrolling(String name) {
        Object overflow = driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        if (overflow instanceof Number pixels && pixels.longValue() > 0) {
            throw new AssertionError(name + " scrolls sideways on a phone by " + pixels + " px");
        }
    }

    /** JPEG from Chromium itself (quality 85): a tenth of a PNG's size for the gradients of these pages. */
    private void save(String file) {
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "jpeg", "quality", 85, "captureBeyondViewport", false));
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(file), java.util.Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[coffee-it] could not delete " + directory + ": " + e);
        }
    }
}
