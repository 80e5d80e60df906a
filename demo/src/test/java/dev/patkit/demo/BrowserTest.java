package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The settings page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's chromedriver
 * (never a downloaded one). Log in, create a token, read it from the page, call the API with it, revoke it on the
 * page, and see the API refuse it.
 *
 * <p>Needs the Debian packages {@code chromium} and {@code chromium-driver}. Without them the test fails in CI
 * ({@code CI=true}) and is skipped elsewhere.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private TestDemo demo;
    private WebDriver browser;

    @BeforeEach
    void start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        // Point Selenium at Debian's driver and browser, so that Selenium Manager never looks for (or downloads) one.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        demo = TestDemo.start();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void createUseAndRevokeATokenOnThePage() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));

        browser.get(demo.base + "/_settings/tokens");
        wait.until(ExpectedConditions.urlToBe(demo.base + "/login"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlToBe(demo.base + "/_settings/tokens"));
        assertThat(browser.findElement(By.id("current-user")).getText()).isEqualTo("alice");
        assertThat(browser.findElements(By.id("no-tokens"))).hasSize(1);

        browser.findElement(By.id("name")).sendKeys("from the browser");
        browser.findElement(By.id("create")).click();
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        String token = field.getDomProperty("value");
        assertThat(token).matches("pat_[0-9A-Za-z]{50}");
        assertThat(browser.findElement(By.id("new-token-box")).getText()).contains("Store it now");
        WebElement copy = browser.findElement(By.id("copy-token"));
        copy.click();
        // app.js ran under the page's CSP: either the clipboard took the token or the field was selected for Ctrl+C.
        wait.until(d -> !d.findElement(By.id("copy-token")).getText().equals("Copy"));
        assertThat(copy.getText()).isIn("Copied", "Press Ctrl+C");

        HttpResponse<String> me = demo.get("/api/me", bearer(token));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("user").asText()).isEqualTo("alice");
        assertThat(json(me).get("tokenName").asText()).isEqualTo("from the browser");

        browser.get(demo.base + "/_settings/tokens");
        assertThat(browser.getPageSource()).doesNotContain(token);
        WebElement row = browser.findElement(By.xpath("//table[@id='tokens']//tr[td[@class='name']"
                + "[text()='from the browser']]"));
        row.findElement(By.cssSelector("a.revoke")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Revoke token \u201cfrom the browser\u201d?"));
        browser.findElement(By.id("confirm")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Token revoked.");
        assertThat(browser.findElements(By.id("no-tokens"))).hasSize(1);

        HttpResponse<String> refused = demo.get("/api/me", bearer(token));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer realm=\"patkit-demo\", error=\"invalid_token\""));
    }
}
