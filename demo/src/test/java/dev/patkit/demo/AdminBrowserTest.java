package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The administrators' pages in a real browser ({@link TestChromium}): a service account made on the page, its token
 * read from the page and used on the API; the listing of every owner's tokens with its filters (which needs
 * {@code TokenService.listAll}); and the screenshots of both pages for the README.
 */
class AdminBrowserTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T09:00:00Z"));
    private TestDemo demo;
    private TestChromium chromium;
    private WebDriver browser;

    @BeforeEach
    void start() {
        chromium = TestChromium.start();
        browser = chromium.driver;
        demo = TestDemo.start(clock);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void aServiceAccountMadeOnThePageGetsATokenThatWorksOnTheApiWithItsRoles() {
        chromium.signIn(demo.base, "alice", "alice");
        browser.findElement(By.id("nav-service-accounts")).click();
        chromium.wait.until(ExpectedConditions.urlToBe(demo.base + ServiceAccountsPage.PATH));
        browser.findElement(By.id("account-name")).sendKeys("ci-deploy");
        browser.findElement(By.id("account-roles")).sendKeys("developer deployer");
        browser.findElement(By.id("create-account-button")).click();
        chromium.wait.until(ExpectedConditions.textToBe(By.id("notice"), "Service account created."));
        browser.findElement(By.id("account-name")).sendKeys("nightly-report");
        browser.findElement(By.id("account-roles")).sendKeys("viewer");
        browser.findElement(By.id("create-account-button")).click();
        chromium.wait.until(ExpectedConditions.textToBe(By.id("notice"), "Service account created."));

        new Select(browser.findElement(By.id("token-account"))).selectByVisibleText("ci-deploy");
        browser.findElement(By.id("name")).sendKeys("pipeline");
        browser.findElement(By.id("description")).sendKeys("deploys acme/shop");
        browser.findElement(By.id("expiry-90")).click();
        browser.findElement(By.id("create")).click();
        String token = chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")))
                .getDomProperty("value");
        assertThat(token).matches("pat_[0-9A-Za-z]{50}");

        JsonNode me = json(demo.get("/api/me", bearer(token)));
        assertThat(me.get("user").asText()).isEqualTo("svc:ci-deploy");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("deployer", "developer");
        assertThat(me.get("tokenName").asText()).isEqualTo("pipeline");

        new Select(browser.findElement(By.id("token-account"))).selectByVisibleText("nightly-report");
        browser.findElement(By.id("name")).sendKeys("cron");
        browser.findElement(By.id("expiry-30")).click();
        browser.findElement(By.id("create")).click();
        String nightly = chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")))
                .getDomProperty("value");
        browser.get(demo.base + ServiceAccountsPage.PATH);
        assertThat(browser.getPageSource()).doesNotContain(token, nightly);
        chromium.screenshot("service-accounts-page");

        browser.findElement(By.cssSelector("#account-nightly-report button.deactivate")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(demo.meStatus(nightly)).isEqualTo(401);
        assertThat(demo.meStatus(token)).isEqualTo(200);
    }

    @Test
    void theListingShowsEveryOwnersTokensAndFilters() {
        demo.post("/api/tokens", "{\"name\": \"laptop\", \"description\": \"work laptop\"}", BOB);
        String bobs = demo.token(BOB, "old script");
        assertThat(demo.meStatus(bobs)).isEqualTo(200);
        demo.post("/api/admin/service-accounts", "{\"name\": \"ci-deploy\", \"roles\": [\"developer\"]}", ALICE);
        clock.advance(Duration.ofDays(100));
        demo.post("/api/admin/service-accounts/ci-deploy/tokens", "{\"name\": \"pipeline\", \"expiresAt\": \""
                + clock.instant().plus(Duration.ofDays(5)) + "\", \"description\": \"deploys acme/shop\"}", ALICE);
        clock.advance(Duration.ofMinutes(1));
        demo.post("/api/tokens", "{\"name\": \"admin console\", \"scopes\": [\"admin\"]}", ALICE);

        chromium.signIn(demo.base, "alice", "alice");
        browser.findElement(By.id("nav-admin")).click();
        chromium.wait.until(ExpectedConditions.urlToBe(demo.base + AdminPage.PATH));
        assertThat(owners()).containsExactly("alice", "svc:ci-deploy", "bob", "bob");
        chromium.screenshot("admin-page");

        browser.findElement(By.id("filter-owner")).sendKeys("bob");
        browser.findElement(By.id("apply-filter")).click();
        chromium.wait.until(ExpectedConditions.urlContains("owner=bob"));
        assertThat(owners()).containsExactly("bob", "bob");

        browser.findElement(By.id("filter-owner")).clear();
        new Select(browser.findElement(By.id("filter-expiringWithin"))).selectByValue("P7D");
        browser.findElement(By.id("apply-filter")).click();
        chromium.wait.until(ExpectedConditions.urlContains("expiringWithin=P7D"));
        assertThat(owners()).containsExactly("svc:ci-deploy");

        WebElement pipeline = browser.findElement(By.cssSelector("#all-tokens tbody tr"));
        pipeline.findElement(By.cssSelector("button.danger")).click();
        chromium.wait.until(ExpectedConditions.textToBe(By.id("notice"), "Token revoked."));
        assertThat(json(demo.get("/api/admin/service-accounts", ALICE)).get(0).get("tokens")).isEmpty();
    }

    private List<String> owners() {
        return browser.findElements(By.cssSelector("#all-tokens td.owner")).stream().map(WebElement::getText)
                .toList();
    }
}
