package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.TokenStore;
import dev.patkit.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The settings page in a real browser ({@link TestChromium}): log in, create a token with a preset and picked scopes,
 * read it from the page, call the API with it, revoke it on the page and see the API refuse it; the no-expiration
 * warning; allowed client addresses and the notices; the badges, on the demo's clock; and the screenshot of the page
 * for the README.
 */
class BrowserTest {

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

    private WebElement row(String name) {
        return browser.findElement(By.xpath("//table[@id='tokens']//tr[td[@class='name'][text()='" + name + "']]"));
    }

    @Test
    void createUseAndRevokeATokenOnThePage() {
        chromium.signIn(demo.base, "alice", "alice");
        assertThat(browser.findElement(By.id("current-user")).getText()).isEqualTo("alice");
        assertThat(browser.findElements(By.id("no-tokens"))).hasSize(1);

        browser.findElement(By.id("name")).sendKeys("from the browser");
        browser.findElement(By.id("create")).click();
        WebElement field = chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        String token = field.getDomProperty("value");
        assertThat(token).matches("pat_[0-9A-Za-z]{50}");
        assertThat(browser.findElement(By.id("new-token-box")).getText()).contains("Store it now");
        WebElement copy = browser.findElement(By.id("copy-token"));
        copy.click();
        // app.js ran under the page's CSP: either the clipboard took the token or the field was selected for Ctrl+C.
        chromium.wait.until(d -> !d.findElement(By.id("copy-token")).getText().equals("Copy"));
        assertThat(copy.getText()).isIn("Copied", "Press Ctrl+C");

        HttpResponse<String> me = demo.get("/api/me", bearer(token));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("user").asText()).isEqualTo("alice");
        assertThat(json(me).get("tokenName").asText()).isEqualTo("from the browser");
        assertThat(json(demo.get("/api/tokens", ALICE)).get(0).get("expiresAt").asText())
                .as("30 days by default").isEqualTo("2030-01-31T09:00:00Z");

        browser.get(demo.base + SettingsPage.PATH);
        assertThat(browser.getPageSource()).doesNotContain(token);
        row("from the browser").findElement(By.cssSelector("a.revoke")).click();
        chromium.wait.until(ExpectedConditions.textToBe(By.tagName("h1"),
                "Revoke token \u201cfrom the browser\u201d?"));
        browser.findElement(By.id("confirm")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Token revoked.");
        assertThat(browser.findElements(By.id("no-tokens"))).hasSize(1);

        HttpResponse<String> refused = demo.get("/api/me", bearer(token));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h ->
                assertThat(h).startsWith("Bearer realm=\"patkit-demo\", error=\"invalid_token\""));
    }

    @Test
    void aPresetAndPickedScopesMakeANarrowTokenWithAnExpiryBadge() {
        chromium.signIn(demo.base, "alice", "alice");
        browser.findElement(By.id("name")).sendKeys("narrow");
        browser.findElement(By.id("description")).sendKeys("reads the build logs");
        browser.findElement(By.id("expiry-7")).click();
        WebElement admin = browser.findElement(By.id("scope-admin"));
        assertThat(admin.isSelected()).as("all roles are picked by default").isTrue();
        admin.click();
        browser.findElement(By.id("create")).click();
        String token = chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")))
                .getDomProperty("value");

        JsonNode me = json(demo.get("/api/me", bearer(token)));
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("developer");
        JsonNode listed = json(demo.get("/api/tokens", ALICE)).get(0);
        assertThat(listed.get("expiresAt").asText()).isEqualTo("2030-01-08T09:00:00Z");
        assertThat(listed.get("description").asText()).isEqualTo("reads the build logs");
        WebElement row = row("narrow");
        assertThat(row.findElement(By.cssSelector(".badge.expiring")).getText()).isEqualTo("expires in 7 days");
        assertThat(row.findElement(By.cssSelector(".badge.scope")).getText()).isEqualTo("developer");
        assertThat(row.findElement(By.cssSelector(".description")).getText()).isEqualTo("reads the build logs");
    }

    @Test
    void noExpirationShowsAWarningAndNeedsTheConfirmation() {
        chromium.signIn(demo.base, "alice", "alice");
        WebElement warning = browser.findElement(By.id("no-expiry-warning"));
        assertThat(warning.isDisplayed()).isFalse();
        browser.findElement(By.id("expiry-none")).click();
        assertThat(warning.isDisplayed()).as("shown by the page's CSS, without script").isTrue();
        assertThat(warning.getText()).contains("works until it is revoked");

        browser.findElement(By.id("name")).sendKeys("forever");
        browser.findElement(By.id("create")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText())
                .isEqualTo("Confirm that this token never expires, or pick an expiration.");
        assertThat(browser.findElement(By.id("no-expiry-warning")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.id("new-token"))).isEmpty();
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();

        browser.findElement(By.id("confirm-no-expiry")).click();
        browser.findElement(By.id("create")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        assertThat(json(demo.get("/api/tokens", ALICE)).get(0).get("expiresAt").isNull()).isTrue();
    }

    @Test
    void allowedAddressesRestrictTheTokenAndItsUseFromANewAddressIsANoticeToDismiss() {
        chromium.signIn(demo.base, "alice", "alice");
        browser.findElement(By.id("name")).sendKeys("office only");
        browser.findElement(By.id("addresses")).sendKeys("10.0.0.1/8");
        browser.findElement(By.id("create")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).startsWith("each allowed address range must be");
        WebElement addresses = browser.findElement(By.id("addresses"));
        assertThat(addresses.getDomProperty("value")).as("kept as typed").isEqualTo("10.0.0.1/8");
        addresses.clear();
        addresses.sendKeys("127.0.0.1", Keys.ENTER, "10.0.0.0/8");
        browser.findElement(By.id("create")).click();
        String token = chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")))
                .getDomProperty("value");
        assertThat(row("office only").findElements(By.cssSelector(".badge.range"))).extracting(WebElement::getText)
                .containsExactly("127.0.0.1/32", "10.0.0.0/8");
        assertThat(demo.meStatus(token)).isEqualTo(200);
        assertThat(FromAddress.loopback(2).send(demo.base, "GET", "/api/me", bearer(token), null).status())
                .isEqualTo(401);

        browser.get(demo.base + SettingsPage.PATH);
        assertThat(browser.findElement(By.id("notices")).getText())
                .contains("Your token \u201coffice only\u201d was used from a new address: 127.0.0.1.");
        WebElement notices = browser.findElement(By.id("notices"));
        notices.findElement(By.cssSelector("button.dismiss")).click();
        chromium.wait.until(ExpectedConditions.stalenessOf(notices));
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("create-form")));
        assertThat(browser.findElements(By.id("notices"))).isEmpty();
    }

    /** Tokens of every kind the list tells apart, on the demo clock; then the page, and its screenshot. */
    @Test
    void theListShowsLastUseBadgesAndFlagsAndRevokesAFlaggedTokenInOneClick() {
        String old = json(demo.post("/api/tokens", "{\"name\": \"old laptop\", \"description\": \"the laptop"
                + " I replaced\"}", ALICE)).get("token").asText();
        assertThat(demo.meStatus(old)).isEqualTo(200);
        clock.advance(Duration.ofDays(120));
        String ciId = json(demo.post("/api/tokens", "{\"name\": \"ci deploy\", \"description\": \"GitHub Actions,"
                + " acme/shop\", \"scopes\": [\"developer\"], \"allowedAddresses\": [\"203.0.113.0/24\"]}", ALICE))
                .get("id").asText();
        demo.store.recordLastUsed(Map.of(ciId, new TokenStore.LastUse(clock.instant(), List.of("203.0.113.7"))));
        clock.advance(Duration.ofDays(3));
        demo.post("/api/tokens", "{\"name\": \"release script\", \"scopes\": [\"developer\"], \"expiresAt\": \""
                + clock.instant().plus(Duration.ofDays(3)) + "\"}", ALICE);
        assertThat(demo.server.sendExpiryReminders()).isEqualTo(1);

        chromium.signIn(demo.base, "alice", "alice");
        WebElement ci = row("ci deploy");
        WebElement ago = ci.findElement(By.cssSelector("td:nth-child(4) time"));
        assertThat(ago.getText()).isEqualTo("3 days ago");
        assertThat(ago.getDomAttribute("title")).isEqualTo("2030-05-01 09:00 UTC");
        assertThat(ci.getText()).contains("from 203.0.113.7").contains("GitHub Actions, acme/shop")
                .contains("only from 203.0.113.0/24");
        assertThat(browser.findElement(By.id("notices")).getText())
                .contains("Your token \u201crelease script\u201d expires on 2030-05-07 09:00 UTC (in 3 days).")
                .contains("Your token \u201cold laptop\u201d was used from a new address: 127.0.0.1.");
        assertThat(row("release script").findElement(By.cssSelector(".badge.expiring")).getText())
                .isEqualTo("expires in 3 days");
        assertThat(row("release script").findElement(By.cssSelector(".badge.stale")).getText())
                .isEqualTo("never used");
        assertThat(row("old laptop").findElement(By.cssSelector(".badge.stale")).getText())
                .isEqualTo("unused for 123 days");
        assertThat(ci.findElements(By.cssSelector(".badge.stale, .quick-revoke"))).isEmpty();
        chromium.screenshot("settings-page");

        row("old laptop").findElement(By.cssSelector("button.quick-revoke")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Token revoked.");
        assertThat(demo.meStatus(old)).isEqualTo(401);
        assertThat(browser.findElements(By.xpath("//td[@class='name'][text()='old laptop']"))).isEmpty();
    }
}
