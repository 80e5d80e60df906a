package dev.patkit.spring.boot;

import dev.patkit.RefusalReason;
import dev.patkit.TokenVerifier;
import dev.patkit.Verification;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Security's opaque-token introspection, answered by patkit in-process. A permanent refusal (unknown, wrong
 * secret, expired, revoked, owner inactive, malformed) is one {@link BadOpaqueTokenException} with one fixed
 * message, so the 401 is no oracle; a temporary one (store, role resolver, hashing capacity) is an
 * {@link OAuth2IntrospectionException}, answered 503. Messages never carry the token.
 *
 * <p>The token is verified with the client address of the current request, {@code getRemoteAddr()} from Spring's
 * {@link RequestContextHolder}, so tokens restricted to address ranges work here too; outside a request (or where
 * nothing set the request context) the address is unknown, and such tokens are refused. Behind a reverse proxy,
 * {@code server.forward-headers-strategy=native} (with Tomcat's {@code server.tomcat.remoteip.internal-proxies})
 * makes {@code getRemoteAddr()} the forwarded client; without it, forwarding headers are ignored.
 */
final class PatkitIntrospector implements OpaqueTokenIntrospector {

    static final String INVALID = "The access token is invalid, expired or revoked";
    static final String UNAVAILABLE = "Authentication is temporarily unavailable; retry later";

    private final TokenVerifier verifier;
    private final String rolePrefix;
    private final String scopePrefix;
    private final VerificationObserver observer;

    PatkitIntrospector(TokenVerifier verifier, PatkitProperties.Security settings, VerificationObserver observer) {
        this.verifier = verifier;
        this.rolePrefix = settings.rolePrefix();
        this.scopePrefix = settings.scopePrefix() == null ? "" : settings.scopePrefix();
        this.observer = observer;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        long start = System.nanoTime();
        Verification verdict;
        try {
            verdict = verifier.verify(token, clientAddress());
        } catch (RuntimeException e) {
            // The verifier should never throw; if it does, the caller is refused (fail closed), as a store outage.
            verdict = new Verification.Refused(RefusalReason.STORE_UNAVAILABLE);
        }
        observer.observed(verdict, System.nanoTime() - start);
        if (verdict instanceof Verification.Authenticated authenticated) {
            return new PatkitPrincipal(authenticated, rolePrefix, scopePrefix);
        }
        RefusalReason reason = ((Verification.Refused) verdict).reason();
        if (reason.isTemporary()) {
            throw new OAuth2IntrospectionException(UNAVAILABLE);
        }
        throw new BadOpaqueTokenException(INVALID);
    }

    /** The current request's remote address (Jetty's brackets around IPv6 removed), or {@code null} outside one. */
    private static String clientAddress() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)) {
            return null;
        }
        String address = servlet.getRequest().getRemoteAddr();
        return address != null && address.length() > 2 && address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
    }

    @Override
    public String toString() {
        return "PatkitIntrospector";
    }
}
