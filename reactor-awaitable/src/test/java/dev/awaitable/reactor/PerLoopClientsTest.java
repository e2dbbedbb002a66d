package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import reactor.core.publisher.Flux;

/**
 * A module-level aiohttp session and asyncpg pool, each made per loop with
 * {@code reactor_awaitable.per_loop}, against a real HTTP server process and a real PostgreSQL: many
 * calls on two loop threads, each loop with its own instance, closed with the runtime, and a new
 * runtime (new loops) gets new ones.
 */
class PerLoopClientsTest {

    private static TestHttpServer server;
    private static EmbeddedPostgres postgres;
    private static String dsn;

    @BeforeAll
    static void startServers() throws Exception {
        server = TestHttpServer.start();
        postgres = EmbeddedPostgres.builder().start();
        dsn = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY)");
            statement.execute("INSERT INTO orders SELECT generate_series(1, 7)");
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void useFromManyCallsOnEveryLoop(PythonRuntime python) {
        AwaitableFlux.mono(python, "ra_test.per_loop_clients:configure", dsn).block();
        List<Object> texts = Flux.range(0, 40).flatMap(i -> AwaitableFlux.mono(python,
                "ra_test.per_loop_clients:fetch_text", server.baseUrl() + "/hello/n" + i), 20).collectList()
                .block(Duration.ofSeconds(60));
        assertThat(texts).hasSize(40).allSatisfy(text -> assertThat((String) text).startsWith("hello n"));
        List<Object> counts = Flux.range(0, 40).flatMap(i -> AwaitableFlux.mono(python,
                "ra_test.per_loop_clients:order_count"), 20).collectList().block(Duration.ofSeconds(60));
        assertThat(counts).hasSize(40).containsOnly(7L);
    }

    @Test
    void eachLoopUsesItsOwnSessionAndPoolWhichCloseWithTheRuntimeAndANewRuntimeMakesNewOnes() {
        PythonRuntime first = TestRuntimes.builder().loopThreads(2).build();
        useFromManyCallsOnEveryLoop(first);
        // round robin: the two calls land on the two loops; each loop holds one session and one pool
        assertThat(AwaitableFlux.mono(first, "ra_test.per_loop_clients:remember_instances").block()).isNotNull();
        assertThat(AwaitableFlux.mono(first, "ra_test.per_loop_clients:remember_instances").block())
                .isEqualTo(List.of(2L, 2L));
        first.close();
        try (PythonRuntime second = TestRuntimes.builder().loopThreads(2).build()) {
            assertThat(AwaitableFlux.mono(second, "ra_test.per_loop_clients:all_seen_closed").block())
                    .as("the first runtime's sessions and pools were closed with its loops").isEqualTo(true);
            useFromManyCallsOnEveryLoop(second);
        }
    }
}
