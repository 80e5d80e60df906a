package dev.patkit;

import dev.patkit.testing.ForwardingTokenStore;
import java.util.Optional;

/** A broken store that answers look-ups with {@code null} instead of an Optional; everything else delegates. */
final class NullAnsweringStore extends ForwardingTokenStore {

    NullAnsweringStore(TokenStore delegate) {
        super(delegate);
    }

    @Override
    public Optional<StoredToken> findByLookupId(String lookupId) {
        return null;
    }
}
