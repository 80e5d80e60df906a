package dev.patkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every event as text ("created <name>", "revoked <name> LEAKED", "refused WRONG_SECRET <id>",
 * "new address <name> <address>", "reminder <name> <threshold>", ...).
 */
final class RecordingListener implements TokenListener {

    private final List<String> events = new ArrayList<>();
    final List<Token> tokens = new ArrayList<>();

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<Token> tokens() {
        return List.copyOf(tokens);
    }

    @Override
    public synchronized void created(Token token) {
        events.add("created " + token.name());
        tokens.add(token);
    }

    @Override
    public synchronized void rotated(Token previous, Token replacement) {
        events.add("rotated " + previous.id() + " -> " + replacement.id());
        tokens.add(previous);
        tokens.add(replacement);
    }

    @Override
    public synchronized void revoked(Token token, RevocationCause cause) {
        events.add("revoked " + token.name() + " " + cause);
        tokens.add(token);
    }

    @Override
    public synchronized void refused(RefusalReason reason, String tokenId) {
        events.add("refused " + reason + " " + tokenId);
    }

    @Override
    public synchronized void usedFromNewAddress(Verification.Authenticated token, String address) {
        events.add("new address " + token.tokenName() + " " + address);
    }

    @Override
    public synchronized void expiryReminder(Token token, java.time.Duration before) {
        events.add("reminder " + token.name() + " " + before);
        tokens.add(token);
    }
}
