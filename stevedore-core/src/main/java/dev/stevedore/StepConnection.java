package dev.stevedore;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;

/**
 * The connection a step's work gets: the store's, in the step's transaction, with the calls that
 * would end or escape that transaction refused, so the step's writes and its record stay atomic.
 */
final class StepConnection {
    private static final Set<String> REFUSED = Set.of("commit", "rollback", "close", "setAutoCommit", "abort",
            "setTransactionIsolation");

    private StepConnection() {}

    static Connection guard(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            // rollback(Savepoint) stays allowed: it undoes part of the step, not the step.
            boolean partialRollback = method.getName().equals("rollback") && args != null && args.length == 1;
            if (REFUSED.contains(method.getName()) && !partialRollback) {
                throw new IllegalStateException("a step's transaction belongs to the step: it commits with the step's"
                        + " record when the work returns and rolls back when it throws; " + method.getName()
                        + "() is not allowed inside it");
            }
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                throw new IllegalStateException("a step's connection cannot be unwrapped");
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }
}
