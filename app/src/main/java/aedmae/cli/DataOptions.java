package aedmae.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that read a dataset. */
final class DataOptions {
    @Option(names = "--data", required = true, description = "dataset folder (ped2-style, UCSD, Avenue, ShanghaiTech), a folder of videos, a frame folder or a video file")
    Path data;

    @Option(names = "--cache", description = "cache folder for decoded frames and gradients (default ./cache/<dataset>-<H>x<W>)")
    Path cache;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads for the model (0 = all cores)")
    int threads;
}
