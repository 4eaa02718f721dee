package aedmae.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * The aedmae command-line tool. With no arguments it runs the embedded demo (a synthetic scene,
 * trained briefly, scored and evaluated); the subcommands are the method as a tool.
 *
 * <p>Errors: bad input (a file, a flag, a dataset) prints one line naming the problem and exits
 * with 2; an unexpected failure prints one line and exits with 1 (--verbose shows the stack trace).
 */
@Command(name = "aedmae", mixinStandardHelpOptions = true, version = "aedmae 0.1.0",
        description = "Self-Distilled Masked Auto-Encoders for video anomaly detection (AED-MAE, CVPR 2024) in pure Java.%n"
                + "Run with no arguments for the embedded demo, or with --data DIR [--preset P] to train and evaluate on a dataset.",
        subcommands = {DemoCommand.class, InfoCommand.class, ForwardCommand.class, BenchCommand.class,
                PrepareCommand.class, TrainCommand.class, ScoreCommand.class, EvalCommand.class, WatchCommand.class, WatchBenchCommand.class, ClusterCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Option(names = "--verbose", description = "show stack traces of errors", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        return new DemoCommand().call();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns the exit code (for tests). */
    public static int run(String... args) {
        System.setProperty("java.awt.headless", "true");
        // `aedmae --data DIR [--preset P ...]` is the main job on real data: train, then evaluate
        if (args.length > 0 && (args[0].equals("--data") || args[0].startsWith("--data=") || args[0].equals("--preset"))) {
            String[] withTrain = new String[args.length + 1];
            withTrain[0] = "train";
            System.arraycopy(args, 0, withTrain, 1, args.length);
            args = withTrain;
        }
        final String[] argv = args;
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean verbose = java.util.Arrays.asList(argv).contains("--verbose");
            if (verbose) e.printStackTrace();
            if (Errors.isBadInput(e)) {
                System.err.println("aedmae: " + Errors.oneLine(e));
                return 2;
            }
            System.err.println("aedmae: internal error: " + Errors.oneLine(e) + (verbose ? "" : " (run with --verbose for details)"));
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("aedmae: " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return 2;
        });
        return cl.execute(argv);
    }
}
