package dev.awaitable.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.awaitable.reactor.EventLoopKind;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code reactor.awaitable.*}: the settings of the application's {@code PythonRuntime}, named as the
 * builder's ({@code PythonRuntime.Builder}); unset ones keep the builder's defaults.
 */
@ConfigurationProperties(prefix = "reactor.awaitable")
public class ReactorAwaitableProperties {

    /** The Python to embed (a venv's {@code bin/python}); unset: the library's search. */
    private Path python;
    /** Directories put on {@code sys.path}, where the application's modules are. */
    private List<Path> paths = new ArrayList<>();
    /** Loop threads sharing one interpreter. */
    private Integer loopThreads;
    /** Loop threads each on an isolated sub-interpreter with its own GIL (Python 3.12+); replaces loopThreads. */
    private Integer isolatedLoops;
    /** The Python event loop the loop threads run: asyncio (default) or uvloop. */
    private EventLoopKind eventLoop;
    /** Cap of blocking-worker threads. */
    private Integer maxBlockingWorkers;
    /** Blocking jobs that may wait for a worker. */
    private Integer blockingQueueCapacity;
    /** How long an idle blocking worker lives. */
    private Duration blockingIdleTimeout;
    /** How long close() lets cancelled coroutines clean up. */
    private Duration shutdownGrace;
    /** Modules every loop imports before the application takes traffic. */
    private List<String> preload = new ArrayList<>();
    /** Log and count coroutine steps that hold a loop thread this long. */
    private Duration slowStepThreshold;
    /** Python's logging to SLF4J (python.* loggers). */
    private boolean pythonLogging = true;
    /** Reactor Context keys put in the MDC while Python code of a call logs. */
    private List<String> logContextKeys = new ArrayList<>();
    /** The modules reactor-awaitable-maven-plugin packed from src/main/python on sys.path. */
    private boolean applicationModules = true;

    public Path getPython() {
        return python;
    }

    public void setPython(Path python) {
        this.python = python;
    }

    public List<Path> getPaths() {
        return paths;
    }

    public void setPaths(List<Path> paths) {
        this.paths = paths;
    }

    public Integer getLoopThreads() {
        return loopThreads;
    }

    public void setLoopThreads(Integer loopThreads) {
        this.loopThreads = loopThreads;
    }

    public Integer getIsolatedLoops() {
        return isolatedLoops;
    }

    public void setIsolatedLoops(Integer isolatedLoops) {
        this.isolatedLoops = isolatedLoops;
    }

    public Integer getMaxBlockingWorkers() {
        return maxBlockingWorkers;
    }

    public void setMaxBlockingWorkers(Integer maxBlockingWorkers) {
        this.maxBlockingWorkers = maxBlockingWorkers;
    }

    public Integer getBlockingQueueCapacity() {
        return blockingQueueCapacity;
    }

    public void setBlockingQueueCapacity(Integer blockingQueueCapacity) {
        this.blockingQueueCapacity = blockingQueueCapacity;
    }

    public Duration getBlockingIdleTimeout() {
        return blockingIdleTimeout;
    }

    public void setBlockingIdleTimeout(Duration blockingIdleTimeout) {
        this.blockingIdleTimeout = blockingIdleTimeout;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public List<String> getPreload() {
        return preload;
    }

    public void setPreload(List<String> preload) {
        this.preload = preload;
    }

    public EventLoopKind getEventLoop() {
        return eventLoop;
    }

    public void setEventLoop(EventLoopKind eventLoop) {
        this.eventLoop = eventLoop;
    }

    public Duration getSlowStepThreshold() {
        return slowStepThreshold;
    }

    public void setSlowStepThreshold(Duration slowStepThreshold) {
        this.slowStepThreshold = slowStepThreshold;
    }

    public boolean isPythonLogging() {
        return pythonLogging;
    }

    public void setPythonLogging(boolean pythonLogging) {
        this.pythonLogging = pythonLogging;
    }

    public List<String> getLogContextKeys() {
        return logContextKeys;
    }

    public void setLogContextKeys(List<String> logContextKeys) {
        this.logContextKeys = logContextKeys;
    }

    public boolean isApplicationModules() {
        return applicationModules;
    }

    public void setApplicationModules(boolean applicationModules) {
        this.applicationModules = applicationModules;
    }
}
