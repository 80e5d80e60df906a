package dev.patkit.servlet;

import dev.patkit.TokenVerifier;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link BearerTokenFilter}'s init-parameters ({@code web.xml}, or a container's programmatic equivalent)
 * and finds its {@link TokenVerifier} in the ServletContext. Every problem is a {@link ServletException} that says
 * what to fix, so that the application fails to start rather than run half-configured. Package-private.
 */
final class InitParameters {

    /** Every known init-parameter, in the order the messages list them. */
    static final List<String> NAMES = List.of(BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE,
            BearerTokenFilter.PARAM_REALM, BearerTokenFilter.PARAM_REQUIRED,
            BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS, BearerTokenFilter.PARAM_CHECK_FORM_BODY,
            BearerTokenFilter.PARAM_ACCEPT_BASIC, BearerTokenFilter.PARAM_EXPIRATION_HEADER,
            BearerTokenFilter.PARAM_TRUSTED_PROXIES);

    private InitParameters() {
    }

    /** For a filter configured in code: it must have no init-parameters, which would otherwise be ignored. */
    static void requireNone(FilterConfig config) throws ServletException {
        List<String> names = Collections.list(config.getInitParameterNames());
        if (!names.isEmpty()) {
            throw new ServletException("this BearerTokenFilter was configured with BearerTokenFilter.builder();"
                    + " remove its init-parameters " + names + ", or declare it by class name instead");
        }
    }

    /**
     * The options the init-parameters give, defaults for those absent. Reads nothing but the parameters, so every
     * value is checked before the ServletContext is consulted.
     */
    static FilterOptions options(FilterConfig config) throws ServletException {
        List<String> unknown = new ArrayList<>(Collections.list(config.getInitParameterNames()));
        unknown.removeAll(NAMES);
        if (!unknown.isEmpty()) {
            throw new ServletException("unknown BearerTokenFilter init-parameters " + unknown + "; known are "
                    + NAMES);
        }
        try {
            return FilterOptions.of(
                    text(config, BearerTokenFilter.PARAM_REALM, BearerTokenFilter.DEFAULT_REALM),
                    bool(config, BearerTokenFilter.PARAM_REQUIRED, false),
                    seconds(config, BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS,
                            BearerTokenFilter.DEFAULT_RETRY_AFTER_SECONDS),
                    bool(config, BearerTokenFilter.PARAM_CHECK_FORM_BODY, true),
                    bool(config, BearerTokenFilter.PARAM_ACCEPT_BASIC, false),
                    text(config, BearerTokenFilter.PARAM_EXPIRATION_HEADER,
                            BearerTokenFilter.DEFAULT_EXPIRATION_HEADER),
                    list(config, BearerTokenFilter.PARAM_TRUSTED_PROXIES));
        } catch (IllegalArgumentException e) {
            throw new ServletException("invalid BearerTokenFilter init-parameter: " + e.getMessage(), e);
        }
    }

    /**
     * The {@link TokenVerifier} (a {@code TokenService} is one) in the ServletContext attribute named by
     * {@value BearerTokenFilter#PARAM_TOKEN_VERIFIER_ATTRIBUTE}. The error names only the class of a wrong value,
     * never the value.
     */
    static TokenVerifier verifier(FilterConfig config) throws ServletException {
        String attribute = text(config, BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE,
                BearerTokenFilter.DEFAULT_TOKEN_VERIFIER_ATTRIBUTE);
        if (attribute.isEmpty()) {
            throw new ServletException("invalid BearerTokenFilter init-parameter: "
                    + BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE + " must not be empty");
        }
        Object found = config.getServletContext().getAttribute(attribute);
        if (found instanceof TokenVerifier verifier) {
            return verifier;
        }
        throw new ServletException("BearerTokenFilter needs a dev.patkit.TokenVerifier (a TokenService is one) in"
                + " the ServletContext attribute \"" + attribute + "\" but found "
                + (found == null ? "nothing" : "a " + found.getClass().getName())
                + "; set it from a ServletContextListener (contextInitialized runs before filters are"
                + " initialised), or name another attribute with the init-parameter "
                + BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE);
    }

    private static String text(FilterConfig config, String name, String defaultValue) {
        String value = config.getInitParameter(name);
        return value == null ? defaultValue : value.trim();
    }

    /** The items of a value separated by commas and/or whitespace; empty when absent or blank. */
    private static List<String> list(FilterConfig config, String name) {
        String value = config.getInitParameter(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("[\\s,]+")).filter(item -> !item.isEmpty()).toList();
    }

    private static boolean bool(FilterConfig config, String name, boolean defaultValue) {
        String value = config.getInitParameter(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false: \"" + value.trim() + "\"");
        };
    }

    private static int seconds(FilterConfig config, String name, int defaultValue) {
        String value = config.getInitParameter(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds: \"" + value.trim()
                    + "\"", e);
        }
    }
}
