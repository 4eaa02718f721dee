package aedmae.tensor.cuda;

import aedmae.tensor.Backends;
import aedmae.tensor.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs everywhere: the probe never throws and explains itself in one line. */
class CudaAvailabilityTest {
    @Test
    void probeAgreesWithBackendsAndNeverThrows() {
        boolean available = CudaBackend.isAvailable();
        assertEquals(available, Backends.cudaAvailable());
        String reason = CudaBackend.unavailableReason();
        assertEquals(reason, Backends.cudaUnavailableReason());
        if (available) {
            assertNull(reason);
        } else {
            assertNotNull(reason);
            assertFalse(reason.isBlank());
            assertFalse(reason.contains("\n"), "the reason must be one line: " + reason);
            assertTrue(reason.length() < 300, reason);
        }
    }

    @Test
    void openingWithoutCudaFailsWithTheReason() {
        if (CudaBackend.isAvailable()) return; // nothing to check on a GPU machine
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.get(Device.cuda(0)));
        assertTrue(e.getMessage().contains(CudaBackend.unavailableReason()), e.getMessage());
    }

    @Test
    void aMissingDriverLibraryIsNamedPlainly() {
        String r = CudaAvailability.driverLoadReason(new UnsatisfiedLinkError(
                "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\nlibcuda.so.1: cannot open shared object file"));
        assertEquals("no NVIDIA driver (libcuda.so.1 cannot be loaded)", r);
        String other = CudaAvailability.driverLoadReason(new UnsatisfiedLinkError("first line\nsecond line"));
        assertFalse(other.contains("\n"));
        assertTrue(other.contains("first line"));
    }
}
