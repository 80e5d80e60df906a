package dev.patkit.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One record of an slf4j-simple log file ({@code <millis> [<thread>] <LEVEL> <logger> - <message>}), with the lines
 * that follow it (stack traces, multi-line messages) up to the next record.
 */
record LogRecordText(String logger, String text) {

    private static final Pattern START =
            Pattern.compile("^\\d+ \\[[^\\]]*\\] (?:TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - ", Pattern.MULTILINE);

    static List<LogRecordText> parse(String log) {
        List<LogRecordText> out = new ArrayList<>();
        Matcher m = START.matcher(log);
        int start = -1;
        String logger = null;
        if (m.find()) {
            if (m.start() > 0) {
                out.add(new LogRecordText("(before the first record)", log.substring(0, m.start())));
            }
            do {
                if (start >= 0) {
                    out.add(new LogRecordText(logger, log.substring(start, m.start())));
                }
                start = m.start();
                logger = m.group(1);
            } while (m.find());
            out.add(new LogRecordText(logger, log.substring(start)));
        } else if (!log.isEmpty()) {
            out.add(new LogRecordText("(unparsed)", log));
        }
        return out;
    }
}
