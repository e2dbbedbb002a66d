package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.core.Disposable;

/**
 * Real network clients (aiohttp, httpx, websockets) inside coroutines on loop threads, against a real
 * aiohttp server in a process of its own; an asyncio server on a loop thread called by a plain Java
 * socket; and connections closed when their call is cancelled or the runtime closes. BlockHound is on.
 */
class NetworkClientsTest extends SharedRuntimeTest {

    private static TestHttpServer server;
    private static String baseUrl;

    @BeforeAll
    static void startServerProcess() throws IOException {
        server = TestHttpServer.start();
        baseUrl = server.baseUrl();
    }

    @AfterAll
    static void stopServerProcess() throws Exception {
        server.close();
    }

    @Test
    void aiohttpMakesConcurrentGetsThroughOneSession() {
        Object bodies = AwaitableFlux.mono(runtime, "ra_test.network:aiohttp_gets", baseUrl, 100).block(Duration.ofSeconds(30));
        assertThat(bodies).isEqualTo(IntStream.range(0, 100).mapToObj(i -> "hello " + i).toList());
    }

    @Test
    void httpxGetsJson() {
        Object json = AwaitableFlux.mono(runtime, "ra_test.network:httpx_json", baseUrl, 12).block(Duration.ofSeconds(30));
        assertThat(json).isEqualTo(Map.of("n", 12L, "square", 144L));
    }

    @Test
    void websocketsEchoes() {
        Object answers = AwaitableFlux.mono(runtime, "ra_test.network:websocket_echo",
                baseUrl.replace("http:", "ws:") + "/ws", List.of("one", "two", "three")).block(Duration.ofSeconds(30));
        assertThat(answers).isEqualTo(List.of("one", "two", "three"));
    }

    @Test
    void manyCallsEachWithTheirOwnConnectionOnSeveralLoops() {
        try (PythonRuntime twoLoops = TestRuntimes.builder().loopThreads(2).build()) {
            List<Object> bodies = reactor.core.publisher.Flux.range(0, 200)
                    .flatMap(i -> AwaitableFlux.mono(twoLoops, "ra_test.network:aiohttp_get_text", baseUrl + "/hello/" + i), 50)
                    .collectList().block(Duration.ofSeconds(60));
            assertThat(bodies).hasSize(200).allSatisfy(body -> assertThat((String) body).startsWith("hello "));
        }
    }

    @Test
    void anAsyncioServerOnALoopThreadAnswersAPlainJavaSocket() throws IOException {
        long port = (Long) AwaitableFlux.mono(runtime, "ra_test.network:start_echo_server").block(Duration.ofSeconds(10));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), (int) port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            for (String word : List.of("alpha", "beta")) {
                out.write((word + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(in.readLine()).isEqualTo(word.toUpperCase());
            }
        } finally {
            AwaitableFlux.mono(runtime, "ra_test.network:stop_echo_server", port).block(Duration.ofSeconds(10));
        }
    }

    @Test
    void aTimeoutInTheMiddleOfAReadClosesTheConnection() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            reactor.core.publisher.Mono<Object> read = AwaitableFlux.mono(runtime, "ra_test.network:read_until_closed",
                    listener.getLocalPort()).timeout(Duration.ofMillis(300));
            Disposable subscription = read.subscribe(v -> { }, e -> { });
            try (Socket peer = listener.accept()) {
                assertThat(closedByPeer(peer)).as("the server side sees the connection closed").isTrue();
            }
            subscription.dispose();
            assertThatThrownBy(read::block).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void disposingTheSubscriptionClosesTheConnection() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            Disposable subscription = AwaitableFlux.mono(runtime, "ra_test.network:read_until_closed",
                    listener.getLocalPort()).subscribe();
            try (Socket peer = listener.accept()) {
                subscription.dispose();
                assertThat(closedByPeer(peer)).isTrue();
            }
        }
    }

    @Test
    void closingTheRuntimeClosesConnectionsTheCoroutineLeftOpen() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            PythonRuntime closing = TestRuntimes.create();
            AwaitableFlux.mono(closing, "ra_test.network:hold_connection", listener.getLocalPort()).subscribe(v -> { }, e -> { });
            try (Socket peer = listener.accept()) {
                closing.close();
                assertThat(closedByPeer(peer)).isTrue();
            }
        }
    }

    /** Whether the peer closed: a read sees the end of the stream (or a reset) within 10 s. */
    private static boolean closedByPeer(Socket peer) throws IOException {
        peer.setSoTimeout(10_000);
        InputStream in = peer.getInputStream();
        try {
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
