package com.wholesaleos.platform.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromedriver, which .ci/run installs) driven through Selenium, for the
 * console's browser tests. Flags: no sandbox (root), no background networking (this machine's network is closed), a
 * fresh profile. Screenshots go to target/screenshots/ for review.
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("wos.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("wos.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    public final ChromeDriver driver;
    private final String base;
    private final Path profile;

    public ConsoleBrowser(String baseUrl) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        this.base = baseUrl;
        this.profile = Files.createTempDirectory("wos-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    public void open(String path) { driver.get(base + path); }

    public void signIn(String name, String password) {
        // Leave the last page first (a navigation it started, a form's redirect, must not land after the sign-in page),
        // then start without cookies: a new session and its CSRF token come with the sign-in page.
        driver.get("about:blank");
        driver.manage().deleteAllCookies();
        open("/sign-in");
        waitFor(d -> !d.findElements(By.id("name")).isEmpty());
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        waitFor(d -> !d.getCurrentUrl().contains("/sign-in") || !d.findElement(By.id("sign-in-error")).getText().isEmpty());
    }

    public <T> T waitFor(Function<WebDriver, T> condition) { return waitFor(Duration.ofMinutes(2), condition); }

    public <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(d -> {
                try {
                    T v = condition.apply(d);
                    return v instanceof Boolean b && !b ? null : v;
                } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                    return null;
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited " + timeout + " on " + driver.getCurrentUrl() + "; the page's errors: " + driver.findElements(By.cssSelector(".error"))
                    .stream().map(WebElement::getText).filter(t -> !t.isBlank()).toList() + "; its console: " + consoleLog(), e);
        }
    }

    private List<String> consoleLog() {
        try {
            return driver.manage().logs().get("browser").getAll().stream().map(l -> l.getLevel() + " " + l.getMessage()).toList();
        } catch (RuntimeException e) {
            return List.of("(no browser log: " + e.getMessage() + ")");
        }
    }

    public String text(String id) { return driver.findElement(By.id(id)).getText(); }

    public List<WebElement> all(String css) { return driver.findElements(By.cssSelector(css)); }

    public Object script(String js, Object... args) { return driver.executeScript(js, args); }

    /** Saves what the browser shows as target/screenshots/NAME.png. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path to = SCREENSHOTS.resolve(name + ".png");
        // The whole page, not just the window: grow the window to the page's height for the shot.
        org.openqa.selenium.Dimension window = driver.manage().window().getSize();
        long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(window.getWidth(), (int) Math.min(6000, Math.max(window.getHeight(), height + 100))));
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(window);
        }
        return to;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
