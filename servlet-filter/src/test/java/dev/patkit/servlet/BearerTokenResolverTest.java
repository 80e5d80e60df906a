package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.servlet.BearerTokenResolver.Outcome;
import dev.patkit.servlet.BearerTokenResolver.Resolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Authorization header grammar of RFC 6750 section 2.1, and the query-string rule, without a container. */
class BearerTokenResolverTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Bearer abc|abc",
        "bearer abc|abc",
        "BEARER abc|abc",
        "bEaReR abc|abc",
        "Bearer     abc|abc",
        "Bearer pat_0123456789ABCDEFabcdef|pat_0123456789ABCDEFabcdef",
        "Bearer a-b.c_d~e+f/g|a-b.c_d~e+f/g",
        "Bearer abc=|abc=",
        "Bearer abc==|abc==",
    })
    void credentialsOfTheFormBearerSpacesB64tokenYieldTheToken(String header, String token) {
        Resolution r = BearerTokenResolver.parseAuthorization(header);

        assertThat(r.outcome()).isEqualTo(Outcome.TOKEN);
        assertThat(r.token()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Bearer", "bearer", "Bearer ", "Bearer    ", "Bearer\tabc", "Bearer \tabc", "Bearer abc ", "Bearer abc\t",
        "Bearer a b", "Bearer abc,def", "Bearer abc, Basic x", "Bearer =", "Bearer ==abc", "Bearer a=b",
        "Bearer \"abc\"", "Bearer abc;", "Bearer abc%20", "Bearer abc\u00e9", "Bearer \u00e9", "Bearer abc\u0000",
        "Bearer realm=\"x\"", "", " Bearer abc", "\tBearer abc",
    })
    void anythingElseWithTheBearerSchemeOrNoSchemeIsMalformed(String header) {
        Resolution r = BearerTokenResolver.parseAuthorization(header);

        assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(r.problem()).isEqualTo(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
        assertThat(r.token()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Basic YWxpY2U6c2VjcmV0", "Digest username=\"a\"", "Negotiate abc", "Bearerx abc", "Bearer,abc",
        "Bearer_ abc", "Token abc", "B\u0435arer abc", "Bearer\u00a0abc",
    })
    void otherSchemesAreLeftToOthers(String header) {
        assertThat(BearerTokenResolver.parseAuthorization(header).outcome()).isEqualTo(Outcome.OTHER_SCHEME);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "access_token=x", "access_token", "access_token=", "a=1&access_token=x", "access_token=x&b=2",
        "access%5Ftoken=x", "access%5ftoken=x", "x=1&&access_token=y",
    })
    void aQueryParameterNamedAccessTokenIsFound(String query) {
        assertThat(BearerTokenResolver.queryHasAccessToken(query)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "access_tokens=x", "my_access_token=x", "x=access_token", "access-token=x", "access_token%=x",
        "ACCESS_TOKEN=x", "a=access_token=x",
    })
    void otherQueryStringsHaveNoAccessToken(String query) {
        assertThat(BearerTokenResolver.queryHasAccessToken(query)).isFalse();
    }

    @Test
    void resolutionToStringNeverShowsTheToken() {
        Resolution r = BearerTokenResolver.parseAuthorization("Bearer pat_s3cr3tValue");

        assertThat(r.toString()).doesNotContain("s3cr3t").contains("redacted");
    }
}
