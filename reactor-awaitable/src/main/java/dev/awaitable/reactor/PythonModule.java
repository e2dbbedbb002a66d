package dev.awaitable.reactor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The Python module an interface stands for, for {@link PythonRuntime#bind(Class)}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PythonModule {

    /** @return the module's name, e.g. {@code "shop"} or {@code "myapp.shop"} */
    String value();
}
