package dev.patkit.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by Selenium through Debian's chromedriver (never a downloaded one), for the
 * browser tests. Needs the Debian packages {@code chromium} and {@code chromium-driver}: without them a test fails
 * when {@code CI=true} or {@code PATKIT_REQUIRE_DATABASES=true} (a run that must test everything), and is skipped
 * elsewhere.
 */
final class TestChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int WIDTH = 1200;

    final WebDriver driver;
    final WebDriverWait wait;

    private TestChromium(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    /** Starts the browser, or fails or skips the test when Chromium is missing (see the class comment). */
    static TestChromium start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))
                    || "true".equalsIgnoreCase(System.getenv("PATKIT_REQUIRE_DATABASES"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        // Point Selenium at Debian's driver and browser, so that Selenium Manager never looks for (or downloads) one.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=" + WIDTH + ",900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new TestChromium(driver);
    }

    /** Signs in with the login form and waits for the tokens page. */
    void signIn(URI base, String user, String password) {
        driver.get(base + SettingsPage.PATH);
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlToBe(base + SettingsPage.PATH));
    }

    /**
     * Saves a screenshot of the whole page as {@code demo/docs/<name>.png}, where the README shows it, and answers
     * its bytes.
     */
    byte[] screenshot(String name) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        int page = ((Number) js.executeScript("return document.documentElement.scrollHeight")).intValue();
        int viewport = ((Number) js.executeScript("return window.innerHeight")).intValue();
        int window = driver.manage().window().getSize().getHeight();
        driver.manage().window().setSize(new Dimension(WIDTH, page + window - viewport));
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path docs = Path.of(System.getProperty("basedir", ".")).resolve("docs");
        try {
            Files.createDirectories(docs);
            Files.write(docs.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver.manage().window().setSize(new Dimension(WIDTH, 900));
        return png;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
