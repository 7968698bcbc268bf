package dev.stevedore.examples.spring;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drops the test class's {@link ShopDatabase} schemas, and closes its other static {@link AutoCloseable}
 * fields (a PgBouncer, say), once its application context has closed. Declare
 * it before {@code @SpringBootTest}: JUnit then registers it before the Spring extension and runs its
 * {@code afterAll} after Spring's, which closes the context ({@code @DirtiesContext}), so the node has
 * left and the pool is closed before the schemas go.
 */
final class DropsSchemas implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Field field : context.getRequiredTestClass().getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Object value = field.get(null);
            if (value instanceof ShopDatabase database) {
                database.drop();
            } else if (value instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
