package dev.lightbulb.backend;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.*;

/** Training ops are a capability: the CPU backend has them; a backend without them says so when asked. */
class TrainingOpsAvailabilityTest {

    @Test
    void theCpuBackendOffersTrainingOps() {
        try (Backend cpu = new CpuBackend()) {
            assertNotNull(cpu.trainingOps());
        }
    }

    @Test
    void aForwardOnlyBackendGivesAClearError() {
        // a backend that implements only the forward SPI (here: name() and nothing else) keeps the default
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("name")) return "forward-only";
            if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
            throw new UnsupportedOperationException(method.getName());
        };
        Backend b = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, handler);
        LightbulbException e = assertThrows(LightbulbException.class, b::trainingOps);
        assertEquals("the forward-only backend does not offer the training ops (finetuning runs on --backend cpu)", e.getMessage());
    }
}
