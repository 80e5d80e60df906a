package dev.patkit.servlet;

/**
 * Why a request is answered 400 {@code invalid_request}. Each description is a fixed string, safe inside a quoted
 * {@code WWW-Authenticate} parameter (no {@code "} or {@code \}), and never built from what the client sent.
 */
enum InvalidRequest {
    /** More than one {@code Authorization} header field. */
    REPEATED_AUTHORIZATION_HEADER("More than one Authorization header"),
    /**
     * An {@code Authorization} header that is empty, or whose scheme is {@code Bearer} but which is not
     * {@code Bearer 1*SP b64token}: no token, a tab, a trailing parameter, a character outside b64token.
     */
    MALFORMED_AUTHORIZATION_HEADER("Malformed Authorization header"),
    /** An {@code access_token} parameter in the query string: never accepted (RFC 6750 section 2.3 is optional). */
    TOKEN_IN_QUERY("Access tokens are not accepted in the query string"),
    /** A bearer token in the header and an {@code access_token} in the form body. */
    TOKEN_IN_MORE_THAN_ONE_PLACE("More than one method was used to send an access token"),
    /** The container could not parse the form body while it was checked for an {@code access_token}. */
    MALFORMED_FORM_BODY("Malformed form body");

    private final String description;

    InvalidRequest(String description) {
        this.description = description;
    }

    /** The fixed {@code error_description}. */
    String description() {
        return description;
    }
}
