package aedmae.cli;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A stand-in for another training process: locks DIR/.lock as a run does, says so, then waits to be killed. */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (ch.tryLock() == null) throw new IllegalStateException("already locked");
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
