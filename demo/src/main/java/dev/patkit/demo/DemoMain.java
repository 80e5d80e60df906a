package dev.patkit.demo;

import java.io.IOException;

/** {@code java -jar patkit-demo.jar [--port N] [--data DIR | --jdbc-url URL [--strict]] [--github-keys FILE]}. */
public final class DemoMain {

    private DemoMain() {
    }

    /**
     * Starts the demo and prints what to do next.
     *
     * @param args the options, see {@link DemoOptions#parse}
     */
    public static void main(String[] args) throws InterruptedException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("patkit-demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        DemoServer server;
        try {
            server = DemoServer.start(options);
        } catch (IOException e) {
            System.err.println("patkit-demo: cannot listen on 127.0.0.1:" + options.port() + " (" + e.getMessage()
                    + "); is another program using it? Try --port " + (options.port() + 1));
            System.exit(1);
            return;
        } catch (Exception e) {
            System.err.println("patkit-demo: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "patkit-demo-shutdown"));
        System.out.println(server.instructions());
        server.join();
    }
}
