package dev.patkit.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import dev.patkit.jdbc.JdbcTokenStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Prints PostgreSQL's plan of each {@link AdminQueryBenchmark.Shape}, exactly as {@link JdbcTokenStore#find} runs it
 * (its SQL, its bound parameters, a server-side prepared statement after a few runs): the sessions load
 * {@code auto_explain} with {@code ANALYZE} and {@code BUFFERS} at level {@code NOTICE}, and the plan arrives as the
 * statement's warning. Each query runs ten times; the last run's plan is printed (what a busy node would get, generic
 * plan or not). Needs a superuser (for {@code LOAD}); uses the benchmark's table, filling it if needed.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.patkit.benchmarks.AdminQueryPlans</pre>
 */
public final class AdminQueryPlans {

    private AdminQueryPlans() {
    }

    /**
     * Prints the plans.
     *
     * @param args optionally a {@code plan_cache_mode} for the sessions, such as {@code force_custom_plan}
     * @throws Exception if the database fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && !args[0].matches("[a-z_]+")) {
            throw new IllegalArgumentException("a plan_cache_mode is auto, force_custom_plan or force_generic_plan");
        }
        try (HikariDataSource pool = AdminQueryBenchmark.pool("LOAD 'auto_explain';"
                + " SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;"
                + " SET auto_explain.log_buffers = on; SET auto_explain.log_level = notice"
                + (args.length > 0 ? "; SET plan_cache_mode = " + args[0] : ""))) {
            List<String> plans = new ArrayList<>();
            JdbcTokenStore store = AdminQueryBenchmark.millionTokens(capturingWarnings(pool, plans));
            StoredToken deep = AdminQueryBenchmark.deepPagePosition(store);
            for (AdminQueryBenchmark.Shape shape : AdminQueryBenchmark.Shape.values()) {
                TokenStore.Criteria criteria = shape.criteria(deep);
                int found = 0;
                for (int run = 0; run < 10; run++) {
                    plans.clear();
                    found = store.find(criteria).size();
                }
                System.out.println("=== " + shape + " (" + found + " tokens)");
                plans.forEach(System.out::println);
            }
        }
    }

    /** The data source, whose prepared statements add their warnings' messages to {@code out} when closed. */
    private static DataSource capturingWarnings(DataSource delegate, List<String> out) {
        return (DataSource) Proxy.newProxyInstance(AdminQueryPlans.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(delegate, method, args);
                    return result instanceof Connection c ? connection(c, out) : result;
                });
    }

    private static Connection connection(Connection c, List<String> out) {
        return (Connection) Proxy.newProxyInstance(AdminQueryPlans.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(c, method, args);
                    return result instanceof PreparedStatement ps ? statement(ps, out) : result;
                });
    }

    private static PreparedStatement statement(PreparedStatement ps, List<String> out) {
        return (PreparedStatement) Proxy.newProxyInstance(AdminQueryPlans.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        for (SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
                            out.add(w.getMessage());
                        }
                    }
                    return invoke(ps, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
