// Runs the example's fat jar as a user would (java -jar, from another directory) and asks it for a
// page title: the handler's coroutine fetches the service's own home page with aiohttp.
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

File jar = new File(basedir, 'target/titles-1.0.0.jar')
assert jar.isFile() : "no fat jar at ${jar}"
assert new File(basedir, 'target/python-venv/bin/python').canExecute() : 'the plugin made no venv'

int port = new ServerSocket(0).withCloseable { it.localPort }
File log = new File(basedir, 'target/java-jar.log')
File elsewhere = File.createTempDir('titles-run', '')
String java = new File(System.getProperty('java.home'), 'bin/java').path
long started = System.nanoTime()
Process app = new ProcessBuilder(java, '-jar', jar.absolutePath, "--server.port=${port}", '--server.address=127.0.0.1')
        .directory(elsewhere).redirectErrorStream(true).redirectOutput(log).start()
try {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
    String home = URLEncoder.encode("http://127.0.0.1:${port}/", 'UTF-8')
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}/title?url=${home}"))
            .timeout(Duration.ofSeconds(30)).build()
    HttpResponse<String> response = null
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos()
    while (response == null) {
        assert app.alive : "java -jar exited (${app.exitValue()}):\n${log.text}"
        assert System.nanoTime() < deadline : "no answer within 120 s:\n${log.text}"
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString())
        } catch (IOException notListeningYet) {
            Thread.sleep(50)
        }
    }
    double seconds = (System.nanoTime() - started) / 1e9
    assert response.statusCode() == 200 : "HTTP ${response.statusCode()}: ${response.body()}\n${log.text}"
    assert response.body() == 'Hello from titles'
    String venv = new File(basedir, 'target/python-venv/bin/python').toPath().toAbsolutePath().normalize().toString()
    assert log.text.contains(venv) : "the runtime did not embed the plugin's venv (${venv}):\n${log.text}"
    println String.format('[getting-started] java -jar to the first served request: %.2f s', seconds)
} finally {
    app.destroy()
    app.waitFor()
    elsewhere.deleteDir()
}
return true
