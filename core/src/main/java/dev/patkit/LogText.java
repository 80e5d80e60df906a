package dev.patkit;

/**
 * Text from outside patkit (an integrator's exception message, a feed's reason) made safe for one log line: control
 * characters and lone surrogates become {@code ?}, and it is cut at 300 characters, so nothing passed in can forge or
 * split a log line. Secrets never reach here.
 */
final class LogText {

    private static final int MAX_LENGTH = 300;

    private LogText() {
    }

    /** The exception's class and message, on one line. */
    static String of(Throwable e) {
        String message = e.getMessage();
        return clean(message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message);
    }

    /** The text, on one line. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return out.toString();
    }
}
