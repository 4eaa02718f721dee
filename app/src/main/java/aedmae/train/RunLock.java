package aedmae.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An operating-system lock on a run folder (a {@link FileLock} on {@code DIR/.lock}), held while a
 * training writes there: a second training on the same folder, from any process, is refused with
 * one line instead of interleaving metrics and mixing checkpoints. The OS releases the lock when
 * its process ends, a crash or a kill -9 included, so a stale .lock file never blocks a run.
 * Re-entrant for the thread that holds it (the CLI holds it around training and evaluation, the
 * trainer around training).
 */
public final class RunLock implements AutoCloseable {
    private static final Map<Path, RunLock> HELD = new HashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread owner;
    private int holds = 1;

    private RunLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.owner = Thread.currentThread();
    }

    /**
     * Locks the run folder (created if missing).
     *
     * @throws IOException naming the folder when another training holds it
     */
    public static RunLock acquire(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path key = runDir.toRealPath();
        synchronized (HELD) {
            RunLock mine = HELD.get(key);
            if (mine != null) {
                if (mine.owner != Thread.currentThread()) throw inUse(runDir, "another training in this process");
                mine.holds++;
                return mine;
            }
            Path file = key.resolve(".lock");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException e) {
                ch.close();
                throw new IOException(file + ": cannot lock the run folder: " + e.getMessage(), e);
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw inUse(runDir, holder.isEmpty() ? "another training" : "another training (" + holder + ")");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            RunLock l = new RunLock(key, ch, lock);
            HELD.put(key, l);
            return l;
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static IOException inUse(Path dir, String who) {
        return new IOException(dir + ": run folder in use by " + who + "; wait for it to finish or choose another --out");
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (--holds > 0) return;
            HELD.remove(key);
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
