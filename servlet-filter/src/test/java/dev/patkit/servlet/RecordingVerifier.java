package dev.patkit.servlet;

import dev.patkit.AddressRange;
import dev.patkit.RefusalReason;
import dev.patkit.TokenService;
import dev.patkit.TokenVerifier;
import dev.patkit.Verification;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenVerifier} in front of a real service that records the client address the filter passed with each
 * token, and refuses a token restricted here to address ranges when that address is outside them or unknown, with
 * {@link RefusalReason#ADDRESS_NOT_ALLOWED} (the core's rule, applied here so that the filter's side is tested
 * whatever the core's version).
 */
final class RecordingVerifier implements TokenVerifier {

    private final TokenService service;
    private final Map<String, List<AddressRange>> restricted = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> addresses = new ConcurrentHashMap<>();

    RecordingVerifier(TokenService service) {
        this.service = service;
    }

    /** Restricts a token to address ranges. */
    void restrict(String token, String... cidrs) {
        restricted.put(token, Arrays.stream(cidrs).map(AddressRange::parse).toList());
    }

    /** The address passed with the token's last verification (empty: unknown). */
    Optional<String> lastAddress(String token) {
        Optional<String> address = addresses.get(token);
        if (address == null) {
            throw new AssertionError("the token was never verified with an address");
        }
        return address;
    }

    /** Never called by the filter, which always passes the client address. */
    @Override
    public Verification verify(String presented) {
        throw new AssertionError("the filter verified a token without its client address");
    }

    @Override
    public Verification verify(String presented, String clientAddress) {
        addresses.put(presented, Optional.ofNullable(clientAddress));
        List<AddressRange> ranges = restricted.get(presented);
        if (ranges != null && (clientAddress == null || ranges.stream().noneMatch(r -> r.contains(clientAddress)))) {
            return new Verification.Refused(RefusalReason.ADDRESS_NOT_ALLOWED);
        }
        return service.verify(presented, clientAddress);
    }
}
