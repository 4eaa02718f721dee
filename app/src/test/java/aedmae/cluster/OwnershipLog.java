package aedmae.cluster;

import java.util.ArrayList;
import java.util.List;

/** When each node held each camera open, to check that no camera was scored by two nodes at once. */
final class OwnershipLog {

    /** One stretch of a camera open on a node; {@code closedNanos} is Long.MAX_VALUE while open. */
    record Stretch(String camera, String node, long openedNanos, long closedNanos) {
    }

    private final List<Stretch> stretches = new ArrayList<>();

    synchronized void opened(String camera, String node) {
        stretches.add(new Stretch(camera, node, System.nanoTime(), Long.MAX_VALUE));
    }

    synchronized void closed(String camera, String node) {
        for (int i = stretches.size() - 1; i >= 0; i--) {
            Stretch s = stretches.get(i);
            if (s.camera().equals(camera) && s.node().equals(node) && s.closedNanos() == Long.MAX_VALUE) {
                stretches.set(i, new Stretch(camera, node, s.openedNanos(), System.nanoTime()));
                return;
            }
        }
    }

    /** Descriptions of every pair of stretches of one camera on two nodes that overlap in time. */
    synchronized List<String> overlaps() {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < stretches.size(); i++) {
            for (int j = i + 1; j < stretches.size(); j++) {
                Stretch a = stretches.get(i);
                Stretch b = stretches.get(j);
                if (a.camera().equals(b.camera()) && !a.node().equals(b.node())
                        && a.openedNanos() < b.closedNanos() && b.openedNanos() < a.closedNanos()) {
                    found.add(a + " and " + b);
                }
            }
        }
        return found;
    }
}
