package dev.patkit.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every java.util.logging record (pgjdbc, the JDK, anything else using JUL), at level ALL: the root logger is
 * reset to ALL with this handler as its only one. Records are kept formatted as {@link SimpleFormatter} prints them,
 * parameters and stack traces included.
 */
final class JulCapture extends Handler {

    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Integer> perLogger = new ConcurrentHashMap<>();

    static JulCapture install() {
        LogManager.getLogManager().reset();
        JulCapture capture = new JulCapture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        String text = formatter.format(record);
        synchronized (lines) {
            lines.add(record.getLevel() + " " + record.getLoggerName() + ": " + text);
        }
        perLogger.merge(String.valueOf(record.getLoggerName()), 1, Integer::sum);
    }

    /** Everything captured so far, one record after the other. */
    String text() {
        synchronized (lines) {
            return String.join("", lines);
        }
    }

    /** How many records loggers whose name starts with {@code prefix} published. */
    int count(String prefix) {
        return perLogger.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
