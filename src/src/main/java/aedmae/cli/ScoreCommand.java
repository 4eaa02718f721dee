package aedmae.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the data pipeline is integrated. */
@Command(name = "score", description = "(not yet available)")
final class ScoreCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("aedmae score: not yet available in this build");
        return 0;
    }
}
