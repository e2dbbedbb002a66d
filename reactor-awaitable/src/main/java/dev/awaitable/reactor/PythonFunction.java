package dev.awaitable.reactor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Python function a method of a bound interface calls, when it is not the snake_case of the
 * method's name ({@code stockEvents} calls {@code stock_events} without it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PythonFunction {

    /** @return the function's name in the module (a dotted attribute path is allowed) */
    String value();
}
