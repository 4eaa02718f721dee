package aedmae.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the data pipeline is integrated. */
@Command(name = "train", description = "(not yet available)")
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("aedmae train: not yet available in this build");
        return 0;
    }
}
