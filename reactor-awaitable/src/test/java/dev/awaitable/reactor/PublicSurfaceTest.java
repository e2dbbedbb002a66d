package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Only the API is visible to applications on the module path; the loop machinery is not. */
class PublicSurfaceTest {

    @Test
    void theModuleExportsTheApiAndTheBlockHoundIntegrationOnly() throws Exception {
        Path classes = Path.of(PythonRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(classes).find("dev.awaitable.reactor").orElseThrow().descriptor();
        assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("dev.awaitable.reactor", "dev.awaitable.reactor.blockhound");
        assertThat(module.packages()).contains("dev.awaitable.reactor.loop");
        assertThat(module.isOpen()).isFalse();
        assertThat(module.opens()).isEmpty();
    }
}
