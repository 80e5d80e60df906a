package dev.patkit.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A finished command-line client (curl, git): its exit code and its output (stdout and stderr together).
 *
 * @param exitCode the exit code
 * @param output   what it printed
 */
record ProcessResult(int exitCode, String output) {

    /**
     * Runs a command with extra environment variables and without any proxy variable, for at most a minute.
     *
     * @throws AssertionError when it does not finish in time
     */
    static ProcessResult run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        for (String proxy : List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                "ALL_PROXY")) {
            environment.remove(proxy);
        }
        environment.put("NO_PROXY", "127.0.0.1,::1,localhost");
        environment.putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within a minute");
        }
        return new ProcessResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
