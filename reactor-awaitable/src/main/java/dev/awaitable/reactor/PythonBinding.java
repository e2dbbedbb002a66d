package dev.awaitable.reactor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Java interface whose methods call the functions of one Python module ({@link PythonRuntime#bind}):
 * a method returning {@code Mono<R>} calls a coroutine function, one returning {@code Flux<R>} an
 * async generator, each result converted to {@code R} as typed results are. Everything is checked
 * when the interface is bound.
 */
final class PythonBinding implements InvocationHandler {

    /** The library's call that checks a bound interface against its module (not traced: not the application's work). */
    static final String CHECK = "reactor_awaitable._binding:check_functions";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

    /** How one method calls Python; a {@code Mono<Void>} method discards the result. */
    private record Binding(String target, boolean flux, ResultType<?> resultType, boolean discardsResult) {
    }

    private final PythonRuntime runtime;
    private final Class<?> api;
    private final Map<Method, Binding> bindings;

    private PythonBinding(PythonRuntime runtime, Class<?> api, Map<Method, Binding> bindings) {
        this.runtime = runtime;
        this.api = api;
        this.bindings = bindings;
    }

    static <T> T bind(PythonRuntime runtime, Class<T> api, String module) {
        if (!api.isInterface()) {
            throw new IllegalArgumentException(api.getName() + " is not an interface: bind an interface whose methods "
                    + "return Mono or Flux");
        }
        if (module == null || module.isBlank()) {
            throw new IllegalArgumentException("No Python module for " + api.getName() + ": annotate it with "
                    + "@PythonModule(\"module\") or pass the module to bind(api, module)");
        }
        List<String> problems = new ArrayList<>();
        List<Object> checks = new ArrayList<>();
        Map<Method, Binding> bindings = new HashMap<>();
        for (Method method : api.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || isObjectMethod(method)) {
                continue;
            }
            String shown = api.getSimpleName() + "." + method.getName() + "()";
            Class<?> returned = method.getReturnType();
            if (returned != Mono.class && returned != Flux.class) {
                problems.add(shown + " returns " + method.getGenericReturnType().getTypeName()
                        + ": a bound method returns Mono<R> (a coroutine function) or Flux<R> (an async generator)");
                continue;
            }
            PythonFunction named = method.getAnnotation(PythonFunction.class);
            String function = named != null ? named.value() : snakeCase(method.getName());
            boolean flux = returned == Flux.class;
            Type result = resultOf(method);
            bindings.put(method, new Binding(module + ":" + function, flux,
                    ResultType.ofType(result == Void.class ? Object.class : result), result == Void.class));
            checks.add(List.of(function, flux ? "flux" : "mono", method.getParameterCount(), shown));
        }
        if (!checks.isEmpty()) {
            Object found = AwaitableFlux.mono(runtime, CHECK, module, checks).block(CHECK_TIMEOUT);
            if (found instanceof List<?> mismatches) {
                mismatches.forEach(mismatch -> problems.add(String.valueOf(mismatch)));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot bind " + api.getName() + " to Python module '" + module + "':\n  "
                    + String.join("\n  ", problems));
        }
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api},
                new PythonBinding(runtime, api, Map.copyOf(bindings)));
        return api.cast(proxy);
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The R of Mono<R> or Flux<R>; Object (the value as it crossed) for a wildcard, a type variable or none. */
    private static Type resultOf(Method method) {
        if (method.getGenericReturnType() instanceof ParameterizedType parameterized) {
            Type argument = parameterized.getActualTypeArguments()[0];
            if (!(argument instanceof java.lang.reflect.WildcardType) && !(argument instanceof java.lang.reflect.TypeVariable<?>)) {
                return argument;
            }
        }
        return Object.class;
    }

    /** {@code stockEvents} → {@code stock_events}, {@code parseHTTPHeader} → {@code parse_http_header}. */
    static String snakeCase(String name) {
        return name.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Binding binding = bindings.get(method);
        if (binding == null) {
            return objectMethod(proxy, method, args);
        }
        if (binding.flux()) {
            return AwaitableFlux.flux(runtime, binding.resultType(), binding.target(), args);
        }
        Mono<?> call = AwaitableFlux.mono(runtime, binding.resultType(), binding.target(), args);
        return binding.discardsResult() ? call.then() : call;
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> api.getName() + " bound to Python (" + bindings.size() + " methods)";
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }
}
