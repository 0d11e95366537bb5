package uz.coffeeshop.it.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives tests the running {@link CoffeeStack}: started on first use, kept in the root context's store so that the
 * whole suite shares one start, and stopped when the run ends. Use it through {@link CoffeeStackTest}. Puts
 * Keycloak's clock back after a test that moved it, so that no other test meets the moved time.
 */
public final class CoffeeStackExtension implements ParameterResolver, AfterEachCallback {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CoffeeStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    public static CoffeeStack stack(ExtensionContext context) {
        return store(context)
                .computeIfAbsent(RunningStack.class, key -> RunningStack.attempt(), RunningStack.class)
                .stack();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RunningStack running = store(context).get(RunningStack.class, RunningStack.class);
        if (running != null
                && running.started() != null
                && running.started().clock().isMoved()) {
            running.started().clock().reset();
        }
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(CoffeeStackExtension.class));
    }

    /**
     * The one start of the run, or why it failed: a failed start is remembered, so that every test reports the
     * same cause at once instead of each trying again for minutes. Stops the stack when JUnit closes the store.
     */
    private record RunningStack(CoffeeStack started, RuntimeException failure) implements AutoCloseable {

        static RunningStack attempt() {
            try {
                return new RunningStack(CoffeeStack.start(), null);
            } catch (RuntimeException e) {
                return new RunningStack(null, e);
            }
        }

        CoffeeStack stack() {
            if (failure instanceof TestAbortedException skipped) {
                throw skipped; // container mode without a Docker engine: every test skipped with the same notice
            }
            if (failure != null) {
                throw new IllegalStateException("the coffee stack did not start: " + failure.getMessage(), failure);
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }
}
