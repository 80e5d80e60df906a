package dev.patkit.demo;

import dev.patkit.Argon2Parameters;
import dev.patkit.TokenService;
import dev.patkit.TokenServiceBuilder;
import dev.patkit.TokenStore;
import dev.patkit.servlet.GitHubKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The demo service: the token service (its listener the users' {@link Notices}, its expiry reminders sent by an
 * {@link ExpiryReminderRun}), the users and the Jetty server on 127.0.0.1. Close it to stop.
 */
public final class DemoServer implements AutoCloseable {

    /** The most active tokens a user may have. */
    static final int MAX_TOKENS_PER_USER = 100;

    private final DemoStores stores;
    private final TokenService tokens;
    private final Users users;
    private final ServiceAccounts accounts;
    private final Notices notices;
    private final ExpiryReminderRun reminders;
    private final Server server;
    private final URI baseUri;
    private final String storage;
    private final Path githubKeysFile;

    private DemoServer(DemoOptions options, Argon2Parameters argon2, TokenStore storeOverride, Clock clock,
            Duration maxLifetime) throws Exception {
        users = new Users(argon2, clock);
        accounts = new ServiceAccounts(clock);
        notices = new Notices(clock);
        githubKeysFile = options.githubKeys();
        GitHubKeys githubKeys = options.githubKeys() == null ? null : GitHubScanning.keys(options.githubKeys());
        DemoStores opened = null;
        TokenService service = null;
        ExpiryReminderRun run = null;
        try {
            TokenStore store;
            if (storeOverride == null) {
                opened = DemoStores.open(options);
                store = opened.store();
                storage = opened.description();
            } else {
                store = storeOverride;
                storage = "a store given by the caller";
            }
            TokenServiceBuilder builder = TokenService.builder()
                    .store(store)
                    .roleResolver(accounts.roleResolver(users.roleResolver()))
                    .clock(clock)
                    .listener(notices)
                    .argon2(argon2)
                    .maxActiveTokensPerOwner(MAX_TOKENS_PER_USER);
            if (maxLifetime != null) {
                builder.maxLifetime(maxLifetime);
            }
            if (opened != null) {
                opened.cluster().ifPresent(builder::cluster);
            }
            service = builder.build();
            accounts.revokeTokensWith(service::revokeAll);
            run = new ExpiryReminderRun(service);
            server = jetty(options.port(), service, store, new ExpiryChoice(clock, maxLifetime), clock, githubKeys);
            server.start();
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            baseUri = URI.create("http://127.0.0.1:" + port);
        } catch (Exception | Error e) {
            if (run != null) {
                run.close();
            }
            if (service != null) {
                service.close();
            }
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        stores = opened;
        tokens = service;
        reminders = run;
    }

    /**
     * Starts the demo with OWASP's Argon2id parameters.
     *
     * @throws IllegalArgumentException when the file of {@code --github-keys} cannot be read or is no keys document
     * @throws Exception                when the database cannot be opened or the port is taken
     */
    public static DemoServer start(DemoOptions options) throws Exception {
        return new DemoServer(options, Argon2Parameters.owaspDefault(), null, Clock.systemUTC(), null);
    }

    /** Starts the demo with other Argon2id parameters for tokens and passwords (cheap ones in tests). */
    static DemoServer start(DemoOptions options, Argon2Parameters argon2) throws Exception {
        return new DemoServer(options, argon2, null, Clock.systemUTC(), null);
    }

    /**
     * Starts the demo on a given store instead of {@link DemoStores} (a failing one in tests), with the clock of
     * its tokens, sessions, login forms, sign-in throttle and leak-report rate limit (one that tests advance), and a
     * maximum token lifetime ({@code null}: none), which the pages honour.
     */
    static DemoServer start(DemoOptions options, Argon2Parameters argon2, TokenStore store, Clock clock,
            Duration maxLifetime) throws Exception {
        return new DemoServer(options, argon2, store, clock, maxLifetime);
    }

    private Server jetty(int port, TokenService service, TokenStore store, ExpiryChoice expiry, Clock clock,
            GitHubKeys githubKeys) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("demo-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty's per-connection header cache ignores letter case by default, so it could hand the bearer filter an
        // earlier token that differs only in case: base62 tokens are case-sensitive (see SECURITY.md).
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        // No graceful phase: it would wait for idle keep-alive connections of clients, for nothing.
        jetty.setStopTimeout(0);

        Sessions sessions = new Sessions(users, clock);
        users.onDeactivation(sessions::endAllOf);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setMaxFormContentSize(16 * 1024);
        context.setMaxFormKeys(40); // a token's form: a scope per role (at most 20), and ten more fields
        ErrorHandler errors = new ErrorHandler() {
            @Override
            protected void writeErrorHtmlMessage(Request request, Writer writer, int code, String message,
                    Throwable cause, String uri) throws IOException {
                // Jetty's HTML page lists the chain of causes (exception classes and messages, e.g. for a form body
                // it cannot parse) whatever setShowCauses says: status and message only.
                super.writeErrorHtmlMessage(request, writer, code, message, null, uri);
            }
        };
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        context.setErrorHandler(errors);

        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new SecurityHeaders()), "/*", requests);
        context.addFilter(new FilterHolder(new SmallBodyFirst()), "/api/*", requests);
        filter(context, "bearer", BearerAuth.create(service), "/api/me", "/api/admin/ping");

        servlet(context, new ProtectedApi(), "/api/me", "/api/admin/ping");
        servlet(context, new TokensApi(service, users), "/api/tokens/*");
        servlet(context, new AdminUsersApi(users, service), "/api/admin/users/*");
        servlet(context, new AdminTokensApi(service, users, store), "/api/admin/tokens/*");
        servlet(context, new ServiceAccountsApi(service, users, accounts), "/api/admin/service-accounts/*");
        servlet(context, new LeakReportApi(service, clock), "/api/credentials/revoke");
        if (githubKeys != null) { // outside the bearer filter: GitHub authenticates by its signature
            servlet(context, GitHubScanning.servlet(service, githubKeys), GitHubScanning.PATH);
        }
        servlet(context, new SettingsPage(service, users, sessions, clock, expiry, notices),
                SettingsPage.PATH + "/*");
        servlet(context, new AdminPage(service, users, store, sessions, clock), AdminPage.PATH + "/*");
        servlet(context, new ServiceAccountsPage(service, users, accounts, sessions, clock, expiry),
                ServiceAccountsPage.PATH + "/*");
        servlet(context, new LoginPage(users, sessions, new LoginCsrf(clock)), "/login", "/logout");
        servlet(context, new StaticAndFallback(), "/");
        jetty.setHandler(context);
        return jetty;
    }

    private static void filter(ServletContextHandler context, String name, Filter filter, String... paths) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        context.getServletHandler().addFilter(holder);
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName(name);
        mapping.setPathSpecs(paths);
        mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        context.getServletHandler().addFilterMapping(mapping);
    }

    private static void servlet(ServletContextHandler context, HttpServlet servlet, String... paths) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setName(servlet.getClass().getSimpleName());
        context.getServletHandler().addServletWithMapping(holder, paths[0]);
        for (int i = 1; i < paths.length; i++) {
            ServletMapping mapping = new ServletMapping();
            mapping.setServletName(holder.getName());
            mapping.setPathSpec(paths[i]);
            context.getServletHandler().addServletMapping(mapping);
        }
    }

    /** Where the demo listens, {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The users, to change in tests as the admin API does. */
    Users users() {
        return users;
    }

    /** The token service. */
    TokenService tokens() {
        return tokens;
    }

    /** The service accounts. */
    ServiceAccounts serviceAccounts() {
        return accounts;
    }

    /** The users' notices. */
    Notices notices() {
        return notices;
    }

    /** Sends the due expiry reminders now, as the hourly run does; answers how many (-1: the run failed). */
    int sendExpiryReminders() {
        return reminders.runOnce();
    }

    /** What to do next, printed at start-up. */
    public String instructions() {
        String url = baseUri.toString();
        return String.join(System.lineSeparator(),
                "",
                "patkit demo is running on " + url + " (127.0.0.1 only)",
                "",
                "  Tokens page:  " + url + SettingsPage.PATH,
                "  Admin pages:  " + url + AdminPage.PATH + " and " + url + ServiceAccountsPage.PATH + " (alice)",
                "  Users:        alice / alice (roles admin, developer), bob / bob (role viewer)",
                "  Storage:      " + storage,
                "  GitHub:       " + (githubKeysFile == null ? "secret scanning endpoint off (--github-keys FILE)"
                        : "POST " + url + GitHubScanning.PATH + " (keys: " + githubKeysFile + ")"),
                "",
                "  Create a token with your password, then call the API with it:",
                "    curl -s -u alice:alice -H 'Content-Type: application/json' \\",
                "         -d '{\"name\": \"my first token\"}' " + url + "/api/tokens",
                "    curl -s -H 'Authorization: Bearer <token from above>' " + url + "/api/me",
                "    curl -s -u anyone:<token from above> " + url + "/api/me",
                "",
                "  More in demo/README.md. Stop with Ctrl+C.",
                "");
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the reminders and the server, writes pending last-used times and closes the database. Idempotent. */
    @Override
    public synchronized void close() {
        reminders.close();
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(DemoServer.class).warn("stopping Jetty failed", e);
        }
        tokens.close();
        if (stores != null) {
            stores.close();
        }
    }
}
