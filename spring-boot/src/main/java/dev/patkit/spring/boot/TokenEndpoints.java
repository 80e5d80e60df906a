package dev.patkit.spring.boot;

import dev.patkit.IssuedToken;
import dev.patkit.Token;
import dev.patkit.TokenNotFoundException;
import dev.patkit.TokenRequestException;
import dev.patkit.TokenService;
import dev.patkit.TokenStoreException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's own tokens: {@code GET} list, {@code POST {"name","expiresAt","scopes"}} create (201 with
 * {@code token}, shown once), {@code DELETE /{id}} revoke (204), {@code POST /{id}/rotate} (201).
 *
 * <p>Only the application's normal authentication opens them, never a bearer token (403): a stolen token cannot
 * mint more tokens. They are CSRF-safe whatever the application's CSRF settings: a {@code POST} must be
 * {@code application/json} (a cross-site form cannot send it without a CORS preflight), and a request that the
 * browser marks {@code Sec-Fetch-Site: cross-site} is refused.
 */
@RestController
@RequestMapping("${patkit.endpoints.path:/api/tokens}")
final class TokenEndpoints {

    /** Create or rotate request; every field is optional for rotate. */
    record TokenRequest(String name, Instant expiresAt, Set<String> scopes) {
    }

    private final TokenService service;

    TokenEndpoints(TokenService service) {
        this.service = service;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> list(HttpServletRequest request) {
        String owner = owner(request);
        return ResponseEntity.ok(service.list(owner).stream().map(TokenEndpoints::view).toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> create(HttpServletRequest request, @RequestBody TokenRequest body) {
        String owner = owner(request);
        IssuedToken issued = service.create(owner, body.name() == null ? "" : body.name(), body.expiresAt(),
                body.scopes());
        return issued(issued);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Object> revoke(HttpServletRequest request, @PathVariable("id") String id) {
        service.revoke(owner(request), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{id}/rotate", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> rotate(HttpServletRequest request, @PathVariable("id") String id,
            @RequestBody(required = false) TokenRequest body) {
        String owner = owner(request);
        IssuedToken issued = body == null || body.expiresAt() == null
                ? service.rotate(owner, id) : service.rotate(owner, id, body.expiresAt());
        return issued(issued);
    }

    /** The signed-in user, refusing a bearer-token authentication and a cross-site request. */
    private static String owner(HttpServletRequest request) {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            throw new Refused(HttpStatus.FORBIDDEN, "cross_site_request");
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            throw new Refused(HttpStatus.UNAUTHORIZED, "authentication_required");
        }
        if (auth instanceof AbstractOAuth2TokenAuthenticationToken<?> || auth.getPrincipal() instanceof PatkitPrincipal) {
            throw new Refused(HttpStatus.FORBIDDEN, "token_not_allowed");
        }
        return auth.getName();
    }

    private static ResponseEntity<Object> issued(IssuedToken issued) {
        Map<String, Object> body = view(issued.token());
        body.put("token", issued.revealPlaintext());
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(body);
    }

    private static Map<String, Object> view(Token t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("createdAt", t.createdAt().toString());
        m.put("expiresAt", t.expiresAt().map(Instant::toString).orElse(null));
        m.put("lastUsedAt", t.lastUsedAt().map(Instant::toString).orElse(null));
        m.put("scopes", List.copyOf(t.scopes()));
        return m;
    }

    @ExceptionHandler(Refused.class)
    ResponseEntity<Object> refused(Refused e) {
        return error(e.status, e.getMessage(), null);
    }

    @ExceptionHandler(TokenRequestException.class)
    ResponseEntity<Object> badRequest(TokenRequestException e) {
        HttpStatus status = e.problem() == TokenRequestException.Problem.NAME_TAKEN
                || e.problem() == TokenRequestException.Problem.TOO_MANY_TOKENS
                ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        return error(status, e.problem().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
    }

    @ExceptionHandler(TokenNotFoundException.class)
    ResponseEntity<Object> notFound(TokenNotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "not_found", "no such token");
    }

    @ExceptionHandler(TokenStoreException.class)
    ResponseEntity<Object> unavailable(TokenStoreException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(Map.of("error", "temporarily_unavailable"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", "the body is not a valid JSON token request");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "json_required", "send Content-Type: application/json");
    }

    private static ResponseEntity<Object> error(HttpStatus status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (message != null) {
            body.put("message", message);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** A request the endpoints refuse; its message is a fixed error code. */
    static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient HttpStatus status;

        Refused(HttpStatus status, String error) {
            super(error, null, false, false);
            this.status = status;
        }
    }
}
