package uz.coffeeshop.it.console;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import uz.coffeeshop.it.support.CoffeeStackExtension;

/** Gives the console tests their {@link ConsoleShop}: started on first use, shared by the run, stopped at its end. */
final class ConsoleShopExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConsoleShop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return ConsoleShop.of(context, CoffeeStackExtension.stack(context));
    }
}
