package dev.awaitable.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.awaitable.reactor.PythonRuntime;
import dev.awaitable.spring.boot.app.StarterTestApplication;
import dev.awaitable.spring.boot.app.StarterTestApplication.Greetings;

/**
 * The starter in a real application over real HTTP: the runtime built from application.properties,
 * a {@code @PythonModule} interface injected and serving a route, {@code python} in
 * {@code /actuator/health}, the runtime's meters in {@code /actuator/metrics}.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterTest {

    @Autowired
    PythonRuntime runtime;
    @Autowired
    Greetings greetings;
    @Autowired
    WebTestClient http;

    @Test
    void theRuntimeIsBuiltFromTheProperties() {
        assertThat(runtime.loopThreads()).isEqualTo(2);
        assertThat(greetings.isImported("starter_app.preloaded_marker").block()).as("preloaded").isTrue();
    }

    @Test
    void anAnnotatedInterfaceIsABeanServingARoute() {
        http.get().uri("/greet/ana").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("hello ana");
    }

    @Test
    void healthShowsThePythonRuntime() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.python.status").isEqualTo("UP")
                .jsonPath("$.components.python.details.loopThreads").isEqualTo(2)
                .jsonPath("$.components.python.details.python").isEqualTo(runtime.pythonVersion());
    }

    @Test
    void theRuntimesMetersAreInBootsRegistry() {
        http.get().uri("/greet/bo").exchange().expectStatus().isOk();
        http.get().uri("/actuator/metrics/reactor.awaitable.calls").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("reactor.awaitable.calls");
    }
}
